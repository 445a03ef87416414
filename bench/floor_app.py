"""The LMS with two routes that do the least a signed-in page or a quiz answer can do: the floors of bench_http.py.

`GET /bench/signed-in` returns a fixed body the size of the measured module
page once Flask-Login has loaded the signed-in user: every hook, header
and query the app runs for a signed-in request, and no page work. It is
what a module page would cost if its HTML were free (cached whole, say).

`POST /bench/write` does the smallest write a submission could: in the
app's write transaction (BEGIN IMMEDIATE on SQLite), look up one key and
insert three rows (an answer has at least an attempt, the block's state and
the module's progress to store), then commit.

Both use the app's own factory, engine and session; only these two routes
are added, in a copy of the app that only the benchmark serves.
"""
import os
import uuid

import sqlalchemy as sa
from flask import Response
from flask_login import current_user, login_required

from lms_app import create_app
from lms_app.database import write_transaction
from lms_app.extensions import csrf, db

BODY_BYTES = int(os.environ.get("BENCH_FLOOR_BODY_BYTES", "5000"))
_metadata = sa.MetaData()
floor_rows = sa.Table(
    "bench_floor_row", _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.Integer, nullable=False),
    sa.Column("key", sa.String(64), nullable=False, unique=True),
    sa.Column("value", sa.Text, nullable=False),
)
_find_key = sa.select(floor_rows.c.id).where(floor_rows.c.key == sa.bindparam("key"))
_insert = sa.insert(floor_rows)


def create_floor_app():
    app = create_app()
    body = ("x" * BODY_BYTES).encode()

    @login_required
    def signed_in():
        return Response(body, mimetype="text/html")

    @login_required
    def write():
        key = uuid.uuid4().hex
        with write_transaction() as session:
            session.execute(_find_key, {"key": key}).first()
            for part in range(3):
                session.execute(_insert, {"user_id": current_user.id, "key": f"{key}-{part}", "value": "x" * 200})
        return {"stored": 3}

    app.add_url_rule("/bench/signed-in", "bench_signed_in", signed_in)
    app.add_url_rule("/bench/write", "bench_write", csrf.exempt(write), methods=["POST"])
    with app.app_context():
        _metadata.create_all(db.engine)
    return app


app = create_floor_app()
