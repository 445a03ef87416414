"""What the cohort knew before and after the course: pre-test, post-test, gain.

Scores are fractions (0..1). Gain is post - pre; normalised gain is
(post - pre) / (1 - pre), the share of what there was left to learn that
was learnt (undefined when the pre-test was perfect). For the cohort, the
averages are over the learners who have both scores, and the normalised
gain is that of the averages (Hake's <g>).

A learner who took a test on paper has the score a facilitator entered,
marked as such; an online result, when complete, is the one used. Paper
scores have no item detail, so they count in the totals but not per
standard.
"""
from dataclasses import dataclass, field

from ..catalog.models import Block, CourseVersion, Module
from ..database import write_transaction
from ..extensions import db
from ..learn.models import Attempt, ModuleProgress
from .dashboard import CohortLearner
from .cohorts import learner_ids
from .models import Cohort, OfflineScore

PRE, POST = "pre", "post"


@dataclass
class TestScore:
    fraction: float
    on_paper: bool = False


@dataclass
class LearnerPrePost:
    learner: CohortLearner
    pre: TestScore | None = None
    post: TestScore | None = None

    @property
    def gain(self) -> float | None:
        return gain(self.pre.fraction, self.post.fraction) if self.pre and self.post else None

    @property
    def normalised_gain(self) -> float | None:
        return normalised_gain(self.pre.fraction, self.post.fraction) if self.pre and self.post else None


@dataclass
class StandardPrePost:
    standard: int
    pre_earned: float = 0.0
    pre_possible: float = 0.0
    post_earned: float = 0.0
    post_possible: float = 0.0

    @property
    def pre(self) -> float | None:
        return self.pre_earned / self.pre_possible if self.pre_possible else None

    @property
    def post(self) -> float | None:
        return self.post_earned / self.post_possible if self.post_possible else None


@dataclass
class CohortPrePost:
    has_tests: bool
    learners: list[LearnerPrePost] = field(default_factory=list)
    standards: list[StandardPrePost] = field(default_factory=list)

    @property
    def paired(self) -> list[LearnerPrePost]:
        return [row for row in self.learners if row.pre and row.post]

    @property
    def mean_pre(self) -> float | None:
        return _mean([row.pre.fraction for row in self.paired])

    @property
    def mean_post(self) -> float | None:
        return _mean([row.post.fraction for row in self.paired])

    @property
    def mean_gain(self) -> float | None:
        return gain(self.mean_pre, self.mean_post) if self.paired else None

    @property
    def normalised_gain(self) -> float | None:
        return normalised_gain(self.mean_pre, self.mean_post) if self.paired else None


def gain(pre: float, post: float) -> float:
    return post - pre


def normalised_gain(pre: float, post: float) -> float | None:
    return None if pre >= 1 else (post - pre) / (1 - pre)


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def cohort_pre_post(cohort: Cohort, version: CourseVersion, modules: list[Module],
                    learners: list[CohortLearner]) -> CohortPrePost:
    """Pre/post results per learner and per standard (three queries; `learners` need not carry their progress)."""
    slugs = {PRE: version.pre_test_slug, POST: version.post_test_slug}
    result = CohortPrePost(has_tests=bool(slugs[PRE] and slugs[POST]))
    if not result.has_tests:
        return result
    connection = db.session.connection()
    paper = {(row.user_id, row.test): row for row in connection.execute(
        db.select(OfflineScore.user_id, OfflineScore.test, OfflineScore.score, OfflineScore.max_score)
        .where(OfflineScore.cohort_id == cohort.id))}
    # The two tests' progress rows only, as plain rows: not the whole course's.
    tests = {(row.user_id, row.module_slug): row for row in connection.execute(
        db.select(ModuleProgress.user_id, ModuleProgress.module_slug, ModuleProgress.score, ModuleProgress.max_score)
        .where(ModuleProgress.course_id == cohort.course_id, ModuleProgress.module_slug.in_(set(slugs.values())),
               ModuleProgress.completed_at.is_not(None), ModuleProgress.user_id.in_(learner_ids(cohort))))}
    for learner in learners:
        row = LearnerPrePost(learner)
        for test, slug in slugs.items():
            online = tests.get((learner.user_id, slug))
            if online is not None and online.max_score:
                score = TestScore(online.score / online.max_score)
            elif (entry := paper.get((learner.user_id, test))) is not None and entry.max_score:
                score = TestScore(entry.score / entry.max_score, on_paper=True)
            else:
                score = None
            setattr(row, test, score)
        result.learners.append(row)
    result.standards = _per_standard(cohort, modules, slugs)
    return result


def _per_standard(cohort: Cohort, modules: list[Module], slugs: dict[str, str]) -> list[StandardPrePost]:
    test_of_module = {m.id: test for m in modules for test, slug in slugs.items() if m.slug == slug}
    rows = db.session.connection().execute(
        db.select(Attempt.user_id, Attempt.usage_id, Attempt.score, Attempt.max_score, Block.cpms_standards,
                  Block.module_id)
        .join(Block, Block.usage_id == Attempt.usage_id)
        .where(Block.module_id.in_(list(test_of_module)), Attempt.user_id.in_(learner_ids(cohort)),
               Attempt.score.is_not(None))
        .order_by(Attempt.id)
    ).all()
    latest = {(r.user_id, r.usage_id): r for r in rows}
    by_standard: dict[int, StandardPrePost] = {}
    for r in latest.values():
        test = test_of_module[r.module_id]
        for standard in r.cpms_standards or []:
            entry = by_standard.setdefault(standard, StandardPrePost(standard))
            if test == PRE:
                entry.pre_earned += r.score or 0.0
                entry.pre_possible += r.max_score or 0.0
            else:
                entry.post_earned += r.score or 0.0
                entry.post_possible += r.max_score or 0.0
    return [by_standard[n] for n in sorted(by_standard)]


def record_paper_score(cohort: Cohort, user_id: int, test: str, score: float, max_score: float,
                       entered_by_id: int) -> None:
    """Enter or correct a paper test score for a learner of the cohort (caller checks membership)."""
    with write_transaction() as session:
        entry = session.scalar(db.select(OfflineScore).where(
            OfflineScore.cohort_id == cohort.id, OfflineScore.user_id == user_id, OfflineScore.test == test))
        if entry is None:
            entry = OfflineScore(cohort_id=cohort.id, user_id=user_id, test=test)
            session.add(entry)
        entry.score, entry.max_score, entry.entered_by_id = score, max_score, entered_by_id
