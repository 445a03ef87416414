"""The reflection block: free text a learner writes for themselves and their facilitator."""

from xblock.completable import CompletableXBlockMixin
from xblock.fields import Scope, String

from xblocks.base import QuizBlock

MAX_REFLECTION_LENGTH = 5000


class ReflectionBlock(CompletableXBlockMixin, QuizBlock):
    """A prompt with no answer lines; the text is saved, shown back and editable."""

    css_kind = "reflection"
    answer_form = "text"
    template_name = "reflection.html"
    display_name = String(scope=Scope.settings, default="Reflection")

    def submit_label(self):
        """'Save', then 'Save changes'."""
        return self.gettext("Save changes") if self.submitted else self.gettext("Save")

    def inputs_context(self):
        """The text area, holding the saved text for editing."""
        return {
            "text_value": self.answer if self.submitted else "",
            "max_length": MAX_REFLECTION_LENGTH,
        }

    def parse_answer(self, raw_answer):
        """The answer is the text written, at most 5000 characters."""
        return self.reject_text(
            raw_answer, MAX_REFLECTION_LENGTH, self.gettext("Write your reflection, then save it."),
        )

    def record_answer(self, answer):
        """Save the text (replacing the previous one) and mark the block done."""
        self.answer = answer
        self.last_result = {"saved": True}
        self.emit_completion(1.0)

    def result_context(self):
        """The saved text, shown back to its writer."""
        return {"result_class": "cp-quiz-saved-result", "saved_text": self.answer}
