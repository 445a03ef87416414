"""The graded question blocks: single choice, true/false, multiple response,
short text, numeric and matching (fields and types as docs/blocks.md)."""

from html.parser import HTMLParser

from markupsafe import Markup
from xblock.fields import Boolean, Scope, String

from xblocks.base import MAX_TEXT_ANSWER_LENGTH, AnswerRejected, GradedQuestionBlock
from xblocks.fields import JsonList
from xblocks.grading import (
    ALL_OR_NOTHING,
    NotANumber,
    grade_matching,
    grade_multiple_response,
    grade_numeric,
    grade_short_text,
    grade_single_choice,
    parse_learner_number,
)

# Separates the two sides of a matched pair in results; a dash reads the
# same way in left-to-right and right-to-left scripts, unlike an arrow.
_PAIR_SEPARATOR = Markup(" \u2014 ")


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(html):
    """Plain text of a sanitised HTML snippet, for places HTML cannot go (`<option>`)."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return " ".join("".join(collector.parts).split())


class ChoiceQuestionBlock(GradedQuestionBlock):
    """Shared by the blocks whose answer is picked from `choices`."""

    template_name = "choices.html"
    input_type = "radio"

    choices = JsonList(scope=Scope.content, default=[], xml_node=True)
    shuffle = Boolean(scope=Scope.settings, default=False, help="Shuffle choices per learner")

    def displayed_choices(self):
        """Choices in the order this learner sees them, without correctness or feedback."""
        choices = [{"key": choice["key"], "html": Markup(choice["html"])} for choice in self.choices]
        return self.stable_shuffle(choices, "choices") if self.shuffle else choices

    def chosen_keys(self, answer):
        """The keys the learner picked, as a set."""
        raise NotImplementedError

    def inputs_context(self):
        """The choices, with the learner's last answer ticked for a retry."""
        return {
            "choices": self.displayed_choices(),
            "input_type": self.input_type,
            "chosen": self.chosen_keys(self.answer) if self.submitted else set(),
        }

    def answer_items(self, answer):
        """The chosen choices, in the order the learner saw them."""
        chosen = self.chosen_keys(answer)
        return [choice["html"] for choice in self.displayed_choices() if choice["key"] in chosen]

    def correct_items(self):
        """The correct choices, in the order the learner saw them."""
        correct = {choice["key"] for choice in self.choices if choice.get("correct")}
        return [choice["html"] for choice in self.displayed_choices() if choice["key"] in correct]

    def _reject_unknown_choice(self):
        raise AnswerRejected(self.gettext(
            "This answer is not one of the choices. Reload the page and try again."
        ))


class SingleChoiceBlock(ChoiceQuestionBlock):
    """A question with exactly one right choice (`(x)` / `( )`)."""

    css_kind = "single"
    display_name = String(scope=Scope.settings, default="Single choice")

    def chosen_keys(self, answer):
        """The one key the learner picked."""
        return {answer}

    def parse_answer(self, raw_answer):
        """The answer is the key of one choice."""
        if raw_answer is None or raw_answer == "":
            raise AnswerRejected(self.gettext("Choose an answer, then submit."))
        if not isinstance(raw_answer, str):
            raise AnswerRejected(self.gettext("Choose only one answer."))
        if raw_answer not in {choice["key"] for choice in self.choices}:
            self._reject_unknown_choice()
        return raw_answer

    def grade(self, answer):
        """All or nothing."""
        return grade_single_choice(self.choices, answer)


class TrueFalseBlock(SingleChoiceBlock):
    """A single choice between True and False in the page's language."""

    css_kind = "true-false"
    display_name = String(scope=Scope.settings, default="True or false")

    def displayed_choices(self):
        """True then False, as the author wrote them: shuffling two words only confuses."""
        return [{"key": choice["key"], "html": Markup(choice["html"])} for choice in self.choices]


class MultipleResponseBlock(ChoiceQuestionBlock):
    """A question with any number of right choices (`[x]` / `[ ]`)."""

    css_kind = "multiple"
    answer_form = "multiple"
    input_type = "checkbox"
    display_name = String(scope=Scope.settings, default="Multiple response")
    scoring = String(
        scope=Scope.settings, default=ALL_OR_NOTHING, values=[ALL_OR_NOTHING, "partial"],
        help="partial: max(0, (right - wrong) / correct)",
    )

    def chosen_keys(self, answer):
        """The keys the learner ticked."""
        return set(answer or [])

    def answer_from_form(self, form):
        """Every ticked box is one `answer` field."""
        return form.getall("answer")

    def parse_answer(self, raw_answer):
        """The answer is a list of choice keys, stored in author order."""
        if not isinstance(raw_answer, list) or not all(isinstance(key, str) for key in raw_answer):
            raise AnswerRejected(self.gettext("The answer could not be read. Please try again."))
        if not raw_answer:
            raise AnswerRejected(self.gettext("Tick at least one answer, then submit."))
        chosen = set(raw_answer)
        author_order = [choice["key"] for choice in self.choices]
        if not chosen <= set(author_order):
            self._reject_unknown_choice()
        return [key for key in author_order if key in chosen]

    def grade(self, answer):
        """All or nothing, or partial credit when the author asked for it."""
        return grade_multiple_response(self.choices, answer, self.scoring)


class TypedAnswerBlock(GradedQuestionBlock):
    """Shared by the blocks answered in a text box."""

    answer_form = "text"
    template_name = "text.html"
    input_mode = "text"

    def inputs_context(self):
        """A text box, holding the last answer for a retry."""
        return {
            "text_value": self.answer if self.submitted else "",
            "max_length": MAX_TEXT_ANSWER_LENGTH,
            "input_mode": self.input_mode,
        }

    def parse_answer(self, raw_answer):
        """The answer is the typed text, at most 2000 characters."""
        return self.reject_text(
            raw_answer, MAX_TEXT_ANSWER_LENGTH, self.gettext("Type your answer, then submit."),
        )

    def answer_items(self, answer):
        """The typed text (escaped by the template)."""
        return [answer]


class ShortTextBlock(TypedAnswerBlock):
    """A question answered by typing a word or a short phrase (`=` / `!=`)."""

    css_kind = "text"
    display_name = String(scope=Scope.settings, default="Short text")
    answers = JsonList(scope=Scope.content, default=[], xml_node=True)
    case_sensitive = Boolean(scope=Scope.settings, default=False)

    def grade(self, answer):
        """Compared with the author's answers after normalisation."""
        return grade_short_text(self.answers, answer, self.case_sensitive)

    def correct_items(self):
        """Every accepted answer."""
        return [known["text"] for known in self.answers if known.get("correct")]


class NumericBlock(TypedAnswerBlock):
    """A question answered with a number, an interval or a tolerance."""

    css_kind = "numeric"
    input_mode = "decimal"
    display_name = String(scope=Scope.settings, default="Numeric")
    ranges = JsonList(scope=Scope.content, default=[], xml_node=True)

    def parse_answer(self, raw_answer):
        """The answer is the text typed; it must read as a number.

        A non-number is refused with an explanation and does not count as
        an attempt: a typo is not a wrong answer.
        """
        if isinstance(raw_answer, (int, float)) and not isinstance(raw_answer, bool):
            raw_answer = str(raw_answer)
        text = super().parse_answer(raw_answer).strip()
        try:
            parse_learner_number(text)
        except NotANumber as error:
            raise AnswerRejected(self.gettext(
                "\u201c{answer}\u201d is not a number. Type digits only, for example 12 or 3,5."
            ).format(answer=text)) from error
        return text

    def grade(self, answer):
        """Right when the number falls in one of the author's ranges."""
        return grade_numeric(self.ranges, parse_learner_number(answer))

    def correct_items(self):
        """The author's labels of the accepted values ("50 ± 4")."""
        return [accepted["label"] for accepted in self.ranges]


class MatchingBlock(GradedQuestionBlock):
    """A question matching each left item with one right option (`left -> right`)."""

    css_kind = "matching"
    answer_form = "matching"
    template_name = "matching.html"
    display_name = String(scope=Scope.settings, default="Matching")
    pairs = JsonList(scope=Scope.content, default=[], xml_node=True)
    right_options = JsonList(scope=Scope.content, default=[], xml_node=True)
    shuffle = Boolean(scope=Scope.settings, default=False, help="Shuffle the left items per learner")

    def displayed_pairs(self):
        """Left items in the order this learner sees them, without their right key."""
        pairs = [{"key": pair["key"], "left_html": Markup(pair["left_html"])} for pair in self.pairs]
        return self.stable_shuffle(pairs, "pairs") if self.shuffle else pairs

    def displayed_right_options(self):
        """Right options, always shuffled.

        Authors write the right sides in the order of the pairs, so author
        order would give the answer away.
        """
        options = [{"key": option["key"], "text": html_to_text(option["html"])} for option in self.right_options]
        return self.stable_shuffle(options, "right-options")

    def inputs_context(self):
        """One list of options per left item, with the last answer selected for a retry."""
        return {
            "pairs": self.displayed_pairs(),
            "right_options": self.displayed_right_options(),
            "selected": dict(self.answer) if self.submitted else {},
        }

    def answer_from_form(self, form):
        """One `match-<pair key>` field per left item."""
        return {
            name.removeprefix("match-"): value
            for name, value in form.items()
            if name.startswith("match-")
        }

    def parse_answer(self, raw_answer):
        """The answer maps every pair key to a right option key."""
        if not isinstance(raw_answer, dict) or not all(isinstance(value, str) for value in raw_answer.values()):
            raise AnswerRejected(self.gettext("The answer could not be read. Please try again."))
        pair_keys = {pair["key"] for pair in self.pairs}
        right_keys = {option["key"] for option in self.right_options}
        given = {key: value for key, value in raw_answer.items() if value}
        if not set(raw_answer) <= pair_keys or not set(given.values()) <= right_keys:
            raise AnswerRejected(self.gettext(
                "This answer is not one of the choices. Reload the page and try again."
            ))
        if set(given) != pair_keys:
            raise AnswerRejected(self.gettext("Match every item, then submit."))
        return {pair["key"]: given[pair["key"]] for pair in self.pairs}

    def grade(self, answer):
        """The fraction of pairs matched right."""
        return grade_matching(self.pairs, answer)

    def _matched_items(self, right_key_of):
        right_html = {option["key"]: Markup(option["html"]) for option in self.right_options}
        return [
            pair["left_html"] + _PAIR_SEPARATOR + right_html.get(right_key_of(pair["key"]), "")
            for pair in self.displayed_pairs()
        ]

    def answer_items(self, answer):
        """Each left item with the option the learner matched to it."""
        return self._matched_items(lambda pair_key: answer.get(pair_key))

    def correct_items(self):
        """Each left item with its right option."""
        right_key_by_pair = {pair["key"]: pair["right_key"] for pair in self.pairs}
        return self._matched_items(right_key_by_pair.get)
