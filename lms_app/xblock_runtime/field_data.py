"""XBlock field data kept in the database, with the page's state loaded up front.

Authored fields (content and settings scopes) come from the published
`Block` rows, in the learner's language, and are read-only here: a learner's
request can never change what the author wrote. Learner fields (user_state,
user_state_summary, preferences, user_info) are `XBlockField` rows, loaded
in one query for every block on a page and written back on save.
"""
import json

from sqlalchemy import bindparam
from xblock.exceptions import InvalidScopeError
from xblock.fields import BlockScope, Scope
from xblock.runtime import KeyValueStore

from ..extensions import db
from .models import XBlockField

# A learner's value for one field, serialised. Big enough for a long
# reflection; small enough that nobody can fill the database through a block.
MAX_FIELD_BYTES = 32 * 1024

AUTHORED_SCOPES = (Scope.content, Scope.settings, Scope.children, Scope.parent)


class FieldTooLarge(ValueError):
    """A block tried to store a value over MAX_FIELD_BYTES."""


def _row_key(key: KeyValueStore.Key) -> tuple[str, str, str, str]:
    return (
        key.scope.name,
        "" if key.user_id is None else str(key.user_id),
        "" if key.block_scope_id is None else str(key.block_scope_id),
        key.field_name,
    )


class DatabaseKeyValueStore(KeyValueStore):
    """Key-value store over authored definitions and preloaded XBlockField rows."""

    def __init__(self, authored: dict[str, dict], rows: list[XBlockField]):
        # authored: {usage id: {field name: value}} for the learner's language.
        self._authored = authored
        self._rows = {(r.scope, r.user_key, r.usage_id, r.field_name): r for r in rows}

    def _authored_value(self, key):
        fields = self._authored.get(str(key.block_scope_id))
        if fields is None or key.field_name not in fields:
            raise KeyError(key.field_name)
        return fields[key.field_name]

    def get(self, key):
        if key.scope in AUTHORED_SCOPES:
            return self._authored_value(key)
        row = self._rows.get(_row_key(key))
        if row is None:
            raise KeyError(key.field_name)
        return row.value

    def has(self, key):
        try:
            self.get(key)
        except KeyError:
            return False
        return True

    def set(self, key, value):
        self.set_many({key: value})

    def set_many(self, update_dict):
        for key, value in update_dict.items():
            if key.scope in AUTHORED_SCOPES:
                raise InvalidScopeError(f"{key.field_name} is authored content and cannot be changed by a learner")
            if key.scope.block == BlockScope.ALL and key.scope.user.name == "NONE":
                raise InvalidScopeError(f"{key.field_name}: fields shared by every block are not stored")
            if len(json.dumps(value, default=str).encode()) > MAX_FIELD_BYTES:
                raise FieldTooLarge(key.field_name)
            row_key = _row_key(key)
            row = self._rows.get(row_key)
            if row is None:
                row = XBlockField(scope=row_key[0], user_key=row_key[1], usage_id=row_key[2],
                                  field_name=row_key[3], value=value)
                db.session.add(row)
                self._rows[row_key] = row
            else:
                row.value = value

    def delete(self, key):
        if key.scope in AUTHORED_SCOPES:
            raise InvalidScopeError(f"{key.field_name} is authored content and cannot be changed by a learner")
        row = self._rows.pop(_row_key(key), None)
        if row is not None:
            db.session.delete(row)


def load_state_rows(user_id: int, usage_ids: list[str], *, for_update: bool = False) -> list[XBlockField]:
    """Every learner-scoped row of these blocks for this user (and their shared summaries), in one query.

    `for_update` locks the rows (PostgreSQL) so that two handlers updating a
    shared summary, a poll's tally say, cannot lose one another's update.
    """
    if not usage_ids:
        return []
    statement = _STATE_ROWS_FOR_UPDATE if for_update else _STATE_ROWS
    return list(db.session.scalars(statement, {"usage_ids": list(usage_ids), "user_keys": [str(user_id), ""]}))


# Built once (every module page and submission runs one): see loading.py.
_STATE_ROWS = db.select(XBlockField).where(
    XBlockField.usage_id.in_(bindparam("usage_ids", expanding=True)),
    XBlockField.user_key.in_(bindparam("user_keys", expanding=True)),
)
_STATE_ROWS_FOR_UPDATE = _STATE_ROWS.with_for_update()
