"""The cohort dashboard and exports for synthetic cohorts of 200, 2,000 and 20,000 learners x 20 modules.

Server time is measured in process (the Flask test client: routing,
queries, computation, templates, no network), median of 5 requests after
one warm-up, on SQLite (the default) or the database in LMS_DATABASE_URL;
so is the CPU time of the process (with SQLite, the database's work too),
which waiting for a core on a loaded machine does not inflate.
Goal: the dashboard of 2,000 learners x 20 modules in under 150 ms.

    python bench/bench_cohort.py [--markdown] [--sizes 200,2000,20000] [--profile dashboard]

`--profile PAGE` prints where the time of that page goes (cProfile, sorted
by cumulative time, 10 requests) at each size, and the time of its queries.
"""
import argparse
import cProfile
import pstats
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert  # noqa: E402

from lms_app import create_app  # noqa: E402
from lms_app.accounts.models import User  # noqa: E402
from lms_app.accounts.passwords import hash_password  # noqa: E402
from lms_app.catalog.models import Block, Course, CourseVersion, Module  # noqa: E402
from lms_app.extensions import db  # noqa: E402
from lms_app.facilitate.models import FACILITATOR, LEARNER, Cohort, CohortMembership  # noqa: E402
from lms_app.learn.models import Attempt, Enrollment, ModuleProgress  # noqa: E402

MODULES = 20
PASSWORD = "bench passphrase 2026"
# "{learner}" is the id of the cohort's first learner.
PAGES = [("dashboard", ""), ("progress CSV", "/progress.csv"), ("questions", "/questions"),
         ("pre/post", "/pre-post"), ("donor summary CSV", "/donor-summary.csv"),
         ("one learner's page", "/learners/{learner}")]
GOAL_MS = 150


def build_course() -> tuple[Course, list[Module]]:
    course = Course(slug="bench-course")
    db.session.add(course)
    db.session.flush()
    version = CourseVersion(course_id=course.id, content_hash="bench", titles={"en": "Bench course"}, level="entry",
                            languages=["en"], default_language="en", pass_mark=70, pre_test_slug="m00",
                            post_test_slug=f"m{MODULES - 1:02d}")
    db.session.add(version)
    db.session.flush()
    course.current_version_id = version.id
    modules = []
    for n in range(MODULES):
        role = "pre_test" if n == 0 else ("post_test" if n == MODULES - 1 else "module")
        module = Module(version_id=version.id, slug=f"m{n:02d}", position=n, role=role,
                        titles={"en": f"Module {n}"}, pass_mark=50, max_score=1.0, graded_block_count=1)
        db.session.add(module)
        db.session.flush()
        db.session.add(Block(module_id=module.id, usage_id=f"bench-course/m{n:02d}/q", quiz_id="q",
                             block_type="cp_single_choice", position=0, graded=True, weight=1.0, settings={},
                             content={"en": {"question_html": f"<p>Question {n}</p>", "choices": [
                                 {"key": "c1", "html": "Right", "correct": True},
                                 {"key": "c2", "html": "Wrong"}, {"key": "c3", "html": "Also wrong"}]}},
                             cpms_standards=[n % 28 + 1]))
        modules.append(module)
    db.session.commit()
    return course, modules


def build_cohort(course: Course, facilitator: User, size: int, rng: random.Random) -> Cohort:
    cohort = Cohort(course_id=course.id, name=f"Cohort of {size}", language="en", join_code=f"B{size:07d}"[:8])
    cohort.memberships.append(CohortMembership(user_id=facilitator.id, role=FACILITATOR))
    db.session.add(cohort)
    db.session.commit()
    now = datetime.now(timezone.utc)
    db.session.execute(insert(User), [{"username": f"c{cohort.id}-l{i}", "display_name": f"Learner {i}",
                                       "password_hash": "!", "session_token": f"c{cohort.id}-{i}"}
                                      for i in range(size)])
    ids = list(db.session.scalars(db.select(User.id).where(User.username.like(f"c{cohort.id}-l%"))))
    db.session.execute(insert(CohortMembership), [{"cohort_id": cohort.id, "user_id": i, "role": LEARNER}
                                                  for i in ids])
    db.session.execute(insert(Enrollment), [
        {"user_id": i, "course_id": course.id, "cohort_id": cohort.id,
         "last_activity_at": now - timedelta(days=rng.randint(0, 20))} for i in ids])
    progress, attempts = [], []
    for i in ids:
        reached = rng.randint(0, MODULES)
        for n in range(reached):
            right = rng.random() < 0.7
            progress.append({"user_id": i, "course_id": course.id, "module_slug": f"m{n:02d}", "viewed_at": now,
                             "answered_count": 1, "score": float(right), "max_score": 1.0, "completed_at": now,
                             "passed": right, "failed_attempts": 0 if right else rng.randint(0, 3)})
            attempts.append({"user_id": i, "course_id": course.id, "module_slug": f"m{n:02d}",
                             "usage_id": f"bench-course/m{n:02d}/q", "quiz_id": "q", "idempotency_key": f"{i}-{n}",
                             "answer": "c1" if right else rng.choice(["c2", "c3"]), "score": float(right),
                             "max_score": 1.0, "correct": right, "source": "online", "created_at": now})
    for table, rows in ((ModuleProgress, progress), (Attempt, attempts)):
        for start in range(0, len(rows), 20000):
            db.session.execute(insert(table), rows[start:start + 20000])
    db.session.commit()
    return cohort


def server_ms(client, path: str) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds of 5 requests after a warm-up.

    On a shared machine the wall clock includes waiting for a core; the CPU
    time of this process (the app and, for SQLite, the database) does not.
    """
    client.get(path)
    times, cpu = [], []
    for _ in range(5):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(times), statistics.median(cpu)


def profile_page(app, client, path: str, size: int) -> None:
    """cProfile's costliest calls of 10 requests, then each query's time in one request."""
    from sqlalchemy import event

    client.get(path)
    profile = cProfile.Profile()
    profile.runcall(lambda: [client.get(path) for _ in range(10)])
    print(f"== {path}, {size:,} learners: 10 requests")
    pstats.Stats(profile).sort_stats("cumulative").print_stats(45)
    queries = []

    def before(conn, cursor, statement, parameters, context, executemany):
        context._bench_start = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany):
        queries.append(((time.perf_counter() - context._bench_start) * 1000, " ".join(statement.split())))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    client.get(path)
    event.remove(engine, "before_cursor_execute", before)
    event.remove(engine, "after_cursor_execute", after)
    print(f"== {path}, {size:,} learners: {len(queries)} queries, {sum(q[0] for q in queries):.1f} ms "
          "(execution only; fetching rows is in the profile)")
    for ms, statement in queries:
        print(f"{ms:8.1f} ms  {statement[:300]}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--sizes", default="200,2000,20000")
    parser.add_argument("--profile", choices=[name for name, _suffix in PAGES],
                        help="print the costliest calls of this page instead of timing every page")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rng = random.Random(2026)
    with tempfile.TemporaryDirectory() as tmp:
        import os

        url = os.environ.get("LMS_DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite3"
        # Exports of cohorts over TASKS_LARGE_COHORT learners are built by the task queue; here they are
        # built in the request, so that their time (the same work the task does) is measured.
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                          "RATELIMIT_ENABLED": False, "TASKS_LARGE_COHORT": 10 ** 9}, instance_path=tmp)
        from flask_migrate import upgrade

        rows = []
        with app.app_context():
            upgrade()
            facilitator = User(username="bench-facilitator", display_name="Bench", is_facilitator=True,
                               password_hash=hash_password(PASSWORD))
            db.session.add(facilitator)
            db.session.commit()
            course, _modules = build_course()
            cohorts = {size: build_cohort(course, facilitator, size, rng) for size in sizes}
            first_learner = {size: db.session.scalar(
                db.select(CohortMembership.user_id).where(CohortMembership.cohort_id == cohort.id,
                                                          CohortMembership.role == LEARNER)
                .order_by(CohortMembership.user_id).limit(1)) for size, cohort in cohorts.items()}
        client = app.test_client()
        client.post("/signin", data={"username": "bench-facilitator", "password": PASSWORD})
        engine = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
        if args.profile:
            suffix = dict(PAGES)[args.profile]
            for size, cohort in cohorts.items():
                profile_page(app, client, f"/cohorts/{cohort.id}{suffix.format(learner=first_learner[size])}", size)
            return 0
        for size, cohort in cohorts.items():
            for name, suffix in PAGES:
                ms, cpu = server_ms(client, f"/cohorts/{cohort.id}{suffix.format(learner=first_learner[size])}")
                goal = f"< {GOAL_MS} ms" if name == "dashboard" and size == 2000 else "growth"
                rows.append(f"| cohort {name}, {size:,} learners x {MODULES} modules ({engine}) | "
                            f"{ms:.0f} ms server time, {cpu:.0f} ms CPU (medians of 5) | {goal} |")
        if args.markdown:
            print("\n".join(rows))
        else:
            print("\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
