"""What the cohort got right and wrong, question by question.

Items are identified by usage id, which every language of a course shares,
so answers given in Arabic and in French count as the same item. Each
learner's latest attempt on an item counts.

- share correct: the learners who got the item fully right / those who answered it;
- most chosen wrong answer: the wrong answer given most often;
- discrimination: share correct in the upper group minus share correct in
  the lower group, the groups being the top and bottom 27 % of the cohort by
  total score on the course (Kelley's classic split); it needs at least 4
  learners, below that it is not computed.
"""
from collections import Counter
from dataclasses import dataclass, field

from xblocks.questions import html_to_text

from ..catalog.models import Block, Module
from ..extensions import db
from ..learn.models import Attempt
from .cohorts import learner_ids
from .models import Cohort

GROUP_SHARE = 0.27
MIN_LEARNERS_FOR_DISCRIMINATION = 4
# An item is flagged when fewer than this share of the learners who answered it got it right.
FLAG_BELOW = 0.5


@dataclass
class ItemStats:
    block: Block
    module: Module
    answered: int
    correct: int
    wrong_answer: str | None
    wrong_answer_count: int
    discrimination: float | None

    @property
    def share_correct(self) -> float | None:
        return self.correct / self.answered if self.answered else None

    @property
    def flagged(self) -> bool:
        return self.answered > 0 and self.share_correct < FLAG_BELOW


def _fields(block: Block, language: str, default: str) -> dict:
    return block.content.get(language) or block.content.get(default) or {}


def question_text(block: Block, language: str, default: str) -> str:
    return html_to_text(_fields(block, language, default).get("question_html", "")) or block.quiz_id


def answer_text(block: Block, answer, language: str, default: str) -> str:
    """A learner's answer in words, in `language` where the block has it."""
    fields = _fields(block, language, default)
    if answer is None:
        return ""
    if "choices" in fields:
        labels = {c["key"]: html_to_text(c["html"]) for c in fields["choices"]}
        keys = answer if isinstance(answer, list) else [answer]
        return " + ".join(labels.get(str(k), str(k)) for k in keys)
    if "pairs" in fields and isinstance(answer, dict):
        right = {o["key"]: html_to_text(o["html"]) for o in fields.get("right_options", [])}
        return "; ".join(f"{html_to_text(p['left_html'])} → {right.get(answer.get(p['key']), '')}"
                         for p in fields["pairs"])
    if isinstance(answer, list):
        return " ".join(str(part) for part in answer)
    return str(answer)


def _wrong_answer_key(answer):
    """A hashable form of an answer, so that equal answers are counted together."""
    if isinstance(answer, dict):
        return tuple(sorted(answer.items()))
    if isinstance(answer, list):
        return tuple(answer)
    if isinstance(answer, str):
        return " ".join(answer.split()).casefold()
    return answer


def item_analysis(cohort: Cohort, modules: list[Module], language: str, default_language: str) -> list[ItemStats]:
    """Statistics for every graded item of the course's current version (two queries, one pass over the answers)."""
    module_by_id = {m.id: m for m in modules}
    blocks = list(db.session.scalars(
        db.select(Block).where(Block.module_id.in_(list(module_by_id)), Block.graded.is_(True))))
    if not blocks:
        return []
    # Each learner's latest scored attempt per item, in the order of their first attempt at it, as plain rows
    # through the Core connection (tens of thousands, read-only). Whether it is right is decided here, by
    # `is_correct`'s rule; the answer is read (and its JSON parsed) only when it is wrong.
    mine = (Attempt.course_id == cohort.course_id, Attempt.user_id.in_(learner_ids(cohort)),
            Attempt.score.is_not(None))
    latest = (db.select(db.func.max(Attempt.id).label("latest_id"), db.func.min(Attempt.id).label("first_id"))
              .where(*mine).group_by(Attempt.user_id, Attempt.usage_id).subquery())
    right = (Attempt.max_score.is_not(None) & (Attempt.max_score != 0)
             & (db.func.coalesce(Attempt.score, 0.0) >= Attempt.max_score))
    attempts = db.session.connection().execute(
        db.select(Attempt.user_id, Attempt.usage_id, Attempt.score, right.label("correct"),
                  db.type_coerce(db.case((right, db.null()), else_=Attempt.answer), Attempt.answer.type)
                  .label("answer"))
        .join(latest, Attempt.id == latest.c.latest_id)
        .order_by(latest.c.first_id)
    ).all()

    totals: Counter = Counter()
    for user_id, _usage_id, score, _correct, _answer in attempts:
        totals[user_id] += score or 0.0
    ranked = sorted(totals, key=lambda user_id: (totals[user_id], user_id))
    upper, lower = set(), set()
    if len(ranked) >= MIN_LEARNERS_FOR_DISCRIMINATION:
        size = max(1, round(len(ranked) * GROUP_SHARE))
        lower, upper = set(ranked[:size]), set(ranked[-size:])

    tallies: dict[str, _Tally] = {}
    for user_id, usage_id, _score, correct, answer in attempts:
        tally = tallies.get(usage_id)
        if tally is None:
            tally = tallies[usage_id] = _Tally()
        tally.answered += 1
        if correct:
            tally.correct += 1
            if user_id in upper:
                tally.upper_correct += 1
            if user_id in lower:
                tally.lower_correct += 1
        elif answer is not None:
            key = _wrong_answer_key(answer)
            tally.wrong[key] += 1
            tally.examples.setdefault(key, answer)

    stats = []
    for block in sorted(blocks, key=lambda b: (module_by_id[b.module_id].position, b.position)):
        tally = tallies.get(block.usage_id) or _Tally()
        wrong_answer, wrong_count = None, 0
        if tally.wrong:
            key, wrong_count = tally.wrong.most_common(1)[0]
            wrong_answer = answer_text(block, tally.examples[key], language, default_language)
        discrimination = None
        if upper and lower:
            # A learner of a group who did not answer the item counts as not correct.
            discrimination = tally.upper_correct / len(upper) - tally.lower_correct / len(lower)
        stats.append(ItemStats(block, module_by_id[block.module_id], tally.answered, tally.correct, wrong_answer,
                               wrong_count, discrimination))
    return stats


@dataclass
class _Tally:
    """One item's answers, counted in one pass."""

    answered: int = 0
    correct: int = 0
    upper_correct: int = 0
    lower_correct: int = 0
    wrong: Counter = field(default_factory=Counter)
    # The first wrong answer given for each key: the one put into words.
    examples: dict = field(default_factory=dict)


def is_correct(attempt: Attempt) -> bool:
    return bool(attempt.max_score) and (attempt.score or 0.0) >= attempt.max_score
