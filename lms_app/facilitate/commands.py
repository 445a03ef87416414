"""`flask demo cohort`: a cohort to try the facilitator's pages on a laptop."""
import click

from ..accounts.commands import demo_cli
from ..accounts.service import find_user
from ..catalog.models import Course
from ..database import write_transaction
from ..extensions import db
from .cohorts import add_learner, create_cohort
from .models import Cohort

DEMO_COHORT = "Demo cohort"


@demo_cli.command("cohort")
def demo_cohort_command():
    """Create the demo cohort (demo-facilitator, with demo-learner in it) if it does not exist."""
    facilitator, learner = find_user("demo-facilitator"), find_user("demo-learner")
    # The Essentials course has a pre-test and a post-test, so every report has something to show.
    course = db.session.scalar(db.select(Course).where(Course.current_version_id.is_not(None))
                               .order_by(Course.slug != "cpms-essentials", Course.slug))
    if facilitator is None or learner is None or course is None:
        raise click.ClickException("Run `flask demo accounts` and publish a course first.")
    cohort = db.session.scalar(db.select(Cohort).where(Cohort.name == DEMO_COHORT))
    if cohort is None:
        cohort = create_cohort(facilitator, course, DEMO_COHORT, "en", None, None)
        with write_transaction() as session:
            add_learner(session, cohort, learner.id)
    click.echo(f"Demo cohort: demo-facilitator runs it at http://127.0.0.1:5000/cohorts/{cohort.id}; "
               f"learners join with the code {cohort.join_code}.")
