"""Horizontal scale, shown: two gunicorn servers on one PostgreSQL and one Redis share sessions and rate limits."""
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from lms_app.accounts.models import User
from lms_app.extensions import db

from ..conftest import TEST_PASSWORD, redis_reachable

DATABASE_URL = os.environ.get("LMS_DATABASE_URL", "")
REDIS_URL = "redis://127.0.0.1:6379/15"


pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not DATABASE_URL.startswith("postgresql"), reason="needs LMS_DATABASE_URL on PostgreSQL"),
    pytest.mark.skipif(not redis_reachable(), reason="needs Redis on 127.0.0.1:6379"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def two_servers(app, tmp_path):
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    env = dict(os.environ, LMS_DATABASE_URL=DATABASE_URL, LMS_REDIS_URL=REDIS_URL,
               LMS_SECRET_KEY="shared-secret-of-the-deployment", LMS_LOGIN_RATE_LIMIT="4 per 15 minutes")
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    servers, urls = [], []
    for n in range(2):
        port = _free_port()
        instance = tmp_path / f"instance{n}"  # each server its own disk, as on two machines
        servers.append(subprocess.Popen(
            [gunicorn, "--workers", "1", "--bind", f"127.0.0.1:{port}", "lms_app:create_app()"],
            env=dict(env, LMS_INSTANCE_PATH=str(instance)), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url in urls:
            deadline = time.monotonic() + 60  # workers import XBlock and Django's pieces: seconds
            while True:
                try:
                    urllib.request.urlopen(url + "/signin", timeout=5)
                    break
                except OSError:  # refused, reset or timed out while the workers boot
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
        yield urls
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
        redis.Redis.from_url(REDIS_URL).flushdb()


def _browser():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)), jar


def _sign_in(opener, base: str, username: str, password: str) -> int:
    page = opener.open(base + "/signin").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"username": username, "password": password, "csrf_token": token}).encode()
    try:
        return opener.open(base + "/signin", data=data).status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_learner_signs_in_on_one_server_and_continues_on_the_other(two_servers, make_user):
    make_user("amina", display_name="Amina")
    first, second = two_servers
    opener, jar = _browser()
    assert _sign_in(opener, first, "amina", TEST_PASSWORD) == 200
    # The cookie is for 127.0.0.1 whatever the port, as a load balancer would present one host.
    page = opener.open(second + "/my-learning").read().decode()
    assert "Sign out" in page and "/signin" not in opener.open(second + "/my-learning").geturl()


def test_the_sign_in_limit_is_shared_by_both_servers(two_servers, make_user):
    make_user("amina")
    first, second = two_servers
    statuses = []
    for base in (first, second, first, second, first):
        opener, _ = _browser()
        statuses.append(_sign_in(opener, base, "amina", "wrong password"))
    assert statuses[:4] == [400, 400, 400, 400]
    assert statuses[4] == 429  # the fifth attempt, whichever server gets it
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(User.id))) == 1
