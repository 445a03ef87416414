"""The authorisation matrix's rows for the `facilitate` blueprint (cohort pages), to be filled in.

The cohort routes were being written while the matrix of
test_authorisation_matrix.py was built, so the matrix skips every route of
the `facilitate` blueprint. Whoever owns the cohort routes fills this in:
one entry per (method, URL rule), in the same form as `ROUTES` in
test_authorisation_matrix.py (`Route` and the roles are in access_rules.py),
for example

    ("GET", "/cohorts/<int:cohort_id>"): Route("/cohorts/{cohort_id}", COHORT_FACILITATOR),

New roles (facilitator of this cohort, facilitator of another cohort, learner
of the cohort) need their users in conftest.World and their rule in
access_rules.expected_status. Once every facilitate route is listed, delete
the `facilitate` skip (SKIPPED_BLUEPRINTS) in test_authorisation_matrix.py,
so that a new cohort route without an entry fails like any other.
"""

FACILITATE_ROUTES: dict = {}
