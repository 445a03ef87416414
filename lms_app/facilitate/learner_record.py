"""One learner of a cohort as their facilitator sees them: progress per module and their latest answers."""
from dataclasses import dataclass, field

from ..catalog.models import Block, Module
from ..extensions import db
from ..learn.models import Attempt
from .dashboard import CohortLearner, Dashboard
from .item_analysis import answer_text, is_correct, question_text
from .models import OfflineScore


@dataclass
class AnswerLine:
    module: Module
    question: str
    answer: str
    score: float
    max_score: float
    correct: bool
    attempts: int


@dataclass
class LearnerRecord:
    learner: CohortLearner
    answers: list[AnswerLine] = field(default_factory=list)
    paper_scores: dict[str, OfflineScore] = field(default_factory=dict)


def learner_record(board: Dashboard, user_id: int, language: str) -> LearnerRecord | None:
    """The learner if they are in the board's cohort (else None), with their answers (two queries)."""
    learner = next((l for l in board.learners if l.user_id == user_id and not l.deleted), None)
    if learner is None:
        return None
    module_by_id = {m.id: m for m in board.modules}
    blocks = {b.usage_id: b for b in db.session.scalars(
        db.select(Block).where(Block.module_id.in_(list(module_by_id)), Block.graded.is_(True)))}
    latest: dict[str, Attempt] = {}
    counts: dict[str, int] = {}
    for attempt in db.session.scalars(db.select(Attempt).where(
            Attempt.user_id == user_id, Attempt.course_id == board.cohort.course_id,
            Attempt.score.is_not(None)).order_by(Attempt.id)):
        latest[attempt.usage_id] = attempt
        counts[attempt.usage_id] = counts.get(attempt.usage_id, 0) + 1
    record = LearnerRecord(learner)
    default = board.version.default_language
    for usage_id, block in sorted(blocks.items(), key=lambda kv: (module_by_id[kv[1].module_id].position,
                                                                  kv[1].position)):
        attempt = latest.get(usage_id)
        if attempt is None:
            continue
        record.answers.append(AnswerLine(
            module_by_id[block.module_id], question_text(block, language, default),
            answer_text(block, attempt.answer, language, default), attempt.score or 0.0, attempt.max_score or 0.0,
            is_correct(attempt), counts[usage_id]))
    record.paper_scores = {row.test: row for row in db.session.scalars(db.select(OfflineScore).where(
        OfflineScore.cohort_id == board.cohort.id, OfflineScore.user_id == user_id))}
    return record
