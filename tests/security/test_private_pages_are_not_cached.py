"""No browser or proxy keeps a page of a signed-in person, nor the sign-in and password reset pages.

On a shared phone, the Back button after sign-out must not bring back
someone's learning, answers or account; a proxy between a field office and
the site must not keep them either. Static files and block assets keep
their year of caching: their URLs change with their content.
"""
import pytest

from lms_app.accounts.password_reset import reset_token

from .conftest import ROLES, form_token
from .test_authorisation_matrix import all_rows

GET_ROUTES = sorted(rule for method, rule in all_rows() if method == "GET")
# Public files, the same for everyone; their URLs carry a content hash or a version.
PUBLIC_FILES = {"/static/<path:filename>", "/xblock/resource/<block_type>/<path:uri>", "/xblock/bundle.<kind>",
                "/media/<course_slug>/<path:filename>"}
SIGN_IN_PAGES = ["/signin", "/signup", "/forgot-password", "/reset-password"]


@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_no_page_of_a_signed_in_person_may_be_stored(world, client_as, role):
    client = client_as(role)
    for rule in GET_ROUTES:
        url = all_rows()[("GET", rule)].url_for(world, role)
        response = client.get(url)
        cache_control = response.headers.get("Cache-Control", "")
        if rule in PUBLIC_FILES:
            assert "public" in cache_control and "max-age=" in cache_control, (rule, cache_control)
        else:
            assert "no-store" in cache_control, (role, rule, response.status_code, cache_control)


@pytest.mark.parametrize("url", SIGN_IN_PAGES)
def test_sign_in_and_password_pages_are_not_stored_for_visitors_either(client, url):
    assert "no-store" in client.get(url).headers["Cache-Control"]


def test_the_reset_link_itself_is_not_stored_and_sends_no_referer(client, make_user):
    response = client.get(f"/reset-password/{reset_token(make_user('amina', email='amina@example.org'))}")
    assert response.status_code == 303
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_public_pages_stay_cacheable_for_visitors(world, client):
    """Only what is personal loses caching: a visitor's catalogue page says nothing about caching."""
    for url in ("/", "/courses/safe-practice", "/privacy"):
        assert "Cache-Control" not in client.get(url).headers, url


def test_a_page_refused_after_sign_out_is_not_served_from_a_cache(world, app, client_as):
    """Sign out, then Back: the browser must ask again, and gets the sign-in page."""
    client = client_as("learner")
    assert client.get("/my-learning").headers["Cache-Control"] == "no-store"
    client.post("/signout", data={"csrf_token": form_token(client, "/my-learning")})
    again = client.get("/my-learning")
    assert again.status_code == 302 and again.headers["Location"].startswith("/signin")

