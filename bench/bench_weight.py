"""Page weight of every learner page: the HTML, and everything a first visit loads with it.

For each page: the HTML's bytes raw and gzip-compressed, then every
stylesheet, script, icon, image and font it (or its stylesheets) loads,
fetched once each as a browser with an empty cache would. Compression is
what the nginx configuration of docs/operations.md does: HTML, CSS and JS
gzipped at nginx's default level (1); images and fonts as they are.

The pages are those a learner sees, from the URL map: catalogue, course
page, module page before and after answering its questions, my learning,
certificate, verification, my data, account, joining a cohort, sign-in,
sign-up and privacy. The courses are content/, published by the app. For
the certificate page the learner's enrolment in one course is marked
passed directly (as tests/certificates do): only the page's bytes are
measured, and passing every question of a course through forms would
need each question's answer key.

Goal (ours; neither the README nor docs/ set one): a first visit within
50 kB gzip, a few seconds on 2G (about 100 kbit/s), and each page's HTML
within 14 kB gzip, what the server can send in the first round trip of a
new connection (TCP's initial window of 10 segments).

Run: .venv/bin/python bench/bench_weight.py [--markdown]
"""
import argparse
import os
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_scale import PASSPHRASE, answer_every_question, csrf_token, enrol, make_app, publish_content, sign_in  # noqa: E402
from tests.learn.test_page_weight import page_weight  # noqa: E402

FIRST_VISIT_GOAL = 50_000
HTML_GOAL = 14_000
COURSE, MODULE = "cpms-essentials", "why-protection"
PASSED_COURSE = "every-sector"


def _prepare(app) -> tuple[object, str]:
    """A signed-in learner enrolled in two courses, one passed; and the passed course's certificate code."""
    from flask_migrate import upgrade

    from lms_app.accounts.service import create_user
    from lms_app.catalog.models import Course
    from lms_app.certificates.models import Certificate
    from lms_app.extensions import db
    from lms_app.learn.models import Enrollment

    with app.app_context():
        upgrade()
    publish_content(app)
    with app.app_context():
        create_user("weight-learner", "Amina Diallo", PASSPHRASE)
    client = app.test_client()
    sign_in(client, "weight-learner")
    enrol(client, COURSE)
    enrol(client, PASSED_COURSE)
    with app.app_context():
        enrollment = db.session.scalar(db.select(Enrollment).join(Course, Course.id == Enrollment.course_id)
                                       .where(Course.slug == PASSED_COURSE))
        enrollment.completed_at = enrollment.passed_at = datetime.now(timezone.utc)
        db.session.commit()
    client.get(f"/certificates/{PASSED_COURSE}")  # issues the certificate
    with app.app_context():
        code = db.session.scalar(db.select(Certificate.code))
    return client, code


def _measure(app) -> list:
    """(page name, PageWeight) of every learner page."""
    learner, code = _prepare(app)
    visitor = app.test_client()
    module_url = f"/courses/{COURSE}/{MODULE}"
    pages = [
        ("catalogue (signed out)", visitor, "/"),
        ("course page (signed out)", visitor, f"/courses/{COURSE}"),
        ("sign-in", visitor, "/signin"),
        ("sign-up", visitor, "/signup"),
        ("privacy", visitor, "/privacy"),
        ("certificate verification (public)", visitor, f"/verify/{code}"),
        ("catalogue (learner)", learner, "/"),
        ("course page (learner)", learner, f"/courses/{COURSE}"),
        ("module page, questions not answered", learner, module_url),
    ]
    measured = [(name, page_weight(client, path)) for name, client, path in pages]
    answer_every_question(learner, module_url)
    pages = [
        ("module page, every question answered", learner, module_url),
        ("my learning (progress)", learner, "/my-learning"),
        ("certificate", learner, f"/certificates/{PASSED_COURSE}"),
        ("my data", learner, "/my-data"),
        ("account", learner, "/account"),
        ("join a cohort", learner, "/join"),
    ]
    measured += [(name, page_weight(client, path)) for name, client, path in pages]
    return measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lms-bench-weight-") as folder:
        instance = Path(folder)
        url = os.environ.get("LMS_DATABASE_URL") or f"sqlite:///{instance / 'lms.sqlite3'}"
        measured = _measure(make_app(url, instance))
    for name, weight in measured:
        if weight.failed or weight.foreign:
            print(f"{name}: failed {weight.failed}, other hosts {weight.foreign}", file=sys.stderr)
        result = (f"HTML {weight.html_bytes / 1000:.1f} kB ({weight.html_gzip / 1000:.1f} kB gzip), "
                  f"{weight.requests} request{'s' if weight.requests > 1 else ''}, "
                  f"total {weight.total_gzip / 1000:.1f} kB gzip ({weight.total_bytes / 1000:.1f} kB raw) "
                  f"on first visit")
        goal = f"first visit < {FIRST_VISIT_GOAL // 1000} kB gzip, HTML < {HTML_GOAL // 1000} kB gzip"
        name = f"page weight: {name}"
        print(f"| {name} | {result} | {goal} |" if args.markdown else f"{name}: {result} (goal {goal})")


if __name__ == "__main__":
    main()
