"""The poll block: one choice, no right answer, the cohort's votes shown after voting."""

from markupsafe import Markup
from xblock.completable import CompletableXBlockMixin
from xblock.fields import Boolean, Dict, Scope, String

from xblocks.base import AnswerRejected, QuizBlock
from xblocks.fields import JsonList


class PollBlock(CompletableXBlockMixin, QuizBlock):
    """A question with `( )` choices only; votes are counted, never graded."""

    css_kind = "poll"
    template_name = "poll.html"
    display_name = String(scope=Scope.settings, default="Poll")
    choices = JsonList(scope=Scope.content, default=[], xml_node=True)
    shuffle = Boolean(scope=Scope.settings, default=False, help="Shuffle choices per learner")
    tally = Dict(scope=Scope.user_state_summary, default={}, help="Votes per choice key")

    def displayed_choices(self):
        """Choices in the order this learner sees them."""
        choices = [{"key": choice["key"], "html": Markup(choice["html"])} for choice in self.choices]
        return self.stable_shuffle(choices, "choices") if self.shuffle else choices

    def submit_label(self):
        """'Vote', then 'Change my vote'."""
        return self.gettext("Change my vote") if self.submitted else self.gettext("Vote")

    def inputs_context(self):
        """The choices as radio buttons, the learner's vote ticked."""
        return {
            "choices": self.displayed_choices(),
            "input_type": "radio",
            "chosen": {self.answer} if self.submitted else set(),
        }

    def parse_answer(self, raw_answer):
        """The answer is the key of one choice."""
        if raw_answer is None or raw_answer == "":
            raise AnswerRejected(self.gettext("Choose an answer, then submit."))
        if not isinstance(raw_answer, str):
            raise AnswerRejected(self.gettext("Choose only one answer."))
        if raw_answer not in {choice["key"] for choice in self.choices}:
            raise AnswerRejected(self.gettext(
                "This answer is not one of the choices. Reload the page and try again."
            ))
        return raw_answer

    def record_answer(self, answer):
        """Count the vote once per learner: a changed vote moves from the old choice to the new."""
        previous = self.answer
        if previous != answer:
            tally = dict(self.tally)
            if previous in tally:
                tally[previous] = max(0, tally[previous] - 1)
            tally[answer] = tally.get(answer, 0) + 1
            self.tally = tally
        self.answer = answer
        self.last_result = {"saved": True}
        self.emit_completion(1.0)

    def response_result(self):
        """The saved flag and the current tally."""
        return {"saved": True, "tally": dict(self.tally)}

    def result_context(self):
        """Votes per choice as counts and percentages (text, and a meter as the bar)."""
        total = sum(self.tally.get(choice["key"], 0) for choice in self.choices)
        rows = []
        for choice in self.displayed_choices():
            count = self.tally.get(choice["key"], 0)
            rows.append({
                "html": choice["html"],
                "mine": choice["key"] == self.answer,
                "percent": round(100 * count / total) if total else 0,
                "count_text": self.ngettext(
                    "{count} vote ({percent}%)", "{count} votes ({percent}%)", count,
                ).format(count=count, percent=round(100 * count / total) if total else 0),
            })
        return {
            "result_class": "cp-quiz-saved-result",
            "poll_rows": rows,
            "total_text": self.ngettext(
                "{count} person has voted.", "{count} people have voted.", total,
            ).format(count=total),
        }
