"""Module page and quiz submission throughput under gunicorn, next to hello-world Flask.

Both apps run under the same gunicorn settings in the same run; load comes
from wrk (Debian's package) in a separate process, on loopback only, for a
bounded time. Prints Markdown rows for docs/benchmarks.md with --markdown.

Submissions are measured twice: from as many learners as connections (a
cohort answering at once), and from one learner on every connection. A
learner's submissions run one at a time by design (attempt limits and
replays are decided on settled state), so the second figure is the cost of
that lock, not of the handler.

Two floors show how far page work could take these figures (see
floor_app.py): the same app answering a signed-in request with a fixed
body of the module page's size and no page work, and answering a POST with
the smallest write a submission could make.

Run: .venv/bin/python bench/bench_http.py [--seconds 15] [--markdown]
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
GUNICORN = [str(Path(sys.executable).parent / "gunicorn"), "-k", "gthread", "-w", "2", "--threads", "4",
            "--log-level", "warning"]
CONNECTIONS = 32
ROUNDS = 5
PASSPHRASE = "a long benchmark passphrase"
MODULE_PATH = "/courses/safe-practice/listening"
# Every run's script counts what it sent and which answers were 200 (wrk
# counts a 3xx as a success: a redirect to the sign-in page, or the no-JS
# answer's 303, would otherwise pass unseen), and prints the totals.
COUNT_LUA = """
threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function init(args)
  local random = io.open("/dev/urandom", "rb")
  nonce = random:read(6):gsub(".", function(c) return string.format("%02x", c:byte()) end)
  random:close()
  sent, answered_200, answered_other = 0, 0, 0
end
function response(status, headers, body)
  if status == 200 then answered_200 = answered_200 + 1 else answered_other = answered_other + 1 end
end
function done(summary, latency, requests)
  local totals = {sent = 0, answered_200 = 0, answered_other = 0}
  for _, thread in ipairs(threads) do
    for name in pairs(totals) do totals[name] = totals[name] + (thread:get(name) or 0) end
  end
  io.write(string.format("Sent: %d\\nAnswered 200: %d\\nAnswered other: %d\\n",
                         totals.sent, totals.answered_200, totals.answered_other))
end
request = function()
  sent = sent + 1
  return wrk.format()
end
"""
# Each request goes to the next learner's signed handler URL with their
# cookie and a key no request sent before (this wrk thread's random nonce
# and its count), so that each 200 stores one attempt. The headers are
# given whole: wrk.format() does not merge wrk.headers into a table given.
SUBMIT_LUA = COUNT_LUA + """
sessions = {SESSIONS}
request = function()
  sent = sent + 1
  local session = sessions[(sent % #sessions) + 1]
  local key = "bench-" .. nonce .. "-" .. sent
  local headers = {["Content-Type"] = "application/json", ["Accept"] = "application/json",
                   ["Cookie"] = "session=" .. session[2]}
  return wrk.format("POST", session[1], headers, '{"answer": "CHOICE", "idempotency_key": "' .. key .. '"}')
end
"""


def _submit_script(path: Path, sessions: list[tuple[str, str]], choice: str) -> str:
    """A wrk script posting answers as these (handler URL, session cookie) learners in turn."""
    table = ", ".join(f"{{{json.dumps(action)}, {json.dumps(cookie)}}}" for action, cookie in sessions)
    path.write_text(SUBMIT_LUA.replace("{SESSIONS}", "{" + table + "}").replace("CHOICE", choice))
    return str(path)


def _wait(url: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except Exception:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not start")


def _wrk(url: str, seconds: int, headers: dict, script: str) -> dict:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "-s", script]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout

    def count(label):
        return int(re.search(rf"^{label}: (\d+)$", output, re.MULTILINE).group(1))

    def percentile(p):
        match = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", output)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
            "p50": percentile(50), "p99": percentile(99),
            "errors": count("Answered other") + (sum(map(int, socket_errors.groups())) if socket_errors else 0),
            "sent": count("Sent"), "answered": count("Answered 200")}


def _combined(slices: list[dict]) -> dict:
    """One figure from equal-length slices: mean rate, median percentiles, all errors and answers."""
    return {"rps": statistics.mean(r["rps"] for r in slices),
            "p50": statistics.median(r["p50"] for r in slices),
            "p99": statistics.median(r["p99"] for r in slices),
            "errors": sum(r["errors"] for r in slices),
            "sent": sum(r["sent"] for r in slices),
            "answered": sum(r["answered"] for r in slices)}


def _sign_in(app, username: str) -> tuple[object, str]:
    """A test client signed in as `username` and enrolled; and the module page's HTML."""
    client = app.test_client()
    page = client.get("/signin").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/signin", data={"username": username, "password": PASSPHRASE, "csrf_token": token})
    page = client.get("/courses/safe-practice").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/courses/safe-practice/enrol", data={"csrf_token": token})
    return client, client.get(MODULE_PATH).get_data(as_text=True)


def _prepare(instance: Path, env: dict, learners: int = 1) -> tuple[str, list[tuple[str, str]], str, int]:
    """Migrate, publish a course, sign learners in.

    Returns the module page path, one (submit path, session cookie) per
    learner, the key of a choice of the block they answer, and the module
    page's size in bytes.
    """
    os.environ.update(env)
    import courses
    from flask_migrate import upgrade

    from lms_app import create_app
    from lms_app.accounts.service import create_user
    from lms_app.catalog.publish import media_url, publish_courses
    from tests.learn.conftest import write_course

    app = create_app()
    usernames = [f"bench-learner-{number}" for number in range(1, learners + 1)]
    with app.app_context():
        upgrade()
        model = courses.load_course(write_course(instance / "content"), media_url=media_url).course
        publish_courses([model], instance / "media")
        for username in usernames:
            create_user(username, "Bench", PASSPHRASE)
    sessions = []
    for username in usernames:
        client, module = _sign_in(app, username)
        action = re.search(r'class="cp-quiz-form" method="post" action="([^"]+)"', module).group(1)
        sessions.append((action.replace("&amp;", "&"), client.get_cookie("session").value))
    choice = re.search(r'type="radio" name="answer" value="(c\d+)"', module).group(1)
    return MODULE_PATH, sessions, choice, len(module.encode())


def _stored_answers() -> int:
    """Attempts this benchmark's learners have stored (the environment is the one _prepare set)."""
    from lms_app import create_app
    from lms_app.extensions import db
    from lms_app.learn.models import Attempt

    app = create_app()
    with app.app_context():
        count = db.session.scalar(db.select(db.func.count()).select_from(Attempt)
                                  .where(Attempt.idempotency_key.like("bench-%")))
        db.engine.dispose()
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=15, help="per figure, in ROUNDS slices")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")
    instance = Path(tempfile.mkdtemp(prefix="lms-bench-"))
    env = {"LMS_INSTANCE_PATH": str(instance), "LMS_SECRET_KEY": "bench-secret",
           "LMS_DATABASE_URL": os.environ.get("LMS_DATABASE_URL", f"sqlite:///{instance / 'lms.sqlite3'}"),
           "LMS_RATELIMIT_ENABLED": "0"}
    module_path, sessions, choice, page_bytes = _prepare(instance, env, learners=CONNECTIONS)
    cohort_script = _submit_script(instance / "submit-cohort.lua", sessions, choice)
    one_learner_script = _submit_script(instance / "submit-one.lua", sessions[:1], choice)
    # The same request shape (headers and body) to hello-world's one route.
    hello_script = _submit_script(instance / "post-hello.lua", [("/", "")], choice)
    floor_write_script = _submit_script(instance / "floor-write.lua",
                                        [("/bench/write", cookie) for _, cookie in sessions], choice)
    get_script = instance / "get.lua"
    get_script.write_text(COUNT_LUA)
    get_script = str(get_script)
    stored_before = _stored_answers()
    servers = [
        subprocess.Popen(GUNICORN + ["-b", "127.0.0.1:8701", "lms_app:create_app()"], cwd=ROOT, env={**os.environ, **env}),
        subprocess.Popen(GUNICORN + ["-b", "127.0.0.1:8702", "hello_app:app"], cwd=ROOT / "bench"),
        subprocess.Popen(GUNICORN + ["-b", "127.0.0.1:8703", "floor_app:app"], cwd=ROOT / "bench",
                         env={**os.environ, **env, "BENCH_FLOOR_BODY_BYTES": str(page_bytes),
                              "PYTHONPATH": str(ROOT)}),
    ]
    try:
        _wait("http://127.0.0.1:8701/privacy")
        _wait("http://127.0.0.1:8702/")
        _wait("http://127.0.0.1:8703/privacy")
        # Every worker of the three servers booted and each page's caches
        # filled before anything is timed: the first figure was otherwise
        # taken while the other servers' workers were still starting.
        for url in (f"http://127.0.0.1:8701{module_path}", "http://127.0.0.1:8702/",
                    "http://127.0.0.1:8703/bench/signed-in"):
            _wrk(url, 2, {"Cookie": f"session={sessions[0][1]}"}, get_script)
        cookie = {"Cookie": f"session={sessions[0][1]}"}
        runs = {
            "page": (f"http://127.0.0.1:8701{module_path}", cookie, get_script),
            "hello": ("http://127.0.0.1:8702/", {}, get_script),
            "submit": ("http://127.0.0.1:8701/", {}, cohort_script),
            "one_learner": ("http://127.0.0.1:8701/", {}, one_learner_script),
            "hello_post": ("http://127.0.0.1:8702/", {}, hello_script),
            "floor_page": ("http://127.0.0.1:8703/bench/signed-in", cookie, get_script),
            "floor_write": ("http://127.0.0.1:8703/", {}, floor_write_script),
        }
        # Each figure in ROUNDS slices taken in turn with the others, so
        # that a change in the machine's load (it is shared) falls on every
        # figure alike instead of on whichever ran at that moment.
        slices = {name: [] for name in runs}
        for _ in range(ROUNDS):
            for name, (url, headers, script) in runs.items():
                slices[name].append(_wrk(url, max(1, args.seconds // ROUNDS), headers, script))
        page, hello, submit, one_learner, hello_post, floor_page, floor_write = (
            _combined(slices[name]) for name in runs)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
    # Every answer acknowledged with a 200 is stored (none lost), and none
    # stored more often than it was sent (none duplicated). Stored may pass
    # acknowledged by the answers in flight when a run's time ran out: the
    # server stored them after wrk stopped listening.
    stored = _stored_answers() - stored_before
    acknowledged = submit["answered"] + one_learner["answered"]
    sent = submit["sent"] + one_learner["sent"]
    lost = max(0, acknowledged - stored)
    duplicated = max(0, stored - sent)
    answers = (f"{acknowledged:,} answers acknowledged, {stored:,} stored, {sent:,} sent: "
               f"{lost} lost, {duplicated} duplicated")
    database = env["LMS_DATABASE_URL"].split(":", 1)[0]
    rows = [
        ("hello-world GET", f"{hello['rps']:.0f} req/s, p50 {hello['p50']:.1f} ms, p99 {hello['p99']:.1f} ms", "baseline"),
        (f"module page, signed-in learner ({database})",
         f"{page['rps']:.0f} req/s = {page['rps'] / hello['rps']:.2f} of hello-world; p50 {page['p50']:.1f} ms, "
         f"p99 {page['p99']:.1f} ms; {page['errors']} errors", ">= 0.35 of hello-world"),
        (f"quiz submission, {CONNECTIONS} learners on {CONNECTIONS} connections ({database})",
         f"{submit['rps']:.0f} req/s = {submit['rps'] / hello_post['rps']:.2f} of hello-world POST; "
         f"p99 {submit['p99']:.1f} ms; {submit['errors']} errors", ">= 0.2 of hello-world"),
        (f"quiz submission, one learner on {CONNECTIONS} connections ({database})",
         f"{one_learner['rps']:.0f} req/s = {one_learner['rps'] / hello_post['rps']:.2f} of hello-world POST; "
         f"p99 {one_learner['p99']:.1f} ms; {one_learner['errors']} errors", "(serialised per learner)"),
        (f"quiz submissions above, checked in the database ({database})", answers, "0 lost, 0 duplicated"),
        (f"floor: the same signed-in request answered with {page_bytes:,} fixed bytes, no page work ({database})",
         f"{floor_page['rps']:.0f} req/s = {floor_page['rps'] / hello['rps']:.2f} of hello-world; "
         f"{floor_page['errors']} errors", "(what a free module page would reach)"),
        (f"floor: one lookup and three inserts in one write transaction, {CONNECTIONS} learners ({database})",
         f"{floor_write['rps']:.0f} req/s = {floor_write['rps'] / hello_post['rps']:.2f} of hello-world POST; "
         f"{floor_write['errors']} errors", "(the least a submission writes)"),
    ]
    for name, result, goal in rows:
        print(f"| {name} | {result} | {goal} |" if args.markdown else f"{name}: {result} (goal {goal})")


if __name__ == "__main__":
    main()
