"""Resident memory of one gunicorn worker before and after 10,000 learner requests.

gunicorn runs the app with one worker (gthread, 4 threads, as in
bench_http.py) over a fresh SQLite database (or LMS_DATABASE_URL) with
content/ published. Eight signed-in learners send, in turns, a mix of module
page views (4 in 10), course page views (2 in 10) and quiz submissions (4 in
10, each with a new idempotency key, so each stores an attempt), from 4
client threads with keep-alive connections. The worker's RSS is read from
/proc (Linux) after 100 requests of warm-up, then after every 2,000 of the
next 10,000. Goal: no unbounded growth, i.e. RSS levels off instead of
rising with every batch.

Run: .venv/bin/python bench/bench_memory.py [--requests 10000] [--markdown]
"""
import argparse
import http.client
import itertools
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_scale import PASSPHRASE, enrol, make_app, publish_content, quiz_submissions, sign_in  # noqa: E402

GUNICORN = [str(Path(sys.executable).parent / "gunicorn"), "-k", "gthread", "-w", "1", "--threads", "4",
            "--log-level", "warning"]
PORT = 8711
LEARNERS = 8
CLIENT_THREADS = 4
WARM_UP = 100
CHECKPOINTS = 5
COURSE, MODULE = "cpms-essentials", "why-protection"


def _prepare(instance: Path, env: dict) -> list[dict]:
    """Migrate, publish content/, sign learners in; each learner's cookie and their quizzes' handler URLs."""
    from flask_migrate import upgrade

    from lms_app.accounts.service import create_user

    app = make_app(env["LMS_DATABASE_URL"], instance)
    app.config["SECRET_KEY"] = env["LMS_SECRET_KEY"]
    with app.app_context():
        upgrade()
    publish_content(app)
    learners = []
    for number in range(LEARNERS):
        with app.app_context():
            create_user(f"memory-learner-{number}", "Learner", PASSPHRASE)
        client = app.test_client()
        sign_in(client, f"memory-learner-{number}")
        enrol(client, COURSE)
        page = client.get(f"/courses/{COURSE}/{MODULE}").get_data(as_text=True)
        learners.append({"cookie": client.get_cookie("session").value,
                         "quizzes": quiz_submissions(page, "first" if number % 2 else "last")})
    return learners


def _requests(learners: list[dict]):
    """An endless mix of (method, path, body, learner) in the proportions of the docstring."""
    counter = itertools.count()
    while True:
        for kind in ("module", "submit", "course", "module", "submit", "module", "submit", "course", "module",
                     "submit"):
            number = next(counter)
            learner = learners[number % len(learners)]
            if kind == "module":
                yield "GET", f"/courses/{COURSE}/{MODULE}", None, learner
            elif kind == "course":
                yield "GET", f"/courses/{COURSE}", None, learner
            else:
                action, fields = learner["quizzes"][number % len(learner["quizzes"])]
                # Posted as the page's form is without JavaScript; a new key, so a new attempt.
                yield "POST", action, urlencode({**fields, "idempotency_key": f"memory-{number:09d}"}), learner


def _send(requests, count: int) -> int:
    """Send `count` requests from CLIENT_THREADS keep-alive connections; returns how many were not 2xx/3xx."""
    lock, errors = threading.Lock(), [0]
    remaining = [count]

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        while True:
            with lock:
                if remaining[0] == 0:
                    break
                remaining[0] -= 1
                method, path, body, learner = next(requests)
            headers = {"Cookie": f"session={learner['cookie']}"}
            if body is not None:
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status >= 400:
                with lock:
                    errors[0] += 1
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(CLIENT_THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors[0]


def _worker_pid(master: int) -> int:
    """The one worker of the gunicorn master: the process whose parent is the master."""
    for _ in range(100):
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                # The command name is in parentheses and may hold spaces: the parent pid follows it.
                if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                    return int(entry.name)
        time.sleep(0.1)
    raise RuntimeError("gunicorn started no worker")


def _rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lms-bench-memory-") as folder:
        rows = _measure(Path(folder), args.requests)
    for name, result, goal in rows:
        print(f"| {name} | {result} | {goal} |" if args.markdown else f"{name}: {result} (goal {goal})")


def _measure(instance: Path, count: int) -> list[tuple[str, str, str]]:
    """Start the worker, send the requests, read its RSS; the table rows."""
    env = {"LMS_INSTANCE_PATH": str(instance), "LMS_SECRET_KEY": "bench-secret",
           "LMS_DATABASE_URL": os.environ.get("LMS_DATABASE_URL", f"sqlite:///{instance / 'lms.sqlite3'}"),
           "LMS_RATELIMIT_ENABLED": "0"}
    learners = _prepare(instance, env)
    server = subprocess.Popen(GUNICORN + ["-b", f"127.0.0.1:{PORT}", "lms_app:create_app()"], cwd=ROOT,
                              env={**os.environ, **env})
    try:
        worker = _worker_pid(server.pid)
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", PORT, timeout=1).request("GET", "/privacy")
                break
            except OSError:
                time.sleep(0.2)
        requests = _requests(learners)
        errors = _send(requests, WARM_UP)
        after_warm_up = _rss_mb(worker)
        readings, start = [], time.monotonic()
        for _ in range(CHECKPOINTS):
            errors += _send(requests, count // CHECKPOINTS)
            readings.append(_rss_mb(worker))
        seconds = time.monotonic() - start
    finally:
        server.terminate()
        server.wait(timeout=30)
    # A refused submission also answers 303 (back to the page, with a
    # message): the attempts stored say how many submissions really ran.
    from lms_app.extensions import db
    from lms_app.learn.models import Attempt

    with make_app(env["LMS_DATABASE_URL"], instance).app_context():
        stored = db.session.scalar(db.select(db.func.count()).select_from(Attempt))
    database = env["LMS_DATABASE_URL"].split(":", 1)[0].split("+")[0]
    step = count // CHECKPOINTS
    rows = [(
        f"gunicorn worker RSS, {count:,} requests (module page, course page, submissions; {database})",
        f"{after_warm_up:.1f} MB after {WARM_UP} requests, {readings[-1]:.1f} MB after {count:,} more "
        f"(+{readings[-1] - after_warm_up:.1f} MB); every {step:,}: "
        + ", ".join(f"{r:.1f}" for r in readings) + f" MB; {stored:,} attempts stored, {errors} errors, "
        f"{seconds:.0f} s",
        "no unbounded growth",
    )]
    return rows


if __name__ == "__main__":
    main()
