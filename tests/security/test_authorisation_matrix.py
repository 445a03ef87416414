"""Every route of the app, and who may reach it.

`ROUTES` lists every (method, URL rule) of the application with who may use
it. The test walks the app's URL map: a route added without a row here, or
a row whose route is gone, fails `test_every_route_has_a_row`. Then every
row is requested by every role and must answer the status its rule gives
(see access_rules.expected_status): denied visitors are sent to sign in,
denied accounts get 403, and another person's record is 404.
"""
import re

import pytest

from lms_app.accounts.password_reset import reset_token

from ..conftest import TEST_PASSWORD
from .access_rules import (ADMIN, AUTHOR, ENROLLED, OWNER, PUBLIC, SIGN_IN_REDIRECT, SIGNED_IN, SIGNED_OUT,
                           Route, expected_status)
from .conftest import ROLES, form_token
from .facilitate_routes import FACILITATE_ROUTES

NEW_PASSWORD = "a brand new passphrase"

ROUTES = {
    # Catalogue and public pages
    ("GET", "/"): Route("/", PUBLIC),
    ("GET", "/privacy"): Route("/privacy", PUBLIC),
    ("GET", "/static/<path:filename>"): Route("/static/style.css", PUBLIC),
    ("GET", "/courses/<course_slug>"): Route("/courses/{course_slug}", PUBLIC),
    ("GET", "/media/<course_slug>/<path:filename>"): Route("/media/{course_slug}/{media_name}", PUBLIC),
    ("GET", "/verify"): Route("/verify", PUBLIC),
    ("GET", "/verify/<code>"): Route("/verify/{certificate_code}", PUBLIC),
    ("GET", "/xblock/resource/<block_type>/<path:uri>"): Route("/xblock/resource/cp_single_choice/public/quiz.css",
                                                              PUBLIC),
    ("GET", "/xblock/bundle.<kind>"): Route("/xblock/bundle.css?p=cp_single_choice:public/quiz.css", PUBLIC),
    # Accounts
    ("GET", "/signup"): Route("/signup", SIGNED_OUT),
    ("POST", "/signup"): Route("/signup", SIGNED_OUT, ok=303, data={
        "username": "newcomer", "display_name": "Newcomer", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD,
        "organisation_type": "", "work_role": "", "country": ""}),
    ("GET", "/signin"): Route("/signin", PUBLIC),
    ("POST", "/signin"): Route("/signin", PUBLIC, ok=303, data={"username": "amina", "password": TEST_PASSWORD}),
    ("POST", "/signout"): Route("/signout", PUBLIC, ok=303),
    ("POST", "/language"): Route("/language", PUBLIC, ok=303, data={"language": "fr", "next": "/"}),
    # Password reset: open to everyone, signed in or not (a link may be opened on a phone where someone else is
    # signed in). Without e-mail (the matrix's world), asking answers with whom to ask instead; the reset page
    # without a link from a mail is the "link cannot be used" page (400).
    ("GET", "/forgot-password"): Route("/forgot-password", PUBLIC),
    ("POST", "/forgot-password"): Route("/forgot-password", PUBLIC, data={"login": "amina"}),
    ("GET", "/reset-password/<token>"): Route(
        lambda world, role: f"/reset-password/{reset_token(world.users['learner'])}", PUBLIC, ok=303),
    ("GET", "/reset-password"): Route("/reset-password", PUBLIC, ok=400),
    ("POST", "/reset-password"): Route("/reset-password", PUBLIC, ok=303, data=lambda world: {
        "token": reset_token(world.users["learner"]), "new": NEW_PASSWORD, "confirm": NEW_PASSWORD}),
    ("GET", "/account"): Route("/account", SIGNED_IN),
    ("POST", "/account"): Route("/account", SIGNED_IN, ok=303, data={
        "current": TEST_PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD}),
    # Learning
    ("POST", "/courses/<course_slug>/enrol"): Route("/courses/{course_slug}/enrol", SIGNED_IN, ok=303),
    ("GET", "/courses/<course_slug>/<module_slug>"): Route("/courses/{course_slug}/{module_slug}", ENROLLED),
    ("GET", "/my-learning"): Route("/my-learning", SIGNED_IN),
    # Each role posts with the handler URL its own module page would give it;
    # the anonymous visitor borrows the learner's.
    ("POST", "/xblock/<path:usage_id>/handler/<handler>"): Route(
        lambda world, role: world.handler_url(role), ENROLLED, ok=303,
        data={"answer": "c1", "idempotency_key": "matrix-key-0001"}),
    ("POST", "/xblock/<path:usage_id>/handler/<handler>/<path:suffix>"): Route(
        lambda world, role: world.handler_url(role).replace("/handler/submit?", "/handler/submit/extra?"),
        ENROLLED, ok=303, data={"answer": "c1", "idempotency_key": "matrix-key-0002"}),
    # Certificates
    ("GET", "/certificates/<course_slug>"): Route("/certificates/{course_slug}", SIGNED_IN),
    # Only the holder may rename a certificate; the others hold none for this course.
    ("POST", "/certificates/<course_slug>"): Route("/certificates/{course_slug}", OWNER, ok=303,
                                                   data={"name": "Amina Uwase"}),
    ("GET", "/certificates/<code>.pdf"): Route("/certificates/{certificate_code}.pdf", OWNER),
    ("GET", "/admin/certificates"): Route("/admin/certificates?code={certificate_code}", ADMIN),
    ("POST", "/admin/certificates/<int:certificate_id>/revoke"): Route(
        "/admin/certificates/{certificate_id}/revoke", ADMIN, ok=303, data={"reason": "Issued by mistake"}),
    # My data
    ("GET", "/my-data"): Route("/my-data", SIGNED_IN),
    ("GET", "/my-data/export.json"): Route("/my-data/export.json", SIGNED_IN),
    ("GET", "/my-data/export.zip"): Route("/my-data/export.zip", SIGNED_IN),
    ("POST", "/my-data/delete"): Route("/my-data/delete", SIGNED_IN, ok=303,
                                       data={"password": TEST_PASSWORD, "confirm": "y"}),
    # Authoring and administration
    ("GET", "/author"): Route("/author", AUTHOR),
    ("GET", "/author/<slug>"): Route("/author/{course_slug}", AUTHOR),
    ("GET", "/author/<slug>/<module_slug>"): Route("/author/{course_slug}/{module_slug}", AUTHOR),
    ("GET", "/admin/users"): Route("/admin/users", ADMIN),
    ("POST", "/admin/users/<int:user_id>/roles"): Route("/admin/users/{other_learner_id}/roles", ADMIN, ok=303,
                                                        data={"is_author": "y"}),
    # The answer is the page showing the one-time password, once.
    ("POST", "/admin/users/<int:user_id>/one-time-password"): Route(
        "/admin/users/{other_learner_id}/one-time-password", ADMIN),
}

def app_routes(app) -> dict[tuple[str, str], str]:
    """(method, rule) -> endpoint for every route of the app."""
    routes = {}
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes[(method, rule.rule)] = rule.endpoint
    return routes


def all_rows() -> dict:
    return {**ROUTES, **FACILITATE_ROUTES}


def test_every_route_has_a_row(app):
    routes = set(app_routes(app))
    rows = set(all_rows())
    assert not routes - rows, f"routes without a row in the authorisation matrix: {sorted(routes - rows)}"
    assert not rows - routes, f"rows for routes that no longer exist: {sorted(rows - routes)}"


def request_as(client, route: Route, method: str, world, role: str):
    url = route.url_for(world, role)
    if method == "GET":
        return client.get(url)
    data = route.form_for(world)
    if "/xblock/" not in url:  # block handlers carry their signed token in the URL instead
        data["csrf_token"] = form_token(client)
    return client.post(url, data=data)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method, rule", sorted(all_rows()), ids=lambda value: value)
def test_role_gets_the_status_the_matrix_gives(world, client_as, method, rule, role):
    route = all_rows()[(method, rule)]
    client = client_as(role)
    response = request_as(client, route, method, world, role)
    expected = expected_status(route, role)
    assert response.status_code == expected, (
        f"{method} {rule} as {role}: {response.status_code}, expected {expected} ({route.who})")
    if expected == SIGN_IN_REDIRECT and route.who != SIGNED_OUT:
        assert re.match(r"^/signin\?next=", response.headers["Location"]), response.headers["Location"]
