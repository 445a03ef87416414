"""What every CP quiz block shares: settings, the `submit` handler, attempts,
rendering, translation and OLX export.

The handler protocol and field names are those of docs/blocks.md. A block
subclass says how to read an answer from a form, how to check its shape
(`parse_answer`), what to store (`record_answer`) and what to show
(`inputs_context`, `result_context`).
"""

import hashlib
import json
import random
import secrets
from urllib.parse import urlsplit

from markupsafe import Markup
from web_fragments.fragment import Fragment
from webob import Response
from xblock.core import XBlock
from xblock.fields import Any, Dict, Float, Integer, Scope, String
from xblock.scorable import Score, ScorableXBlockMixin

from xblocks.fields import HtmlString, JsonList
from xblocks.grading import Grade
from xblocks.templating import render_template

MAX_TEXT_ANSWER_LENGTH = 2000

# Scopes that describe the question itself; learner state never goes to OLX.
_EXPORTED_SCOPES = (Scope.content, Scope.settings)


class AnswerRejected(Exception):
    """The submitted answer has the wrong shape.

    The message is already translated for the learner. A rejected answer
    is not an attempt: nothing is stored.
    """


def format_points(points):
    """Show points without float noise: 1.0 -> '1', 0.6666 -> '0.67'."""
    return f"{round(points, 2):g}"


@XBlock.needs("i18n")
class QuizBlock(XBlock):
    """Base of all CP quiz blocks (not itself an entry point)."""

    # How quiz.js turns the form into the JSON `answer`: single, multiple,
    # text or matching.
    answer_form = "single"
    template_name = ""
    css_kind = ""

    display_name = String(scope=Scope.settings, default="Quiz", help="The quiz id, for reports")
    quiz_id = String(scope=Scope.settings, default="", help="The author's id: header")
    max_attempts = Integer(scope=Scope.settings, default=0, help="0 = unlimited")
    cpms_standards = JsonList(scope=Scope.settings, default=[], help="CPMS 2019 standards 1..28")

    question_html = HtmlString(scope=Scope.content, default="", xml_node=True, help="Sanitised HTML")

    answer = Any(scope=Scope.user_state, default=None)
    attempts = Integer(scope=Scope.user_state, default=0)
    last_result = Dict(scope=Scope.user_state, default={})

    # Translation -----------------------------------------------------------

    def _i18n(self):
        return self.runtime.service(self, "i18n")

    def gettext(self, message):
        """Translate `message` into the learner's language."""
        service = self._i18n()
        translate = getattr(service, "ugettext", None) or service.gettext
        return translate(message)

    def ngettext(self, singular, plural, count):
        """Translate a message whose form depends on `count`."""
        service = self._i18n()
        translate = getattr(service, "ngettext", None) or service.ungettext
        return translate(singular, plural, count)

    # Attempts ----------------------------------------------------------------

    @property
    def submitted(self):
        """True once the learner has submitted at least once."""
        return self.attempts > 0

    def attempts_left(self):
        """How many submissions remain, or None when they are unlimited."""
        if not self.max_attempts:
            return None
        return max(0, self.max_attempts - self.attempts)

    def can_submit(self):
        """True while the learner may still submit."""
        remaining = self.attempts_left()
        return remaining is None or remaining > 0

    # Ordering ----------------------------------------------------------------

    def stable_shuffle(self, items, salt=""):
        """Shuffle `items` the same way every time for this learner and block.

        Seeded with the user and usage ids so a reload, a retry or a no-JS
        redirect keeps the order the learner has already read.
        """
        shuffled = list(items)
        seed = f"{self.scope_ids.user_id}|{self.scope_ids.usage_id}|{salt}"
        random.Random(seed).shuffle(shuffled)
        return shuffled

    # Rendering ---------------------------------------------------------------

    @property
    def dom_id(self):
        """A short id, unique per block on a page, safe in HTML ids and URLs."""
        digest = hashlib.sha1(str(self.scope_ids.usage_id).encode("utf-8")).hexdigest()
        return f"cpq-{digest[:10]}"

    def legend_html(self):
        """The question as legend content.

        A legend may hold phrasing content only, so the paragraph wrapping
        a one-paragraph question is dropped; longer questions keep theirs.
        """
        html = self.question_html.strip()
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return Markup(html)

    def submit_label(self):
        """The text of the submit button."""
        return self.gettext("Try again") if self.submitted else self.gettext("Submit")

    def inputs_context(self):
        """Template values for the answer inputs; never the answer key."""
        return {}

    def result_context(self):
        """Template values for the result area, used only after a submission."""
        return {}

    def render_body(self):
        """Render the part of the block that a submission replaces: form and result."""
        context = {
            "_": self.gettext,
            "ngettext": self.ngettext,
            "dom_id": self.dom_id,
            "form_action": self.runtime.handler_url(self, "submit"),
            "idempotency_key": secrets.token_urlsafe(16),
            "legend_html": self.legend_html(),
            "answer_form": self.answer_form,
            "can_submit": self.can_submit(),
            "submit_label": self.submit_label(),
            "submitted": self.submitted,
        }
        context.update(self.inputs_context())
        if self.submitted:
            context.update(self.result_context())
        return render_template(self.template_name, **context)

    def student_view(self, context=None):
        """The question as a plain HTML form, plus the result once submitted."""
        html = render_template(
            "quiz.html", dom_id=self.dom_id, css_kind=self.css_kind, body=Markup(self.render_body()),
        )
        fragment = Fragment(html)
        fragment.add_css_url(self.runtime.local_resource_url(self, "public/quiz.css"))
        fragment.add_javascript_url(self.runtime.local_resource_url(self, "public/quiz.js"))
        fragment.initialize_js("CpQuizBlock")
        return fragment

    # The submit handler -------------------------------------------------------

    def answer_from_form(self, form):
        """Read the raw answer from a form post (one `answer` field by default)."""
        values = form.getall("answer")
        if len(values) == 1:
            return values[0]
        return values or None

    def parse_answer(self, raw_answer):
        """Check the shape of `raw_answer` and return the answer to store.

        Raises `AnswerRejected` with a message for the learner.
        """
        raise NotImplementedError

    def record_answer(self, answer):
        """Store a valid answer (the attempt is already counted) and publish events."""
        raise NotImplementedError

    def reject_text(self, raw_answer, max_length, empty_message):
        """Return `raw_answer` if it is non-blank text of at most `max_length` characters."""
        if not isinstance(raw_answer, str):
            raise AnswerRejected(empty_message)
        if len(raw_answer) > max_length:
            raise AnswerRejected(self.gettext(
                "Your answer is too long. Please keep it under {limit} characters."
            ).format(limit=max_length))
        if not raw_answer.strip():
            raise AnswerRejected(empty_message)
        return raw_answer

    @XBlock.handler
    def submit(self, request, suffix=""):
        """Grade and store one submission (JSON or form post; see docs/blocks.md)."""
        sends_json = self._sends_json(request)
        wants_json = sends_json or "application/json" in request.headers.get("Accept", "")
        if not self.can_submit():
            message = self.ngettext(
                "You have used your {count} attempt at this question.",
                "You have used all {count} attempts at this question.",
                self.max_attempts,
            ).format(count=self.max_attempts)
            return self._error_response(request, 409, message, wants_json)
        try:
            raw_answer = self._read_raw_answer(request, sends_json)
            answer = self.parse_answer(raw_answer)
        except AnswerRejected as rejected:
            return self._error_response(request, 400, str(rejected), wants_json)
        self.attempts += 1
        self.record_answer(answer)
        return_path = self._return_path(request)
        if not wants_json and return_path:
            # A browser without JavaScript posted the form: send it back to
            # the page, where the stored state shows the result.
            return Response(status=303, location=return_path, cache_control="no-store")
        return self._json_response(200, {
            "ok": True,
            "result": self.response_result(),
            "attempts": self.attempts,
            "max_attempts": self.max_attempts,
            "html": self.render_body(),
        })

    def response_result(self):
        """The `result` member of a successful JSON response."""
        return dict(self.last_result)

    @staticmethod
    def _sends_json(request):
        if request.content_type == "application/json":
            return True
        # Some clients (and xblock-sdk's test helper) post a JSON body
        # without a content type.
        return not request.content_type and request.body.lstrip()[:1] == b"{"

    def _read_raw_answer(self, request, sends_json):
        if not sends_json:
            return self.answer_from_form(request.POST)
        try:
            payload = json.loads(request.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            raise AnswerRejected(self.gettext("The answer could not be read. Please try again.")) from error
        if not isinstance(payload, dict):
            raise AnswerRejected(self.gettext("The answer could not be read. Please try again."))
        return payload.get("answer")

    def _return_path(self, request):
        """The same-site page the form was posted from, anchored on this block.

        Only the path and query of the Referer are kept, so a forged header
        can never send the learner to another site.
        """
        referer = request.headers.get("Referer", "")
        if not referer:
            return None
        parts = urlsplit(referer)
        if parts.netloc and _origin(parts) != _origin(urlsplit(request.host_url)):
            return None
        if not parts.path.startswith("/") or parts.path.startswith("//"):
            return None
        query = f"?{parts.query}" if parts.query else ""
        return f"{parts.path}{query}#{self.dom_id}"

    @staticmethod
    def _json_response(status, payload):
        return Response(
            json.dumps(payload), status=status, content_type="application/json",
            charset="utf-8", cache_control="no-store",
        )

    def _error_response(self, request, status, message, wants_json):
        if wants_json:
            return self._json_response(status, {"ok": False, "error": message})
        page = render_template(
            "error_page.html", _=self.gettext, message=message, back_path=self._return_path(request),
        )
        return Response(page, status=status, content_type="text/html", charset="utf-8", cache_control="no-store")

    # OLX ---------------------------------------------------------------------

    def add_xml_to_node(self, node):
        """Export the question (content and settings fields) as OLX, never learner state."""
        node.tag = self.xml_element_name()
        node.set("xblock-family", self.entry_point)
        for field_name, field in self.fields.items():
            if field.scope in _EXPORTED_SCOPES and field.is_set_on(self):
                self._add_field(node, field_name, field)


class GradedQuestionBlock(ScorableXBlockMixin, QuizBlock):
    """Base of the graded question blocks: grading, scores and the grade event."""

    weight = Float(scope=Scope.settings, default=1.0, help="points: the block's maximum score")
    explanation_html = HtmlString(scope=Scope.content, default="", xml_node=True)
    raw_earned = Float(scope=Scope.user_state, default=None)

    def grade(self, answer):
        """Grade a valid answer with this kind's grading function; returns a `Grade`."""
        raise NotImplementedError

    def answer_items(self, answer):
        """The learner's answer as a list of display items (Markup)."""
        raise NotImplementedError

    def correct_items(self):
        """The correct answer as a list of display items (Markup)."""
        raise NotImplementedError

    def record_answer(self, answer):
        """Grade the answer, store it with its result and publish the grade."""
        grade = self.grade(answer)
        score = Score(raw_earned=round(grade.fraction * self.weight, 6), raw_possible=self.weight)
        self.answer = answer
        self.set_score(score)
        self.last_result = {
            "correct": grade.correct,
            "earned": score.raw_earned,
            "possible": score.raw_possible,
            "feedback_html": list(grade.feedback_html),
            "explanation_html": self.explanation_html,
        }
        self.runtime.publish(self, "grade", {"value": score.raw_earned, "max_value": score.raw_possible})

    # ScorableXBlockMixin -----------------------------------------------------

    def has_submitted_answer(self):
        """True once the learner has submitted an answer."""
        return self.submitted

    def get_score(self):
        """The stored score of the last submission."""
        return Score(raw_earned=self.raw_earned or 0.0, raw_possible=self.max_score())

    def set_score(self, score):
        """Store `score` (a `Score`) as the learner's result."""
        self.raw_earned = score.raw_earned

    def calculate_score(self):
        """Grade the stored answer again against the current content."""
        grade = self.grade(self.answer) if self.submitted else Grade(0.0)
        return Score(raw_earned=round(grade.fraction * self.weight, 6), raw_possible=self.max_score())

    def max_score(self):
        """The block's maximum score: its weight (`points:`)."""
        return self.weight

    # Result ------------------------------------------------------------------

    def _verdict(self):
        earned = self.raw_earned or 0.0
        if self.last_result.get("correct"):
            return "correct", self.gettext("Correct.")
        if earned > 0:
            return "partial", self.gettext("Partly correct.")
        return "incorrect", self.gettext("Incorrect.")

    def attempts_text(self):
        """'Attempt 1 of 3' or, when unlimited, how many attempts were made."""
        if self.max_attempts:
            return self.gettext("Attempts used: {used} of {allowed}.").format(
                used=self.attempts, allowed=self.max_attempts,
            )
        return self.ngettext(
            "You have made {count} attempt.", "You have made {count} attempts.", self.attempts,
        ).format(count=self.attempts)

    def result_context(self):
        """The verdict, score, answers, feedback and explanation after a submission.

        Feedback is graded again from the current content so a learner who
        switches language reads it in the new language.
        """
        verdict, verdict_text = self._verdict()
        return {
            "result_class": f"cp-quiz-{verdict}",
            "verdict_text": verdict_text,
            "score_text": self.gettext("Score: {earned} out of {possible}.").format(
                earned=format_points(self.raw_earned or 0.0), possible=format_points(self.weight),
            ),
            "your_answer_items": self.answer_items(self.answer),
            "feedback_items": [Markup(html) for html in self.grade(self.answer).feedback_html],
            "correct_items": self.correct_items(),
            "explanation_html": Markup(self.explanation_html),
            "attempts_text": self.attempts_text(),
        }


def _origin(parts):
    """(host, port) with the scheme's default port filled in: "localhost" is "localhost:80"."""
    default = 443 if parts.scheme == "https" else 80
    return (parts.hostname or "").lower(), parts.port or default
