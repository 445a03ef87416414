"""One realistic example of every block type, with a right and a wrong answer.

The field values have the shapes the course engine produces
(docs/blocks.md); the answer key, feedback and explanation texts are
distinctive so a test can tell whether they leaked into a page.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class BlockExample:
    """A block's field values and answers, as JSON and as a form post."""

    block_type: str
    fields: dict
    right_answer: object
    wrong_answer: object
    right_form: list
    secrets: tuple = ()
    graded: bool = True
    extra: dict = field(default_factory=dict)


QUESTION = "<p>A girl tells you her uncle hurts her. What do you do <strong>first</strong>?</p>"
EXPLANATION = "<p>EXPLANATION-TEXT: listen, reassure, refer today.</p>"

EXAMPLES = [
    BlockExample(
        block_type="cp_single_choice",
        fields={
            "question_html": QUESTION,
            "explanation_html": EXPLANATION,
            "weight": 2.0,
            "quiz_id": "first-response",
            "cpms_standards": [8, 18],
            "choices": [
                {"key": "c1", "html": "Listen calmly and reassure her", "correct": True,
                 "feedback_html": "<p>FEEDBACK-RIGHT calm helps.</p>"},
                {"key": "c2", "html": "Promise to keep it secret", "correct": False,
                 "feedback_html": "<p>FEEDBACK-WRONG never promise.</p>"},
            ],
        },
        right_answer="c1",
        wrong_answer="c2",
        right_form=[("answer", "c1")],
        secrets=("FEEDBACK-RIGHT", "FEEDBACK-WRONG", "EXPLANATION-TEXT"),
    ),
    BlockExample(
        block_type="cp_true_false",
        fields={
            "question_html": "<p>You may share a child's photo with her name if it shows impact.</p>",
            "explanation_html": EXPLANATION,
            "choices": [
                {"key": "c1", "html": "True", "correct": False, "feedback_html": "<p>FEEDBACK-WRONG harm.</p>"},
                {"key": "c2", "html": "False", "correct": True, "feedback_html": "<p>FEEDBACK-RIGHT no names.</p>"},
            ],
        },
        right_answer="c2",
        wrong_answer="c1",
        right_form=[("answer", "c2")],
        secrets=("FEEDBACK-RIGHT", "FEEDBACK-WRONG", "EXPLANATION-TEXT"),
    ),
    BlockExample(
        block_type="cp_multiple_response",
        fields={
            "question_html": "<p>Which are CPMS principles?</p>",
            "explanation_html": EXPLANATION,
            "scoring": "partial",
            "choices": [
                {"key": "c1", "html": "Best interests of the child", "correct": True,
                 "feedback_html": "<p>FEEDBACK-RIGHT principle 4.</p>"},
                {"key": "c2", "html": "Children's participation", "correct": True, "feedback_html": ""},
                {"key": "c3", "html": "Speed over safety", "correct": False,
                 "feedback_html": "<p>FEEDBACK-WRONG not a principle.</p>"},
            ],
        },
        right_answer=["c1", "c2"],
        wrong_answer=["c3"],
        right_form=[("answer", "c1"), ("answer", "c2")],
        secrets=("FEEDBACK-RIGHT", "FEEDBACK-WRONG", "EXPLANATION-TEXT"),
    ),
    BlockExample(
        block_type="cp_short_text",
        fields={
            "question_html": "<p>On what basis is case information shared?</p>",
            "explanation_html": EXPLANATION,
            "answers": [
                {"text": "ANSWERKEY need to know", "correct": True, "feedback_html": "<p>FEEDBACK-RIGHT yes.</p>"},
                {"text": "everyone", "correct": False, "feedback_html": "<p>FEEDBACK-WRONG no.</p>"},
            ],
        },
        right_answer="answerkey NEED to know",
        wrong_answer="everyone",
        right_form=[("answer", "answerkey need to know")],
        secrets=("ANSWERKEY", "FEEDBACK-RIGHT", "FEEDBACK-WRONG", "EXPLANATION-TEXT"),
    ),
    BlockExample(
        block_type="cp_numeric",
        fields={
            "question_html": "<p>How many standards does the CPMS 2019 have?</p>",
            "explanation_html": EXPLANATION,
            "ranges": [{"min": 28.0, "max": 28.0, "label": "LABEL-28", "feedback_html": "<p>FEEDBACK-RIGHT.</p>"}],
        },
        right_answer="28,0",
        wrong_answer="26",
        right_form=[("answer", " 28 ")],
        secrets=("LABEL-28", "FEEDBACK-RIGHT", "EXPLANATION-TEXT"),
    ),
    BlockExample(
        block_type="cp_matching",
        fields={
            "question_html": "<p>Match each standard with its number.</p>",
            "explanation_html": EXPLANATION,
            "pairs": [
                {"key": "p1", "left_html": "Information management", "right_key": "r1"},
                {"key": "p2", "left_html": "Case management", "right_key": "r2"},
            ],
            "right_options": [
                {"key": "r1", "html": "<em>Standard</em> 5"},
                {"key": "r2", "html": "Standard 18"},
                {"key": "r3", "html": "Standard 26"},
            ],
        },
        right_answer={"p1": "r1", "p2": "r2"},
        wrong_answer={"p1": "r2", "p2": "r3"},
        right_form=[("match-p1", "r1"), ("match-p2", "r2")],
        secrets=("EXPLANATION-TEXT",),
    ),
    BlockExample(
        block_type="cp_poll",
        fields={
            "question_html": "<p>How confident are you about referrals?</p>",
            "choices": [
                {"key": "c1", "html": "Very", "correct": False, "feedback_html": ""},
                {"key": "c2", "html": "Somewhat", "correct": False, "feedback_html": ""},
                {"key": "c3", "html": "Not yet", "correct": False, "feedback_html": ""},
            ],
        },
        right_answer="c2",
        wrong_answer="c3",
        right_form=[("answer", "c2")],
        graded=False,
    ),
    BlockExample(
        block_type="cp_reflection",
        fields={"question_html": "<p>Think of a time information about a child was shared too widely.</p>"},
        right_answer="We now keep files locked and share only on a need-to-know basis.",
        wrong_answer="A second, edited version of my reflection.",
        right_form=[("answer", "We keep files locked.")],
        graded=False,
    ),
]

GRADED_EXAMPLES = [example for example in EXAMPLES if example.graded]


def example_id(example):
    """pytest id: the block type."""
    return example.block_type
