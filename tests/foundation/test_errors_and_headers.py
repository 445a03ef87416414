import pytest


def test_security_headers_on_every_page(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("path, method, status", [
    ("/no-such-page", "get", 404),
    ("/signout", "get", 405),
    ("/admin/users/1/roles", "get", 405),
])
def test_error_pages_use_the_site_layout(client, path, method, status):
    response = getattr(client, method)(path)
    assert response.status_code == status
    page = response.get_data(as_text=True)
    assert '<main id="main">' in page and "Traceback" not in page
    assert "not a channel for reporting safeguarding incidents" in page


def test_too_large_request_gets_413_page(client):
    response = client.post("/signin", data={"username": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)


def test_unexpected_error_gets_a_friendly_500(tmp_path):
    from lms_app import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}"}, instance_path=str(tmp_path))

    @app.route("/boom-for-test")
    def boom():
        raise RuntimeError("boom")

    response = app.test_client().get("/boom-for-test")
    assert response.status_code == 500
    assert "Nothing you saved before is lost" in response.get_data(as_text=True)


def test_error_pages_are_translated(client):
    response = client.get("/no-such-page", headers={"Accept-Language": "fr"})
    assert '<html lang="fr"' in response.get_data(as_text=True)
