"""Module page and quiz submission throughput under gunicorn, next to hello-world Flask.

Both apps run under the same gunicorn settings in the same run; load comes
from wrk (Debian's package) in a separate process, on loopback only, for a
bounded time. Prints Markdown rows for docs/benchmarks.md with --markdown.

Run: .venv/bin/python bench/bench_http.py [--seconds 10] [--markdown]
"""
import argparse
import json
import os
import re
import shutil
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
SUBMIT_LUA = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
counter = 0
request = function()
  counter = counter + 1
  local key = string.format("bench-%d-%d-%d", math.random(1, 1e9), counter, os.time())
  return wrk.format(nil, nil, nil, '{"answer": "%s", "idempotency_key": "' .. key .. '"}')
end
"""


def _wait(url: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except Exception:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not start")


def _wrk(url: str, seconds: int, headers: dict, script: str | None = None) -> dict:
    command = ["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", script]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)

    def percentile(p):
        match = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", output)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    return {"rps": rps, "p50": percentile(50), "p99": percentile(99), "errors": int(errors.group(1)) if errors else 0}


def _prepare(instance: Path, env: dict) -> tuple[str, str, str]:
    """Migrate, publish a course, sign a learner in; return (module path, submit path, cookie)."""
    os.environ.update(env)
    import courses
    from flask_migrate import upgrade

    from lms_app import create_app
    from lms_app.accounts.service import create_user
    from lms_app.catalog.publish import media_url, publish_courses
    from tests.learn.conftest import write_course

    app = create_app()
    with app.app_context():
        upgrade()
        model = courses.load_course(write_course(instance / "content"), media_url=media_url).course
        publish_courses([model], instance / "media")
        create_user("bench-learner", "Bench", "a long benchmark passphrase")
    client = app.test_client()
    page = client.get("/signin").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/signin", data={"username": "bench-learner", "password": "a long benchmark passphrase",
                                 "csrf_token": token})
    page = client.get("/courses/safe-practice").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/courses/safe-practice/enrol", data={"csrf_token": token})
    module = client.get("/courses/safe-practice/listening").get_data(as_text=True)
    action = re.search(r'class="cp-quiz-form" method="post" action="([^"]+)"', module).group(1).replace("&amp;", "&")
    choice = re.search(r'type="radio" name="answer" value="(c\d+)"', module).group(1)
    return "/courses/safe-practice/listening", action, client.get_cookie("session").value, choice


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")
    instance = Path(tempfile.mkdtemp(prefix="lms-bench-"))
    env = {"LMS_INSTANCE_PATH": str(instance), "LMS_SECRET_KEY": "bench-secret",
           "LMS_DATABASE_URL": os.environ.get("LMS_DATABASE_URL", f"sqlite:///{instance / 'lms.sqlite3'}"),
           "LMS_RATELIMIT_ENABLED": "0"}
    module_path, submit_path, cookie, choice = _prepare(instance, env)
    script = instance / "submit.lua"
    script.write_text(SUBMIT_LUA.replace("%s", choice))
    servers = [
        subprocess.Popen(GUNICORN + ["-b", "127.0.0.1:8701", "lms_app:create_app()"], cwd=ROOT, env={**os.environ, **env}),
        subprocess.Popen(GUNICORN + ["-b", "127.0.0.1:8702", "hello_app:app"], cwd=ROOT / "bench"),
    ]
    try:
        _wait("http://127.0.0.1:8701/privacy")
        _wait("http://127.0.0.1:8702/")
        cookie_header = {"Cookie": f"session={cookie}"}
        page = _wrk(f"http://127.0.0.1:8701{module_path}", args.seconds, cookie_header)
        hello = _wrk("http://127.0.0.1:8702/", args.seconds, {})
        submit = _wrk(f"http://127.0.0.1:8701{submit_path}", args.seconds, cookie_header, str(script))
        hello_post = _wrk("http://127.0.0.1:8702/", args.seconds, {}, str(script))
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
    database = env["LMS_DATABASE_URL"].split(":", 1)[0]
    rows = [
        ("hello-world GET", f"{hello['rps']:.0f} req/s, p50 {hello['p50']:.1f} ms, p99 {hello['p99']:.1f} ms", "baseline"),
        (f"module page, signed-in learner ({database})",
         f"{page['rps']:.0f} req/s = {page['rps'] / hello['rps']:.2f} of hello-world; p50 {page['p50']:.1f} ms, "
         f"p99 {page['p99']:.1f} ms; {page['errors']} errors", ">= 0.35 of hello-world"),
        (f"quiz submission, 32 clients ({database})",
         f"{submit['rps']:.0f} req/s = {submit['rps'] / hello_post['rps']:.2f} of hello-world POST; "
         f"p99 {submit['p99']:.1f} ms; {submit['errors']} errors", ">= 0.2 of hello-world"),
    ]
    for name, result, goal in rows:
        print(f"| {name} | {result} | {goal} |" if args.markdown else f"{name}: {result} (goal {goal})")


if __name__ == "__main__":
    main()
