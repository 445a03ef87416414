"""Files are served from their own folders only: course media, block assets, static files."""
from pathlib import Path

import pytest


@pytest.mark.parametrize("url", [
    "/media/%2e%2e/secret_key",
    "/media/../secret_key",
    "/media/..%2fsecret_key",
    "/media/safe-practice/..%2F..%2Fsecret_key",
    "/media/safe-practice/../../secret_key",
    "/media/./secret_key",
])
def test_media_route_never_serves_the_instance_folder(app, world, client, url):
    """The instance folder holds the secret key and, by default, the SQLite database."""
    secret = (Path(app.instance_path) / "secret_key").read_bytes()
    response = client.get(url)
    assert response.status_code == 404
    assert secret not in response.get_data()


def test_media_route_still_serves_the_courses_files(world, client):
    response = client.get(f"/media/{world.course_slug}/{world.media_name}")
    assert response.status_code == 200 and response.mimetype == "image/png"


@pytest.mark.parametrize("url", [
    "/xblock/resource/cp_single_choice/public/../../setup.cfg",
    "/xblock/resource/cp_single_choice/public/..%2F..%2Fsetup.cfg",
    "/xblock/resource/cp_single_choice/base.py",
    "/xblock/resource/cp_single_choice/templates/layout.html",
    "/xblock/resource/thumbs/public/thumbs.js",  # installed, but not on the allow-list
    "/xblock/bundle.css?p=cp_single_choice:public/../../setup.cfg",
    "/xblock/bundle.js?p=cp_single_choice:base.py",
    "/xblock/bundle.js?p=os:public/x.js",
    "/xblock/bundle.py?p=cp_single_choice:public/quiz.css",
    "/xblock/bundle.css?p=cp_single_choice:public/quiz.css%00",
    "/static/../lms_app/config.py",
    "/static/..%2F__init__.py",
])
def test_block_and_static_files_never_leave_their_public_folders(client, url):
    response = client.get(url)
    assert response.status_code in (400, 404), f"{url}: {response.status_code}"
    body = response.get_data()
    assert b"import" not in body and b"[metadata]" not in body
