"""Who may reach a route, and the status each role gets: the vocabulary of the authorisation matrix."""
from dataclasses import dataclass
from typing import Callable

# Who may use a route.
PUBLIC = "public"            # everyone, signed in or not
SIGNED_OUT = "signed out"    # visitors without an account; the signed-in are sent home
SIGNED_IN = "signed in"      # any account
ENROLLED = "enrolled"        # learners enrolled in the course (others: 403, the "enrol first" page)
OWNER = "owner"              # the learner the record belongs to; anyone else: 404, so a code is never confirmed
AUTHOR = "author"            # authors and admins
ADMIN = "admin"              # admins only
COHORT = "cohort"            # the cohort's facilitators and admins; anyone else: 404, the cohort is not theirs

SIGN_IN_REDIRECT = 302


@dataclass(frozen=True)
class Route:
    """One row of the matrix.

    `url` is formatted with the World's attributes (or is a function of the
    world and the role, for URLs signed per user); `ok` is the status when
    the role may use the route; `data` is the form posted (a valid CSRF
    token is added: the matrix is about who, the CSRF suite about tokens).
    """

    url: str | Callable
    who: str
    ok: int = 200
    data: dict | Callable | None = None

    def url_for(self, world, role: str) -> str:
        if callable(self.url):
            return self.url(world, role)
        return self.url.format(**vars(world), **{f"{r}_id": u.id for r, u in world.users.items()})

    def form_for(self, world) -> dict:
        return dict(self.data(world) if callable(self.data) else (self.data or {}))


def expected_status(route: Route, role: str) -> int:
    """The status `role` must get from `route`."""
    signed_in = role != "anonymous"
    if route.who == PUBLIC:
        return route.ok
    if route.who == SIGNED_OUT:
        return SIGN_IN_REDIRECT if signed_in else route.ok
    if not signed_in:
        return SIGN_IN_REDIRECT
    allowed = {
        SIGNED_IN: True,
        ENROLLED: role == "learner",
        OWNER: role == "learner",
        AUTHOR: role in ("author", "admin"),
        ADMIN: role == "admin",
        # None of the matrix's roles facilitates the world's cohort (its facilitator is not a role here;
        # tests/facilitate/test_access.py has facilitators of this and of another cohort).
        COHORT: role == "admin",
    }[route.who]
    if allowed:
        return route.ok
    return 404 if route.who in (OWNER, COHORT) else 403

