"""How Flask-Login finds the signed-in user from the session cookie."""
from ..extensions import db
from .models import User


def load_user(session_id: str) -> User | None:
    """`session_id` is "<user id>:<session token>"; a rotated token signs the session out."""
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_token != token:
        return None
    return user
