"""Quiz submission cost inside the app: CPU time and queries per submission, no HTTP server.

Submissions go through the real handler route with Flask's test client, as
one signed-in learner answering the same quiz block again and again (the
block allows unlimited attempts). The cost is measured with the learner's
first attempts, then again once they have made thousands: it must not grow
with the number of attempts. `--profile` prints where the time goes
(cProfile, sorted by cumulative time).

Run: .venv/bin/python bench/bench_submission.py [--markdown] [--profile]
"""
import argparse
import cProfile
import json
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import event, insert

from bench_http import ROOT, _prepare

BATCH = 100
BATCHES = 5
WARM_UP = 20
LATE = 3000  # attempts made before the second measurement


def _submitter(client, action: str, choice: str):
    counter = iter(range(10**9))

    def submit() -> None:
        body = json.dumps({"answer": choice, "idempotency_key": f"bench-{next(counter):09d}"})
        response = client.post(action, data=body, content_type="application/json",
                               headers={"Accept": "application/json"})
        if response.status_code != 200:
            raise RuntimeError(f"submission answered {response.status_code}")

    return submit


def _cpu_ms_per_submission(submit) -> float:
    """Median over BATCHES batches of the process CPU time of one submission."""
    timings = []
    for _ in range(BATCHES):
        start = time.process_time()
        for _ in range(BATCH):
            submit()
        timings.append((time.process_time() - start) / BATCH * 1000)
    return statistics.median(timings)


def _queries_per_submission(engine, submit) -> int:
    statements = []

    def count(_conn, _cursor, statement, *_args):
        if not statement.lstrip().upper().startswith(("BEGIN", "SAVEPOINT", "RELEASE")):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        submit()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(statements)


def _add_past_attempts(app, count: int) -> None:
    """`count` earlier attempts of the learner at the benchmark's block, written directly."""
    from lms_app.extensions import db
    from lms_app.learn.models import Attempt

    with app.app_context():
        model = db.session.scalars(db.select(Attempt).limit(1)).one()
        rows = [{
            "user_id": model.user_id, "course_id": model.course_id, "module_slug": model.module_slug,
            "usage_id": model.usage_id, "quiz_id": model.quiz_id, "idempotency_key": f"past-{i:09d}",
            "answer": model.answer, "score": model.score, "max_score": model.max_score, "correct": model.correct,
            "response": model.response, "source": "online", "created_at": model.created_at,
        } for i in range(count)]
        db.session.execute(insert(Attempt), rows)
        db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--profile", action="store_true", help="print the 40 costliest calls of 300 submissions")
    args = parser.parse_args()
    instance = Path(tempfile.mkdtemp(prefix="lms-bench-submission-"))
    env = {"LMS_INSTANCE_PATH": str(instance), "LMS_SECRET_KEY": "bench-secret",
           "LMS_DATABASE_URL": os.environ.get("LMS_DATABASE_URL", f"sqlite:///{instance / 'lms.sqlite3'}"),
           "LMS_RATELIMIT_ENABLED": "0"}
    _module_path, [(action, cookie)], choice, _page_bytes = _prepare(instance, env)

    from lms_app import create_app
    from lms_app.extensions import db

    app = create_app()
    client = app.test_client()
    client.set_cookie("session", cookie)
    submit = _submitter(client, action, choice)
    for _ in range(WARM_UP):  # imports, compiled templates and statements
        submit()
    early = _cpu_ms_per_submission(submit)
    with app.app_context():
        queries = _queries_per_submission(db.engine, submit)
    made = WARM_UP + BATCHES * BATCH + 1
    _add_past_attempts(app, LATE - made)
    late = _cpu_ms_per_submission(submit)
    database = env["LMS_DATABASE_URL"].split(":", 1)[0].split("+")[0]

    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(lambda: [submit() for _ in range(300)])
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
    rows = [
        (f"quiz submission in-process, one learner ({database})",
         f"{early:.1f} ms CPU per submission over attempts {WARM_UP + 1}-{made - 1}, {late:.1f} ms over "
         f"attempts {LATE + 1}-{LATE + BATCHES * BATCH}; {queries} queries", "no growth with attempts"),
    ]
    for name, result, goal in rows:
        print(f"| {name} | {result} | {goal} |" if args.markdown else f"{name}: {result} (goal {goal})")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
