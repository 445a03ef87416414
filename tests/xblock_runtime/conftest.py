"""A course with a pre-test (one attempt per question), published through the real engine,
and a live threaded server for the tests that need real concurrent requests."""
import json
import re
import threading
import urllib.error
import urllib.request

import pytest

from ..conftest import csrf_token, publish_course, sign_in

COURSE_YAML = """\
title: {en: "Pre-test course"}
languages: [en]
summary: {en: "A course whose pre-test allows one attempt per question."}
level: entry
pass_mark: 50
version: "1"
pre_test: 00-pre-test
"""

PRE_TEST = """\
---
title: Before you start
duration: 5 min
cpms:
  standards: [18]
---

What do you know already?

```quiz
id: first-step

What should you do **first** when a child tells you something worrying?

(x) Listen calmly
( ) Promise to keep it secret
```
"""

MODULE = """\
---
title: Listening
duration: 10 min
cpms:
  standards: [18]
---

Read about listening.

```quiz
id: listen

Listening is the first step.

(x) True
( ) False
```
"""

FORM_RE = re.compile(r'<form class="cp-quiz-form" method="post" action="([^"]+)".*?name="idempotency_key" value="([^"]+)"', re.S)
RADIO_RE = re.compile(r'<input type="radio" name="answer" value="([^"]+)" id="([^"]+)"><label for="\2">([^<]*)<')


@pytest.fixture
def pre_test_course(app, tmp_path):
    return publish_course(tmp_path / "content" / "pre-test-course", {
        "course.yaml": COURSE_YAML, "modules/00-pre-test.md": PRE_TEST, "modules/01-listening.md": MODULE,
    }, tmp_path / "media")


@pytest.fixture
def pre_test_learner(client, make_user, pre_test_course):
    """A signed-in learner enrolled in the pre-test course."""
    user = make_user("amina")
    sign_in(client)
    client.post("/courses/pre-test-course/enrol", data={"csrf_token": csrf_token(client, "/courses/pre-test-course")})
    return user


def quiz_forms(html: str) -> list[tuple[str, str]]:
    """(action URL, idempotency key) of every quiz form on the page, in order."""
    return [(action.replace("&amp;", "&"), key) for action, key in FORM_RE.findall(html)]


def choice_key(html: str, label: str) -> str:
    """The opaque value of the radio whose label is `label`."""
    for value, _id, text in RADIO_RE.findall(html):
        if text.strip() == label:
            return value
    raise AssertionError(f"no radio labelled {label!r}")


class LiveServer:
    """The app under a real threaded WSGI server, so that requests really overlap."""

    def __init__(self, app):
        from werkzeug.serving import make_server

        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._thread.join(timeout=30)

    def post_json(self, path: str, payload: dict, cookie: str) -> tuple[int, dict]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self._server.server_port}{path}", data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json", "Accept": "application/json", "Cookie": f"session={cookie}"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, body = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read()
        try:
            return status, json.loads(body)
        except ValueError:
            return status, body.decode("utf-8", "replace")  # an error page: shown by the failing assert


def run_together(count: int, work) -> list:
    """Call `work(i)` in `count` threads released at the same moment; the results in order."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(index):
        barrier.wait(timeout=30)
        try:
            results[index] = work(index)
        except Exception as error:  # noqa: BLE001 - reported by the test's asserts
            results[index] = (None, repr(error))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results
