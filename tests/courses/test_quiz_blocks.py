"""Each quiz kind becomes the block type and field values of docs/blocks.md."""
from __future__ import annotations

import pytest

from courses import load_course

from .course_builder import CourseBuilder, quiz_module


def only_block(course: CourseBuilder, quiz_body: str, translation: str | None = None):
    course.set("modules/02-quiz.md", quiz_module(quiz_body))
    if translation is not None:
        course.set("modules/02-quiz.fr.md", quiz_module(translation))
    result = load_course(course.write())
    assert result.course is not None, "\n".join(map(str, result.messages))
    (block,) = result.course.module("quiz").blocks
    return block


def test_single_choice_fields(course):
    block = only_block(course, """\
        id: first-response
        points: 2
        shuffle: true

        What should you do **first**?

        (x) Listen calmly
            > Yes: a calm reaction helps.
        ( ) Promise to keep it *secret*
            > Never promise secrecy.

        ---
        Listen, reassure, record.
        """)
    assert block.block_type == "cp_single_choice"
    assert block.usage_id == "test-course/quiz/first-response"
    assert block.graded and block.weight == 2.0
    assert block.settings == {
        "display_name": "first-response", "quiz_id": "first-response", "weight": 2.0,
        "shuffle": True, "scoring": "all-or-nothing", "case_sensitive": False,
        "max_attempts": 0, "cpms_standards": [5],
    }
    assert block.content_by_language == {"en": {
        "question_html": "<p>What should you do <strong>first</strong>?</p>",
        "explanation_html": "<p>Listen, reassure, record.</p>",
        "choices": [
            {"key": "c1", "html": "Listen calmly", "correct": True, "feedback_html": "Yes: a calm reaction helps."},
            {"key": "c2", "html": "Promise to keep it <em>secret</em>", "correct": False, "feedback_html": "Never promise secrecy."},
        ],
    }}


@pytest.mark.parametrize("true_word, false_word", [("True", "False"), ("Vrai", "Faux"), ("Verdadero", "Falso"), ("صحيح", "خطأ")])
def test_true_false_in_every_language(course, true_word, false_word):
    block = only_block(course, f"id: tf\n\nChildren can be asked about violence in a general assessment.\n\n( ) {true_word}\n(x) {false_word}\n")
    assert block.block_type == "cp_true_false"
    choices = block.content_by_language["en"]["choices"]
    assert [(c["key"], c["html"], c["correct"]) for c in choices] == [("c1", true_word, False), ("c2", false_word, True)]
    assert block.content_by_language["en"]["explanation_html"] == ""


def test_multiple_response_with_partial_scoring(course):
    block = only_block(course, """\
        id: safe-sharing
        scoring: partial
        cpms: [5, 18]

        Which can you share?

        [x] Anonymised trends
        [ ] The child's name
        [x] Numbers by age and sex
        """)
    assert block.block_type == "cp_multiple_response"
    assert block.settings["scoring"] == "partial"
    assert block.cpms_standards == [5, 18] == block.settings["cpms_standards"]
    assert [c["correct"] for c in block.content_by_language["en"]["choices"]] == [True, False, True]


def test_short_text_answers_and_known_wrong_answers(course):
    block = only_block(course, """\
        id: principle
        case: sensitive

        Which principle limits sharing?

        = need to know
            > Right.
        = need-to-know
        != everyone
            > No: only those who need it.
        """)
    assert block.block_type == "cp_short_text"
    assert block.settings["case_sensitive"] is True
    assert block.content_by_language["en"]["answers"] == [
        {"text": "need to know", "correct": True, "feedback_html": "Right."},
        {"text": "need-to-know", "correct": True, "feedback_html": ""},
        {"text": "everyone", "correct": False, "feedback_html": "No: only those who need it."},
    ]


def test_numeric_answer_forms(course):
    block = only_block(course, """\
        id: how-many

        How many?

        = 54
        = 50 +- 4
            > Close enough.
        = 5 +- 10%
        = 1..5
        = 3,5
        = -2 ± 0,5
        """)
    assert block.block_type == "cp_numeric"
    assert block.content_by_language["en"]["ranges"] == [
        {"min": 54.0, "max": 54.0, "label": "54", "feedback_html": ""},
        {"min": 46.0, "max": 54.0, "label": "50 ± 4", "feedback_html": "Close enough."},
        {"min": 4.5, "max": 5.5, "label": "5 ± 10%", "feedback_html": ""},
        {"min": 1.0, "max": 5.0, "label": "1..5", "feedback_html": ""},
        {"min": 3.5, "max": 3.5, "label": "3.5", "feedback_html": ""},
        {"min": -2.5, "max": -1.5, "label": "-2 ± 0.5", "feedback_html": ""},
    ]


def test_type_text_keeps_numbers_as_text(course):
    block = only_block(course, "id: year\ntype: text\n\nWhich year?\n\n= 1989\n")
    assert block.block_type == "cp_short_text"


def test_matching_pairs_right_options_and_distractors(course):
    block = only_block(course, """\
        id: phases

        Match each activity to its phase.

        Training volunteers -> Preparedness
        Reviewing reports -> Assessment
        Mapping services -> Preparedness
        -> Case closure
        """)
    assert block.block_type == "cp_matching"
    content = block.content_by_language["en"]
    assert content["pairs"] == [
        {"key": "p1", "left_html": "Training volunteers", "right_key": "r1"},
        {"key": "p2", "left_html": "Reviewing reports", "right_key": "r2"},
        {"key": "p3", "left_html": "Mapping services", "right_key": "r1"},
    ]
    assert content["right_options"] == [
        {"key": "r1", "html": "Preparedness"},
        {"key": "r2", "html": "Assessment"},
        {"key": "r3", "html": "Case closure"},
    ]


def test_poll_has_no_right_answer_and_is_not_graded(course):
    block = only_block(course, "id: stage\ntype: poll\n\nWhere do children take part least?\n\n( ) Assessment\n( ) Planning\n")
    assert block.block_type == "cp_poll" and not block.graded
    assert block.content_by_language["en"] == {
        "question_html": "<p>Where do children take part least?</p>",
        "choices": [
            {"key": "c1", "html": "Assessment", "correct": False, "feedback_html": ""},
            {"key": "c2", "html": "Planning", "correct": False, "feedback_html": ""},
        ],
    }


def test_reflection_is_only_a_prompt(course):
    block = only_block(course, "id: think\ntype: reflection\n\nWhat would you do differently?\n")
    assert block.block_type == "cp_reflection" and not block.graded
    assert block.content_by_language["en"] == {"question_html": "<p>What would you do differently?</p>"}


def test_attempts_header_sets_max_attempts(course):
    block = only_block(course, "id: q\nattempts: 3\n\nWhich?\n\n(x) a\n( ) b\n")
    assert block.settings["max_attempts"] == 3


def test_translations_share_keys_and_settings(course):
    block = only_block(
        course,
        "id: q\npoints: 2\n\nWhich?\n\n(x) Right\n( ) Wrong\n",
        translation="id: q\n\nLaquelle ?\n\n(x) Juste\n( ) Faux pas\n",
    )
    assert set(block.content_by_language) == {"en", "fr"}
    assert [c["key"] for c in block.content_by_language["fr"]["choices"]] == ["c1", "c2"]
    assert block.content_by_language["fr"]["choices"][0]["html"] == "Juste"
    assert block.weight == 2.0


def test_pre_and_post_test_items_allow_one_attempt(course):
    quiz = "id: q\n\nWhich?\n\n(x) a\n( ) b\n"
    course.set("course.yaml", course.files["course.yaml"] + "pre_test: 00-pre-test\npost_test: post-test\n")
    course.set("modules/00-pre-test.md", quiz_module(quiz, title="Pre-test"))
    course.set("modules/08-post-test.md", quiz_module(quiz, title="Post-test"))
    course.set("modules/03-extra.md", quiz_module(quiz, title="Extra"))
    model = load_course(course.write()).course
    assert [(m.slug, m.role) for m in model.modules] == [
        ("pre-test", "pre_test"), ("intro", "module"), ("extra", "module"), ("post-test", "post_test"),
    ]
    assert model.pre_test == "pre-test" and model.post_test == "post-test"
    assert [m.blocks[0].settings["max_attempts"] for m in model.modules] == [1, 0, 0, 1]


def test_placeholders_replace_quizzes_in_page_order(course):
    course.set("modules/02-quiz.md", quiz_module("id: a\n\nWhich?\n\n(x) x\n( ) y\n") + "\nMiddle.\n\n```quiz\nid: b\ntype: reflection\n\nThink.\n```\n")
    module = load_course(course.write()).course.module("quiz")
    html = module.pages["en"].html
    first = '<div class="xblock-slot" data-usage-id="test-course/quiz/a"></div>'
    second = '<div class="xblock-slot" data-usage-id="test-course/quiz/b"></div>'
    assert html.index(first) < html.index("Middle.") < html.index(second)
    assert [b.quiz_id for b in module.blocks] == ["a", "b"]
