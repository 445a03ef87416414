"""When each module opens and is due for a cohort, and what that means for its learners."""
from dataclasses import dataclass
from datetime import date

from ..catalog.models import Module
from ..database import write_transaction
from ..extensions import db
from ..models_base import utcnow
from .models import Cohort, ModuleSchedule


@dataclass(frozen=True)
class ModuleDates:
    opens_on: date | None = None
    due_on: date | None = None

    def locked(self, today: date) -> bool:
        return self.opens_on is not None and today < self.opens_on

    def overdue(self, today: date) -> bool:
        return self.due_on is not None and today > self.due_on


def cohort_schedule(cohort_id: int) -> dict[str, ModuleDates]:
    """Module slug -> its dates for the cohort (one query)."""
    return {row.module_slug: ModuleDates(row.opens_on, row.due_on) for row in db.session.scalars(
        db.select(ModuleSchedule).where(ModuleSchedule.cohort_id == cohort_id))}


class ScheduleError(ValueError):
    def __init__(self, module_slug: str):
        super().__init__(module_slug)
        self.module_slug = module_slug


def set_schedule(cohort: Cohort, modules: list[Module], dates: dict[str, ModuleDates]) -> None:
    """Replace the cohort's dates for these modules; a due date before the opening date is refused."""
    for module in modules:
        d = dates.get(module.slug, ModuleDates())
        if d.opens_on and d.due_on and d.due_on < d.opens_on:
            raise ScheduleError(module.slug)
    with write_transaction() as session:
        existing = {row.module_slug: row for row in session.scalars(
            db.select(ModuleSchedule).where(ModuleSchedule.cohort_id == cohort.id))}
        for module in modules:
            d = dates.get(module.slug, ModuleDates())
            row = existing.get(module.slug)
            if d.opens_on is None and d.due_on is None:
                if row is not None:
                    session.delete(row)
                continue
            if row is None:
                row = ModuleSchedule(cohort_id=cohort.id, module_slug=module.slug)
                session.add(row)
            row.opens_on, row.due_on = d.opens_on, d.due_on


def learner_schedule(cohort_id: int | None) -> dict[str, ModuleDates]:
    """The dates that apply to a learner of this cohort (one query): none outside a cohort or once it is archived."""
    if cohort_id is None:
        return {}
    return {row.module_slug: ModuleDates(row.opens_on, row.due_on) for row in db.session.scalars(
        db.select(ModuleSchedule).join(Cohort, Cohort.id == ModuleSchedule.cohort_id)
        .where(ModuleSchedule.cohort_id == cohort_id, Cohort.archived_at.is_(None)))}


def today() -> date:
    """Dates of a cohort are calendar days; the server's UTC day decides."""
    return utcnow().date()


def opening_date_if_locked(cohort_id: int | None, module_slug: str) -> date | None:
    """The date the module opens for a learner of this cohort, if it is still locked; else None."""
    dates = learner_schedule(cohort_id).get(module_slug)
    return dates.opens_on if dates is not None and dates.locked(today()) else None
