"""One check per kind of access, used by every view that needs it."""
from functools import wraps

from flask import abort
from flask_login import current_user, login_required


def role_required(role: str):
    """Refuse with 403 unless the signed-in user has `role` ("author" or "admin")."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            allowed = current_user.is_admin if role == "admin" else (current_user.is_author or current_user.is_admin)
            if not allowed:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


admin_required = role_required("admin")
author_required = role_required("author")
