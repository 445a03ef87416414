"""Module page and cohort dashboard on a catalogue of 100,000 learners and 1,000,000 attempts.

Both pages are timed in process (Flask's test client: routing, queries,
templates, no network), median of N requests after a warm-up, twice: on a
small database (one cohort of 25 learners) and on the big one (4,000
cohorts of 25; 30 % of the learners also take a course on their own). The learner and
the cohort being measured are the same size in both, so the ratio is what
the size of the tables costs. Goal: big / small <= 1.5.

Both databases have the real schema (the app's migrations) and the real
courses (content/ published by the app's publish function). Every bulk row
is a copy of a row a real submission wrote: before the bulk insert two
sample learners answer every question of every course through the real
handler (one picks the first choice, the other the last), and their
`attempt` and `xblock_field` rows are the templates. Progress rows are
computed from the copied attempts with the rules of lms_app/learn/progress.py.

The big database (5.8 GB on SQLite) took 24 minutes to build on a loaded
2-CPU machine (3.6 GB and 4.3 minutes on PostgreSQL 15); it is kept in $TMPDIR/lms-bench-scale/ under a key made of
the migrations, content/ and DATA_FORMAT below, reused while they are
unchanged, and replaced (the old one deleted) when they change. SQLite by default;
with LMS_DATABASE_URL (PostgreSQL) the databases are created next to the
one named there (<name>_scale_<key>_<size>) and kept the same way.

`--explain` prints the slowest statements of each page on the big database
with their query plans; `--profile` prints a cProfile of the big module page.

Run: .venv/bin/python bench/bench_scale.py [--markdown] [--explain] [--profile]
"""
import argparse
import cProfile
import hashlib
import json
import os
import pstats
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, event, func, insert, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

# Bump when the generated data changes shape, so cached databases are rebuilt.
DATA_FORMAT = 1
LEARNERS = 100_000
ATTEMPTS = 1_000_000
COHORT_SIZE = 25
PASSPHRASE = "a long benchmark passphrase"
MEASURED_COURSE = "cpms-essentials"
MEASURED_MODULE = "why-protection"
GOAL_RATIO = 1.5
PAGE_RUNS = 21
WARM_UP = 3
BATCH = 20_000
CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
QUIZ_FORM_RE = re.compile(r'<form class="cp-quiz-form".*?</form>', re.S)


# --- a real learner in the browser's place -----------------------------------

def csrf_token(client, url: str) -> str:
    return CSRF_RE.search(client.get(url).get_data(as_text=True)).group(1)


def sign_in(client, username: str, password: str = PASSPHRASE) -> None:
    response = client.post("/signin", data={"username": username, "password": password,
                                            "csrf_token": csrf_token(client, "/signin")})
    if response.status_code != 303:
        raise RuntimeError(f"{username} could not sign in ({response.status_code})")


def enrol(client, course_slug: str) -> None:
    client.post(f"/courses/{course_slug}/enrol", data={"csrf_token": csrf_token(client, f"/courses/{course_slug}")})


def quiz_submissions(page: str, pick: str = "first") -> list[tuple[str, dict]]:
    """(handler URL, form fields) of every quiz on a module page, answered as a no-JS browser would.

    `pick` "first" or "last": which choice (or match) of each question the
    learner chooses; text questions get a number (28 or 7), which numeric ones need.
    """
    index = 0 if pick == "first" else -1
    submissions = []
    for form in QUIZ_FORM_RE.findall(page):
        action = re.search(r'action="([^"]+)"', form).group(1).replace("&amp;", "&")
        data = {"idempotency_key": re.search(r'name="idempotency_key" value="([^"]+)"', form).group(1)}
        kind = re.search(r'data-answer="([^"]+)"', form).group(1)
        if kind in ("single", "multiple"):
            data["answer"] = re.findall(r'name="answer" value="([^"]+)"', form)[index]
        elif kind == "matching":
            for select_html in re.findall(r'<select name="[^"]+".*?</select>', form, re.S):
                name = re.search(r'<select name="([^"]+)"', select_html).group(1)
                data[name] = [v for v in re.findall(r'<option value="([^"]*)"', select_html) if v][index]
        else:
            data["answer"] = "28" if pick == "first" else "7"
        submissions.append((action, data))
    return submissions


def answer_every_question(client, module_url: str, pick: str = "first") -> int:
    """Open the module page and submit every quiz on it; returns how many were answered."""
    submissions = quiz_submissions(client.get(module_url).get_data(as_text=True), pick)
    for action, data in submissions:
        response = client.post(action, data=data)
        if response.status_code != 303:
            raise RuntimeError(f"{action} answered {response.status_code}")
    return len(submissions)


def publish_content(app) -> None:
    """Publish content/ as `flask content publish` does."""
    import courses
    from lms_app.catalog.publish import media_url, publish_courses

    folders = sorted(p for p in (ROOT / "content").iterdir() if (p / "course.yaml").exists())
    with app.app_context():
        models = [courses.load_course(folder, media_url=media_url).course for folder in folders]
        publish_courses(models, Path(app.instance_path) / "media")


def make_app(url: str, instance: Path):
    from lms_app import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-secret", "RATELIMIT_ENABLED": False,
                       "RATELIMIT_STORAGE_URI": "memory://"}, instance_path=str(instance))


# --- building a database ------------------------------------------------------

def cache_key() -> str:
    digest = hashlib.sha256(f"{DATA_FORMAT}".encode())
    for folder in (ROOT / "lms_app" / "migrations" / "versions", ROOT / "content"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _templates(app, sample_ids: dict[str, int]):
    """What the sample learners' real submissions wrote, per (usage id, pick)."""
    from lms_app.extensions import db
    from lms_app.learn.models import Attempt
    from lms_app.xblock_runtime.models import XBlockField

    attempts, fields = {}, {}
    with app.app_context():
        for pick, user_id in sample_ids.items():
            for row in db.session.execute(select(Attempt.__table__).where(Attempt.user_id == user_id)).mappings():
                attempts[(row["usage_id"], pick)] = dict(row)
            for row in db.session.execute(select(XBlockField.__table__).where(
                    XBlockField.user_key == str(user_id))).mappings():
                fields.setdefault((row["usage_id"], pick), []).append(dict(row))
    return attempts, fields


def _catalogue(app) -> list[dict]:
    """Every published course with its modules and their blocks in page order."""
    from lms_app.catalog.models import Block, Course, CourseVersion, Module
    from lms_app.extensions import db

    with app.app_context():
        result = []
        for course, version in db.session.execute(
                select(Course, CourseVersion).join(CourseVersion, Course.current_version_id == CourseVersion.id)
                .order_by(Course.slug)):
            modules = []
            for module in db.session.scalars(select(Module).where(Module.version_id == version.id)
                                             .order_by(Module.position)):
                blocks = [{"usage_id": b.usage_id, "graded": b.graded} for b in db.session.scalars(
                    select(Block).where(Block.module_id == module.id).order_by(Block.position))]
                modules.append({"slug": module.slug, "role": module.role, "pass_mark": module.pass_mark,
                                "max_score": module.max_score, "blocks": blocks})
            result.append({"id": course.id, "slug": course.slug, "pass_mark": version.pass_mark,
                           "modules": modules})
        return result


def _reaches(score: float, maximum: float, pass_mark: float) -> bool:
    # The rule of lms_app/learn/progress.py.
    return maximum <= 0 or round(score / maximum * 100, 6) >= pass_mark


class BulkWriter:
    """Rows collected per table and inserted with executemany in batches of BATCH.

    A full batch flushes every table, in the order their first rows came:
    rows refer to rows added before them (a membership to its cohort), and
    PostgreSQL checks foreign keys at each insert (the SQLite build turns
    them off, so only PostgreSQL at full size showed it).
    """

    def __init__(self, connection):
        self.connection, self.pending, self.counts = connection, {}, {}

    def add(self, table, row: dict) -> None:
        rows = self.pending.setdefault(table, [])
        rows.append(row)
        if len(rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        for name in list(self.pending):
            rows = self.pending.get(name)
            if rows:
                self.connection.execute(insert(name), rows)
                self.counts[name.name] = self.counts.get(name.name, 0) + len(rows)
                self.pending[name] = []


def _bulk_engine(url: str):
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _fast(dbapi_connection, _record):
            # A throw-away build: no journal, no fsync. The app sets WAL
            # again when it opens the finished file.
            dbapi_connection.isolation_level = None
            for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-262144", "temp_store=MEMORY",
                           "foreign_keys=OFF"):
                dbapi_connection.execute(f"PRAGMA {pragma}")

        @event.listens_for(engine, "begin")
        def _begin(connection):
            connection.exec_driver_sql("BEGIN")
    return engine


def _bulk_learners(url: str, catalogue: list[dict], attempts_t: dict, fields_t: dict, learners: int,
                   attempts_goal: int, rng: random.Random) -> dict:
    """Insert `learners` learners in cohorts of COHORT_SIZE, with about `attempts_goal` attempts in all."""
    from lms_app.accounts.models import User
    from lms_app.facilitate.models import FACILITATOR, LEARNER, Cohort, CohortMembership
    from lms_app.learn.models import Attempt, Enrollment, ModuleProgress
    from lms_app.xblock_runtime.models import XBlockField

    tables = {"user": User.__table__, "cohort": Cohort.__table__, "membership": CohortMembership.__table__,
              "enrollment": Enrollment.__table__, "progress": ModuleProgress.__table__,
              "attempt": Attempt.__table__, "field": XBlockField.__table__}
    now = datetime.now(timezone.utc)
    engine = _bulk_engine(url)
    with engine.begin() as connection:
        next_id = {name: (connection.scalar(select(func.max(table.c.id))) or 0) + 1 for name, table in tables.items()}

        def new_id(name: str) -> int:
            next_id[name] += 1
            return next_id[name] - 1

        writer = BulkWriter(connection)
        # Most learners take one course, some two or three; with
        # ATTEMPTS / LEARNERS = 10 attempts each, most stop early (an
        # exponential number of answered questions), a few finish.
        # The first course of each run of COHORT_SIZE learners goes round the
        # catalogue, measured course first, so that every cohort is full and
        # the small database's only cohort is in the measured course.
        catalogue = sorted(catalogue, key=lambda c: c["slug"] != MEASURED_COURSE)
        enrolments = []
        for number in range(learners):
            user_id = new_id("user")
            writer.add(tables["user"], {"id": user_id, "username": f"scale-{user_id}",
                                        "display_name": f"Learner {user_id}", "password_hash": "!",
                                        "session_token": f"scale-{user_id}", "is_facilitator": False,
                                        "created_at": now - timedelta(days=rng.randint(30, 700))})
            first = catalogue[number // COHORT_SIZE % len(catalogue)]
            others = [c for c in catalogue if c is not first]
            count = rng.choices([0, 1, 2], weights=[70, 25, 5])[0]
            for course in [first, *rng.sample(others, count)]:
                enrolments.append((user_id, course, course is first))
        # Cohorts of COHORT_SIZE from the first course of each learner, per course.
        by_course = {}
        for user_id, course, first in enrolments:
            if first:
                by_course.setdefault(course["id"], []).append(user_id)
        cohort_of = {}
        for course_id, user_ids in by_course.items():
            for start in range(0, len(user_ids), COHORT_SIZE):
                cohort_id = new_id("cohort")
                facilitator_id = new_id("user")
                writer.add(tables["user"], {"id": facilitator_id, "username": f"scale-f{facilitator_id}",
                                            "display_name": f"Facilitator {facilitator_id}", "password_hash": "!",
                                            "session_token": f"scale-{facilitator_id}", "is_facilitator": True,
                                            "created_at": now})
                writer.add(tables["cohort"], {"id": cohort_id, "course_id": course_id,
                                              "name": f"Cohort {cohort_id}", "language": "en",
                                              "join_code": f"S{cohort_id:07d}", "inactive_days": 7,
                                              "created_by_id": facilitator_id, "created_at": now})
                writer.add(tables["membership"], {"id": new_id("membership"), "cohort_id": cohort_id,
                                                  "user_id": facilitator_id, "role": FACILITATOR, "joined_at": now})
                for user_id in user_ids[start:start + COHORT_SIZE]:
                    cohort_of[(user_id, course_id)] = cohort_id
                    writer.add(tables["membership"], {"id": new_id("membership"), "cohort_id": cohort_id,
                                                      "user_id": user_id, "role": LEARNER, "joined_at": now})
        writer.flush()
        # 1.3 attempts per answered question, and fewer questions answered
        # than drawn by those who reach the end of their course: dividing by
        # 1.13 brings the total close to attempts_goal (found by trying).
        mean_answered = attempts_goal / len(enrolments) / 1.13
        for user_id, course, _first in enrolments:
            _bulk_enrolment(writer, tables, new_id, user_id, course, cohort_of.get((user_id, course["id"])),
                            attempts_t, fields_t, rng.expovariate(1 / mean_answered), now, rng)
        writer.flush()
        if engine.dialect.name == "postgresql":
            for table in tables.values():
                connection.execute(text(f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                                        f"(SELECT max(id) FROM \"{table.name}\"))"))
    engine.dispose()
    return writer.counts


def _bulk_enrolment(writer, tables, new_id, user_id, course, cohort_id, attempts_t, fields_t, answered, now, rng):
    """One learner's enrolment: their first `answered` questions in page order, with attempts and progress."""
    remaining = int(answered)
    module_rows, last_module, activity = [], None, now - timedelta(days=rng.randint(0, 120))
    for module in course["modules"]:
        if remaining <= 0:
            break
        last_module = module["slug"]
        latest_scores, answered_graded = 0.0, 0
        for block in module["blocks"][:remaining]:
            remaining -= 1
            attempts = rng.choices([1, 2, 3], weights=[78, 16, 6])[0]
            for number in range(attempts):
                pick = rng.choice(("first", "last"))
                template = attempts_t[(block["usage_id"], pick)]
                writer.add(tables["attempt"], {
                    **template, "id": new_id("attempt"), "user_id": user_id,
                    "idempotency_key": f"scale-{user_id}-{block['usage_id'][-30:]}-{number}",
                    "created_at": activity - timedelta(minutes=10 * (attempts - number))})
            if template["score"] is not None:
                latest_scores += template["score"]
                answered_graded += 1
            for field in fields_t[(block["usage_id"], pick)]:
                value = attempts if field["field_name"] == "attempts" else field["value"]
                writer.add(tables["field"], {**field, "id": new_id("field"), "user_key": str(user_id),
                                             "value": value, "updated_at": activity})
        graded = sum(1 for b in module["blocks"] if b["graded"])
        complete = answered_graded >= graded
        passed = complete and _reaches(latest_scores, module["max_score"], module["pass_mark"])
        module_rows.append((module, latest_scores, complete))
        writer.add(tables["progress"], {
            "id": new_id("progress"), "user_id": user_id, "course_id": course["id"], "module_slug": module["slug"],
            "viewed_at": activity, "answered_count": answered_graded, "score": latest_scores,
            "max_score": module["max_score"], "completed_at": activity if complete else None, "passed": passed,
            "failed_attempts": 0, "updated_at": activity})
    counted = [m for m in course["modules"] if m["role"] != "pre_test"]
    score = sum(s for m, s, _c in module_rows if m["role"] != "pre_test")
    maximum = sum(m["max_score"] for m in counted)
    complete = len(module_rows) == len(course["modules"]) and all(c for _m, _s, c in module_rows)
    writer.add(tables["enrollment"], {
        "id": new_id("enrollment"), "user_id": user_id, "course_id": course["id"], "cohort_id": cohort_id,
        "enrolled_at": activity - timedelta(days=rng.randint(0, 60)),
        "last_activity_at": activity if module_rows else None, "last_module_slug": last_module,
        "score": score, "max_score": maximum, "completed_at": activity if complete else None,
        "passed_at": activity if complete and _reaches(score, maximum, course["pass_mark"]) else None})


def build(url: str, instance: Path, learners: int, attempts: int) -> dict:
    """Migrate, publish, record the samples' real submissions, bulk-insert, then the measured people."""
    from flask_migrate import upgrade

    from lms_app.accounts.service import create_user
    from lms_app.extensions import db
    from lms_app.accounts.models import User

    app = make_app(url, instance)
    with app.app_context():
        upgrade()
    publish_content(app)
    catalogue = _catalogue(app)
    sample_ids = {}
    for pick in ("first", "last"):
        with app.app_context():
            sample_ids[pick] = create_user(f"bench-sample-{pick}", "Sample", PASSPHRASE).id
        client = app.test_client()
        sign_in(client, f"bench-sample-{pick}")
        for course in catalogue:
            enrol(client, course["slug"])
            for module in course["modules"]:
                answer_every_question(client, f"/courses/{course['slug']}/{module['slug']}", pick)
    attempts_t, fields_t = _templates(app, sample_ids)
    with app.app_context():
        db.engine.dispose()  # the bulk connection changes the journal mode, which needs the file to itself
    counts = _bulk_learners(url, catalogue, attempts_t, fields_t, learners, attempts, random.Random(2026))
    # The measured facilitator takes over a cohort of the measured course from
    # the middle of the table, and the measured learner joins it by its code
    # and answers the measured module, all through the app.
    course = next(c for c in catalogue if c["slug"] == MEASURED_COURSE)
    with app.app_context():
        from lms_app.facilitate.models import FACILITATOR, Cohort, CohortMembership

        cohort_ids = list(db.session.scalars(select(Cohort.id).where(Cohort.course_id == course["id"])
                                             .order_by(Cohort.id)))
        cohort = db.session.get(Cohort, cohort_ids[len(cohort_ids) // 2])
        facilitator = create_user("bench-facilitator", "Facilitator", PASSPHRASE)
        db.session.get(User, facilitator.id).is_facilitator = True
        db.session.add(CohortMembership(cohort_id=cohort.id, user_id=facilitator.id, role=FACILITATOR))
        create_user("bench-learner", "Learner", PASSPHRASE)
        db.session.commit()
        cohort_id, join_code = cohort.id, cohort.join_code
    client = app.test_client()
    sign_in(client, "bench-learner")
    client.post(f"/join/{join_code}", data={"code": join_code, "csrf_token": csrf_token(client, f"/join/{join_code}")})
    answer_every_question(client, f"/courses/{MEASURED_COURSE}/{MEASURED_MODULE}")
    with app.app_context():
        from lms_app.learn.models import Attempt

        totals = {"learners": db.session.scalar(select(func.count()).select_from(User.__table__)),
                  "attempts": db.session.scalar(select(func.count()).select_from(Attempt.__table__)),
                  "cohort_id": cohort_id, "inserted": counts}
        db.session.commit()
        db.engine.dispose()
    return totals


def database(size: str, learners: int, attempts: int) -> tuple[str, Path, dict]:
    """The URL of a built database of this size, building it unless a cached one matches."""
    key = cache_key()
    base = os.environ.get("LMS_DATABASE_URL")
    # The instance folder (and its "built" marker) of each database system apart.
    kind = f"{make_url(base).get_backend_name()}-{size}" if base else f"sqlite-{size}"
    cache = Path(tempfile.gettempdir()) / "lms-bench-scale"
    instance = cache / f"{key}-{kind}"
    marker = instance / "built.txt"
    if base:
        name = f"{make_url(base).database}_scale_{key}_{size}"
        url = make_url(base).set(database=name).render_as_string(hide_password=False)
    else:
        url = f"sqlite:///{instance / 'lms.sqlite3'}"
    if marker.exists():
        return url, instance, json.loads(marker.read_text())
    import shutil

    # Databases of this size built for older migrations or content: gigabytes of nothing.
    for stale in cache.glob(f"*-{kind}"):
        shutil.rmtree(stale)
    instance.mkdir(parents=True)
    if base:
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
    start = time.monotonic()
    totals = build(url, instance, learners, attempts)
    totals["build_seconds"] = round(time.monotonic() - start)
    marker.write_text(json.dumps(totals))
    return url, instance, totals


# --- measuring ----------------------------------------------------------------

def median_ms(clients: dict, path_of: dict) -> dict:
    """Median milliseconds of each database's page, the two databases' requests taken in turn.

    Alternating keeps a change in the machine's load (it is shared) from
    landing on one database only.
    """
    for _ in range(WARM_UP):
        for name, client in clients.items():
            client.get(path_of[name])
    times = {name: [] for name in clients}
    for _ in range(PAGE_RUNS):
        for name, client in clients.items():
            start = time.perf_counter()
            response = client.get(path_of[name])
            times[name].append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{path_of[name]} answered {response.status_code}")
    return {name: statistics.median(values) for name, values in times.items()}


def slowest_statements(app, client, path: str, count: int = 5) -> list[str]:
    """The `count` slowest statements of one request, each with its query plan."""
    from lms_app.extensions import db

    timings = []

    def before(_conn, _cursor, statement, parameters, context, _many):
        context._bench_start = time.perf_counter()

    def after(_conn, _cursor, statement, parameters, context, _many):
        timings.append(((time.perf_counter() - context._bench_start) * 1000, statement, parameters))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        client.get(path)
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)
    report = [f"{path}: {len(timings)} statements, {sum(t for t, _s, _p in timings):.1f} ms in the database"]
    explain = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
    with engine.connect() as connection:
        for ms, statement, parameters in sorted(timings, key=lambda t: -t[0])[:count]:
            plan = connection.exec_driver_sql(explain + statement, parameters).all()
            report.append(f"\n{ms:.2f} ms: {' '.join(statement.split())}\n  params {parameters}")
            report += [f"  plan: {' | '.join(str(c) for c in row)}" for row in plan]
    return report


def signed_in_clients(url: str, instance: Path) -> tuple:
    app = make_app(url, instance)
    learner, facilitator = app.test_client(), app.test_client()
    sign_in(learner, "bench-learner")
    sign_in(facilitator, "bench-facilitator")
    return app, learner, facilitator


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--explain", action="store_true", help="slowest statements and plans on the big database")
    parser.add_argument("--profile", action="store_true", help="cProfile of the module page on the big database")
    parser.add_argument("--learners", type=int, default=LEARNERS)
    parser.add_argument("--attempts", type=int, default=ATTEMPTS)
    args = parser.parse_args()
    small_url, small_instance, small = database("small", COHORT_SIZE, COHORT_SIZE * ATTEMPTS // LEARNERS)
    big_url, big_instance, big = database(f"{args.learners}-{args.attempts}", args.learners, args.attempts)
    _small_app, small_learner, small_facilitator = signed_in_clients(small_url, small_instance)
    big_app, big_learner, big_facilitator = signed_in_clients(big_url, big_instance)
    module_path = f"/courses/{MEASURED_COURSE}/{MEASURED_MODULE}"
    module = median_ms({"small": small_learner, "big": big_learner}, {"small": module_path, "big": module_path})
    dashboard = median_ms({"small": small_facilitator, "big": big_facilitator},
                          {"small": f"/cohorts/{small['cohort_id']}", "big": f"/cohorts/{big['cohort_id']}"})
    if args.explain:
        for client, path in ((big_learner, module_path), (big_facilitator, f"/cohorts/{big['cohort_id']}")):
            print("\n".join(slowest_statements(big_app, client, path)), file=sys.stderr)
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(lambda: [big_learner.get(module_path) for _ in range(20)])
        pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
    engine = "PostgreSQL" if big_url.startswith("postgresql") else "SQLite"
    size = f"{big['learners']:,} users, {big['attempts']:,} attempts vs {small['learners']:,} users"
    rows = [
        (f"module page, signed-in learner, {size} ({engine})",
         f"{module['big']:.1f} ms vs {module['small']:.1f} ms = {module['big'] / module['small']:.2f}x "
         f"(median of {PAGE_RUNS})", f"<= {GOAL_RATIO}x"),
        (f"cohort dashboard, {COHORT_SIZE + 1} learners, {size} ({engine})",
         f"{dashboard['big']:.1f} ms vs {dashboard['small']:.1f} ms = {dashboard['big'] / dashboard['small']:.2f}x "
         f"(median of {PAGE_RUNS})", f"<= {GOAL_RATIO}x"),
    ]
    print(f"big database built in {big.get('build_seconds', '?')} s (cached under {big_instance})", file=sys.stderr)
    for name, result, goal in rows:
        print(f"| {name} | {result} | {goal} |" if args.markdown else f"{name}: {result} (goal {goal})")


if __name__ == "__main__":
    main()
