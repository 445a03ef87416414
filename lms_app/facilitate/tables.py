"""The facilitator's tables, worded and formatted once for both the screen and the CSV export.

Building each table in one place is what makes an export match the page
exactly: same columns, same words, numbers and dates in the facilitator's
language.
"""
import csv
import io
import math
from dataclasses import dataclass, field
from functools import cached_property

from flask_babel import format_decimal, format_percent, get_locale
from flask_babel import gettext as _

from ..accounts.profile_choices import ORGANISATION_TYPES, WORK_ROLES
from ..i18n import text_direction
from .dashboard import (COMPLETED, IN_PROGRESS, NOT_STARTED, OVERDUE, PASSED, CohortLearner, CohortRoster, Dashboard,
                        DashboardPage, cohort_course, cohort_dashboard, cohort_roster)
from .item_analysis import ItemStats, item_analysis, question_text
from .pre_post import CohortPrePost, TestScore, cohort_pre_post

# Aggregates over fewer learners than this are not shown to donors: small
# groups can identify the people in them.
MIN_GROUP = 5

# Cells a spreadsheet would run as a formula start with one of these.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Cell:
    """A cell of a table. Cells are never changed once made, so a table may use one cell in many places."""

    text: str
    css: str = ""
    # Where the cell links on screen (the CSV keeps only the text).
    href: str = ""

    @cached_property
    def has_words(self) -> bool:
        """Words take their own direction on screen (a French question on an Arabic page); numbers the page's."""
        return any(ch.isalpha() for ch in self.text)


class _Cells(dict):
    """The cells of a table that repeat (a status, a percentage): each worded, formatted and made once.

    `cells(key)` is the cell made by `make(key)` the first time `key` is asked for.
    """

    def __init__(self, make):
        super().__init__()
        self.make = make

    def __call__(self, key) -> Cell:
        exact = _exact(key)
        cell = self.get(exact)
        if cell is None:
            cell = self[exact] = self.make(key)
        return cell


def _exact(key):
    """A key telling apart what formats apart but compares equal: 0.0 and -0.0."""
    if isinstance(key, float):
        return key, math.copysign(1.0, key)
    if isinstance(key, tuple):
        return tuple(_exact(part) for part in key)
    return key


@dataclass
class Table:
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)


def status_labels() -> dict[str, str]:
    """Every status worded once per table, not once per cell."""
    return {
        NOT_STARTED: _("Not started"),
        IN_PROGRESS: _("In progress"),
        COMPLETED: _("Completed, not passed"),
        PASSED: _("Passed"),
        OVERDUE: _("Overdue"),
    }


def percent(value: float | None) -> str:
    return "–" if value is None else format_percent(value)


def signed_points(value: float | None) -> str:
    """A gain in percentage points, with its sign: "+12", "−5"."""
    if value is None:
        return "–"
    number = format_decimal(round(value * 100), format="+#,##0;\u2212#,##0")
    # A left-to-right mark keeps the sign before the digits in right-to-left pages.
    return "\u200e" + number if text_direction(str(get_locale())) == "rtl" else number


def ratio(value: float | None) -> str:
    return "–" if value is None else format_decimal(value, format="0.00;\u22120.00")


def learner_name(learner: CohortLearner) -> str:
    return _("Deleted account") if learner.deleted else learner.display_name or learner.username


def matrix_table(board: Dashboard | DashboardPage, title_of, learner_href=None, learners: list[CohortLearner] | None = None) -> Table:
    """The learners x modules table, for `learners` (a page of them) or the whole cohort."""
    labels = status_labels()
    status_cells = {status: Cell(label, css=f"status-{status}") for status, label in labels.items()}
    sessions = format_decimal(board.session_count)
    scores = _Cells(lambda fraction: Cell(percent(fraction)))
    attended = _Cells(lambda n: Cell(_("%(n)s of %(total)s", n=format_decimal(n), total=sessions)))
    slugs = [m.slug for m in board.modules]
    table = Table([_("Learner")] + [title_of(m) for m in board.modules] + [_("Course score"),
                                                                            _("Sessions attended")])
    for learner in board.learners if learners is None else learners:
        row = [Cell(learner_name(learner), href=learner_href(learner) if learner_href and not learner.deleted else "")]
        statuses = learner.statuses
        row += [status_cells[statuses[slug]] for slug in slugs]
        row.append(scores(learner.score_fraction))
        row.append(attended(learner.sessions_attended))
        table.rows.append(row)
    return table


def items_table(stats: list[ItemStats], language: str, default_language: str, title_of) -> Table:
    table = Table([_("Module"), _("Question"), _("Answered"), _("Correct"), _("Most chosen wrong answer"),
                   _("Discrimination"), _("Flag")])
    for item in stats:
        wrong = "" if item.wrong_answer is None else _("%(answer)s (%(n)s learners)", answer=item.wrong_answer,
                                                       n=format_decimal(item.wrong_answer_count))
        table.rows.append([
            Cell(title_of(item.module)),
            Cell(question_text(item.block, language, default_language)),
            Cell(format_decimal(item.answered)),
            Cell(percent(item.share_correct)),
            Cell(wrong),
            Cell(ratio(item.discrimination)),
            Cell(_("Most learners miss this") if item.flagged else "", css="flag" if item.flagged else ""),
        ])
    return table


def _score(score: TestScore | None) -> str:
    if score is None:
        return _("Not taken")
    if score.on_paper:
        return _("%(score)s (on paper)", score=percent(score.fraction))
    return percent(score.fraction)


def pre_post_table(result: CohortPrePost) -> Table:
    table = Table([_("Learner"), _("Pre-test"), _("Post-test"), _("Gain (percentage points)"), _("Normalised gain")])
    scores = _Cells(lambda score: Cell(_score(None if score is None else TestScore(*score))))
    gains = _Cells(lambda value: Cell(signed_points(value)))
    ratios = _Cells(lambda value: Cell(ratio(value)))

    def score_cell(score: TestScore | None) -> Cell:
        return scores(None if score is None else (score.fraction, score.on_paper))

    for row in result.learners:
        table.rows.append([Cell(learner_name(row.learner)), score_cell(row.pre), score_cell(row.post),
                           gains(row.gain), ratios(row.normalised_gain)])
    table.rows.append([Cell(_("Cohort (%(n)s learners with both tests)", n=format_decimal(len(result.paired))),
                            css="total"),
                       Cell(percent(result.mean_pre), css="total"), Cell(percent(result.mean_post), css="total"),
                       Cell(signed_points(result.mean_gain), css="total"),
                       Cell(ratio(result.normalised_gain), css="total")])
    return table


def standards_table(result: CohortPrePost, standard_label) -> Table:
    table = Table([_("CPMS standard"), _("Pre-test"), _("Post-test"), _("Gain (percentage points)")])
    for s in result.standards:
        table.rows.append([Cell(standard_label(s.standard)), Cell(percent(s.pre)), Cell(percent(s.post)),
                           Cell(signed_points(s.post - s.pre) if s.pre is not None and s.post is not None else "–")])
    return table


def donor_table(board: Dashboard | CohortRoster, result: CohortPrePost) -> Table:
    """Counts and averages by group, with no names, and groups under MIN_GROUP learners suppressed.

    `board` is anything with the cohort's `learners`; their cells are not needed.
    """
    table = Table([_("Group"), _("Learners"), _("Completed"), _("Passed"), _("Average pre-test"),
                   _("Average post-test"), _("Normalised gain")])
    scores = {row.learner.user_id: row for row in result.learners}
    groups: list[tuple[str, list[CohortLearner]]] = [(_("Whole cohort"), board.learners)]
    for label, attribute, choices in ((_("Organisation type"), "organisation_type", ORGANISATION_TYPES),
                                      (_("Role"), "work_role", WORK_ROLES)):
        by_value: dict[str, list[CohortLearner]] = {}
        for learner in board.learners:
            by_value.setdefault(getattr(learner, attribute) or "", []).append(learner)
        for choice in choices:
            members = by_value.get(choice.value)
            if members:
                groups.append((f"{label}: {choice.label}", members))
    for name, members in groups:
        if len(members) < MIN_GROUP:
            table.rows.append([Cell(name), Cell(_("fewer than %(n)s", n=format_decimal(MIN_GROUP)))]
                              + [Cell(_("not shown")) for _unused in range(5)])
            continue
        completed = sum(1 for m in members if m.enrollment and m.enrollment.completed_at)
        passed = sum(1 for m in members if m.enrollment and m.enrollment.passed_at)
        paired = [scores[m.user_id] for m in members if m.user_id in scores
                  and scores[m.user_id].pre and scores[m.user_id].post]
        if len(paired) >= MIN_GROUP:
            pre = sum(p.pre.fraction for p in paired) / len(paired)
            post = sum(p.post.fraction for p in paired) / len(paired)
            averages = [Cell(percent(pre)), Cell(percent(post)),
                        Cell(ratio(None if pre >= 1 else (post - pre) / (1 - pre)))]
        else:
            averages = [Cell(_("not shown")) for _unused in range(3)]
        table.rows.append([Cell(name), Cell(format_decimal(len(members))), Cell(format_decimal(completed)),
                           Cell(format_decimal(passed))] + averages)
    return table


def spreadsheet_safe(text: str) -> str:
    """A cell a spreadsheet will show as text, never run as a formula (OWASP's advice: a leading quote)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def table_csv(table: Table) -> bytes:
    """The table as CSV in UTF-8 with a byte order mark, so that Excel reads Arabic and accents right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([spreadsheet_safe(h) for h in table.headers])
    for row in table.rows:
        writer.writerow([spreadsheet_safe(cell.text) for cell in row])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


# The cohort's exports, each worded as its page words it.
PROGRESS = "progress"
QUESTIONS = "questions"
PRE_POST = "pre-post"
SUMMARY = "summary"
EXPORTS = (PROGRESS, QUESTIONS, PRE_POST, SUMMARY)


def titles_in(version, language: str):
    """A function naming a module or course in `language`, else in the course's default language."""
    return lambda item: item.titles.get(language) or item.titles.get(version.default_language) or item.slug


def export_table(cohort, kind: str, language: str, now) -> Table:
    """One of the cohort's exports (EXPORTS), for a download now or a file built in the background."""
    if kind == PROGRESS:
        board = cohort_dashboard(cohort, now)
        return matrix_table(board, titles_in(board.version, language))
    if kind == QUESTIONS:
        _course, version, modules = cohort_course(cohort)
        stats = item_analysis(cohort, modules, language, version.default_language)
        return items_table(stats, language, version.default_language, titles_in(version, language))
    roster = cohort_roster(cohort)
    result = cohort_pre_post(cohort, roster.version, roster.modules, roster.learners)
    return pre_post_table(result) if kind == PRE_POST else donor_table(roster, result)
