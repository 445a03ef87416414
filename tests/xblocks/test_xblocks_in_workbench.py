"""Every block in the xblock-sdk workbench runtime: rendering and the submit handler."""

import re

import pytest
from xblock.core import XBlock

from block_examples import EXAMPLES, GRADED_EXAMPLES, example_id

ENTRY_POINTS = {
    "cp_single_choice": "SingleChoiceBlock",
    "cp_true_false": "TrueFalseBlock",
    "cp_multiple_response": "MultipleResponseBlock",
    "cp_short_text": "ShortTextBlock",
    "cp_numeric": "NumericBlock",
    "cp_matching": "MatchingBlock",
    "cp_poll": "PollBlock",
    "cp_reflection": "ReflectionBlock",
}

every_block = pytest.mark.parametrize("example", EXAMPLES, ids=example_id)
every_graded_block = pytest.mark.parametrize("example", GRADED_EXAMPLES, ids=example_id)


def idempotency_key(html):
    return re.search(r'name="idempotency_key" value="([^"]+)"', html).group(1)


@pytest.mark.parametrize("block_type", sorted(ENTRY_POINTS))
def test_every_block_type_is_registered_under_its_entry_point(block_type):
    assert XBlock.load_class(block_type).__name__ == ENTRY_POINTS[block_type]


@every_block
def test_unanswered_block_is_a_plain_form_posting_to_the_submit_handler(workbench, example):
    block = workbench.load(example.block_type, **example.fields)
    html = workbench.html(block)
    handler_url = workbench.runtime.handler_url(block, "submit")
    assert f'<form class="cp-quiz-form" method="post" action="{handler_url}"' in html
    assert '<input type="hidden" name="idempotency_key"' in html
    assert "<fieldset>" in html and "<legend>" in html
    assert '<button type="submit">' in html
    assert "<script" not in html and "style=" not in html


@every_block
def test_unanswered_block_shows_no_answer_key_feedback_or_explanation(workbench, example):
    html = workbench.html(workbench.load(example.block_type, **example.fields))
    assert "correct" not in html.lower()
    assert "cp-quiz-result" not in html
    for secret in example.secrets:
        assert secret not in html


@every_block
def test_each_render_carries_a_fresh_idempotency_key(workbench, example):
    block = workbench.load(example.block_type, **example.fields)
    assert idempotency_key(workbench.html(block)) != idempotency_key(workbench.html(block))


@every_block
def test_json_submission_returns_the_result_and_the_new_form(workbench, example):
    block = workbench.load(example.block_type, **example.fields)
    response = workbench.post_json(block, {"answer": example.right_answer, "idempotency_key": "k1"})
    assert response.status_code == 200
    reply = response.json
    assert reply["ok"] is True
    assert reply["attempts"] == 1
    assert reply["max_attempts"] == 0
    assert 'class="cp-quiz-form"' in reply["html"]
    assert "cp-quiz-result" in reply["html"]
    assert idempotency_key(reply["html"])


@every_block
def test_form_post_without_javascript_redirects_back_to_the_block(workbench, example):
    block = workbench.load(example.block_type, **example.fields)
    response = workbench.post_form(
        block, example.right_form + [("idempotency_key", "k1")],
        referer="http://localhost/learn/cpms-essentials/information?page=2",
    )
    assert response.status_code == 303
    assert response.location.endswith(f"/learn/cpms-essentials/information?page=2#{block.dom_id}")
    stored = workbench.reload(block)
    assert stored.attempts == 1
    assert "cp-quiz-result" in workbench.html(stored)


def test_redirect_never_leaves_the_site_named_by_a_forged_referer(workbench):
    example = EXAMPLES[0]
    block = workbench.load(example.block_type, **example.fields)
    response = workbench.post_form(block, example.right_form, referer="https://evil.example/phish")
    assert response.status_code == 200
    assert response.json["ok"] is True


@every_graded_block
def test_right_answer_earns_the_weight_and_publishes_the_grade(workbench, example):
    block = workbench.load(example.block_type, **example.fields)
    reply = workbench.post_json(block, {"answer": example.right_answer, "idempotency_key": "k"}).json
    weight = example.fields.get("weight", 1.0)
    assert reply["result"]["correct"] is True
    assert reply["result"]["earned"] == weight
    assert reply["result"]["possible"] == weight
    assert workbench.events == [("grade", {"value": weight, "max_value": weight})]
    stored = workbench.reload(block)
    assert stored.raw_earned == weight
    assert stored.get_score() == (weight, weight)
    assert "Correct." in reply["html"]


@every_graded_block
def test_wrong_answer_earns_nothing_and_shows_the_correct_answer_and_explanation(workbench, example):
    block = workbench.load(example.block_type, **example.fields)
    reply = workbench.post_json(block, {"answer": example.wrong_answer, "idempotency_key": "k"}).json
    assert reply["result"]["correct"] is False
    assert reply["result"]["earned"] == 0.0
    assert workbench.events == [("grade", {"value": 0.0, "max_value": example.fields.get("weight", 1.0)})]
    html = workbench.html(workbench.reload(block))
    assert "Incorrect." in html
    assert "Score: 0 out of" in html
    assert "Correct answer:" in html
    assert "EXPLANATION-TEXT" in html
    assert "Try again" in html


@pytest.mark.parametrize("example", [e for e in EXAMPLES if not e.graded], ids=example_id)
def test_poll_and_reflection_publish_completion_not_a_grade(workbench, example):
    block = workbench.load(example.block_type, **example.fields)
    workbench.post_json(block, {"answer": example.right_answer, "idempotency_key": "k"})
    assert workbench.events == [("completion", {"completion": 1.0})]
    assert not getattr(block, "has_score", False)


def test_result_shows_the_chosen_feedback_only(workbench):
    example = EXAMPLES[0]
    block = workbench.load(example.block_type, **example.fields)
    workbench.post_json(block, {"answer": "c2", "idempotency_key": "k"})
    html = workbench.html(workbench.reload(block))
    assert "FEEDBACK-WRONG" in html
    assert "FEEDBACK-RIGHT" not in html


def test_partial_credit_says_partly_correct_with_the_score(workbench):
    example = next(e for e in EXAMPLES if e.block_type == "cp_multiple_response")
    block = workbench.load(example.block_type, **dict(example.fields, weight=3.0))
    reply = workbench.post_json(block, {"answer": ["c1"], "idempotency_key": "k"}).json
    assert reply["result"]["earned"] == 1.5
    assert "Partly correct." in reply["html"]
    assert "Score: 1.5 out of 3." in reply["html"]


def test_retry_form_keeps_the_learners_last_answer_ticked(workbench):
    example = next(e for e in EXAMPLES if e.block_type == "cp_multiple_response")
    block = workbench.load(example.block_type, **example.fields)
    workbench.post_json(block, {"answer": ["c3", "c1"], "idempotency_key": "k"})
    html = workbench.html(workbench.reload(block))
    assert re.search(r'value="c1" id="[^"]+" checked', html)
    assert re.search(r'value="c3" id="[^"]+" checked', html)
    assert not re.search(r'value="c2" id="[^"]+" checked', html)
    assert workbench.reload(block).answer == ["c1", "c3"]


def test_attempt_limit_refuses_further_submissions_with_409(workbench):
    example = EXAMPLES[0]
    block = workbench.load(example.block_type, **dict(example.fields, max_attempts=2))
    first = workbench.post_json(block, {"answer": "c2", "idempotency_key": "k1"}).json
    assert "Attempts used: 1 of 2." in first["html"]
    assert "Try again" in first["html"]
    second = workbench.post_json(workbench.reload(block), {"answer": "c1", "idempotency_key": "k2"}).json
    assert "Attempts used: 2 of 2." in second["html"]
    assert "<fieldset disabled>" in second["html"]
    assert '<button type="submit">' not in second["html"]

    refused = workbench.post_json(workbench.reload(block), {"answer": "c2", "idempotency_key": "k3"})
    assert refused.status_code == 409
    assert refused.json["ok"] is False
    assert "2 attempts" in refused.json["error"]
    stored = workbench.reload(block)
    assert stored.attempts == 2
    assert stored.answer == "c1"
    assert stored.raw_earned == 2.0


def test_unlimited_attempts_say_how_many_were_made(workbench):
    example = EXAMPLES[0]
    block = workbench.load(example.block_type, **example.fields)
    for number in range(3):
        reply = workbench.post_json(workbench.reload(block), {"answer": "c2", "idempotency_key": str(number)}).json
    assert reply["attempts"] == 3
    assert "You have made 3 attempts." in reply["html"]


BAD_ANSWERS = [
    ("cp_single_choice", "c9"),
    ("cp_single_choice", ["c1"]),
    ("cp_single_choice", None),
    ("cp_true_false", 1),
    ("cp_multiple_response", "c1"),
    ("cp_multiple_response", ["c1", "c7"]),
    ("cp_multiple_response", []),
    ("cp_multiple_response", [1, 2]),
    ("cp_short_text", "x" * 2001),
    ("cp_short_text", "   "),
    ("cp_short_text", {"text": "need to know"}),
    ("cp_numeric", "twenty-eight"),
    ("cp_numeric", "x" * 2001),
    ("cp_numeric", True),
    ("cp_matching", {"p1": "r1", "p2": "r2", "p9": "r1"}),
    ("cp_matching", {"p1": "r1", "p2": "r9"}),
    ("cp_matching", {"p1": "r1"}),
    ("cp_matching", ["r1", "r2"]),
    ("cp_matching", {"p1": "r1", "p2": 2}),
    ("cp_poll", "c4"),
    ("cp_poll", ["c1", "c2"]),
    ("cp_reflection", "x" * 5001),
    ("cp_reflection", ""),
    ("cp_reflection", 42),
]


@pytest.mark.parametrize(("block_type", "bad_answer"), BAD_ANSWERS)
def test_malformed_answer_is_refused_with_400_and_changes_nothing(workbench, block_type, bad_answer):
    example = next(e for e in EXAMPLES if e.block_type == block_type)
    block = workbench.load(block_type, **example.fields)
    response = workbench.post_json(block, {"answer": bad_answer, "idempotency_key": "k"})
    assert response.status_code == 400
    assert response.json["ok"] is False
    assert response.json["error"]
    stored = workbench.reload(block)
    assert stored.attempts == 0
    assert stored.answer is None
    assert stored.last_result == {}
    assert workbench.events == []


def test_body_that_is_not_json_is_refused_with_400(workbench):
    import webob

    example = EXAMPLES[0]
    block = workbench.load(example.block_type, **example.fields)
    request = webob.Request.blank("/", method="POST", content_type="application/json")
    request.body = b"{not json"
    response = workbench.runtime.handle(block, "submit", request)
    assert response.status_code == 400
    assert workbench.reload(block).attempts == 0


def test_a_non_number_gets_a_clear_message_and_is_not_an_attempt(workbench):
    example = next(e for e in EXAMPLES if e.block_type == "cp_numeric")
    block = workbench.load(example.block_type, **dict(example.fields, max_attempts=1))
    refused = workbench.post_json(block, {"answer": "about 28", "idempotency_key": "k"})
    assert refused.status_code == 400
    assert "is not a number" in refused.json["error"]
    accepted = workbench.post_json(workbench.reload(block), {"answer": "28", "idempotency_key": "k2"})
    assert accepted.json["result"]["correct"] is True


def test_form_post_error_without_javascript_is_a_readable_page_with_a_way_back(workbench):
    example = next(e for e in EXAMPLES if e.block_type == "cp_numeric")
    block = workbench.load(example.block_type, **example.fields)
    response = workbench.post_form(
        block, [("answer", "<b>lots</b>"), ("idempotency_key", "k")], referer="http://localhost/learn/m1",
    )
    assert response.status_code == 400
    assert response.content_type == "text/html"
    page = response.text
    assert "&lt;b&gt;lots&lt;/b&gt;" in page and "<b>lots" not in page
    assert f'href="/learn/m1#{block.dom_id}"' in page


def test_learner_text_is_escaped_in_the_result(workbench):
    example = next(e for e in EXAMPLES if e.block_type == "cp_short_text")
    block = workbench.load(example.block_type, **example.fields)
    reply = workbench.post_json(block, {"answer": '<img src=x onerror="alert(1)">', "idempotency_key": "k"}).json
    assert "<img" not in reply["html"]
    assert "&lt;img" in reply["html"]


def test_short_text_known_wrong_answer_shows_its_feedback(workbench):
    example = next(e for e in EXAMPLES if e.block_type == "cp_short_text")
    block = workbench.load(example.block_type, **example.fields)
    reply = workbench.post_json(block, {"answer": "  EVERYONE ", "idempotency_key": "k"}).json
    assert reply["result"]["feedback_html"] == ["<p>FEEDBACK-WRONG no.</p>"]
    assert "FEEDBACK-WRONG" in reply["html"]


def test_numeric_input_invites_a_decimal_keyboard(workbench):
    example = next(e for e in EXAMPLES if e.block_type == "cp_numeric")
    html = workbench.html(workbench.load(example.block_type, **example.fields))
    assert 'inputmode="decimal"' in html
    assert re.search(r'<label for="([^"]+)">Your answer</label>\s*<input type="text" name="answer" id="\1"', html)


def test_matching_has_one_labelled_select_per_left_item_with_plain_text_options(workbench):
    example = next(e for e in EXAMPLES if e.block_type == "cp_matching")
    block = workbench.load(example.block_type, **example.fields)
    html = workbench.html(block)
    for pair_key in ("p1", "p2"):
        select_id = f"{block.dom_id}-{pair_key}"
        assert f'<label for="{select_id}">' in html
        assert f'<select name="match-{pair_key}" id="{select_id}">' in html
    assert ">Standard 5</option>" in html
    assert "<em>" not in html


def test_shuffled_choices_keep_one_order_per_learner(workbench):
    choices = [
        {"key": f"c{number}", "html": f"Choice {number}", "correct": number == 1, "feedback_html": ""}
        for number in range(1, 9)
    ]
    fields = {"question_html": "<p>Pick</p>", "choices": choices, "shuffle": True}
    block = workbench.load("cp_single_choice", **fields)

    def order(html):
        return re.findall(r'value="(c\d)"', html)

    first = order(workbench.html(block))
    assert sorted(first) == sorted(choice["key"] for choice in choices)
    assert order(workbench.html(workbench.reload(block))) == first
    other_learner = workbench.as_learner("learner-2")
    assert order(other_learner.html(other_learner.reload(block))) != first


def test_true_false_keeps_true_before_false_even_when_shuffle_is_set(workbench):
    example = next(e for e in EXAMPLES if e.block_type == "cp_true_false")
    html = workbench.html(workbench.load(example.block_type, **dict(example.fields, shuffle=True)))
    assert html.index(">True<") < html.index(">False<")


def test_poll_counts_one_vote_per_learner_and_moves_a_changed_vote(workbench):
    example = next(e for e in EXAMPLES if e.block_type == "cp_poll")
    block = workbench.load(example.block_type, **example.fields)
    workbench.post_json(block, {"answer": "c1", "idempotency_key": "a"})
    workbench.post_json(workbench.reload(block), {"answer": "c1", "idempotency_key": "b"})
    second = workbench.as_learner("learner-2")
    second.post_json(second.reload(block), {"answer": "c2", "idempotency_key": "c"})
    assert workbench.reload(block).tally == {"c1": 1, "c2": 1}

    reply = workbench.post_json(workbench.reload(block), {"answer": "c2", "idempotency_key": "d"}).json
    assert reply["result"]["tally"] == {"c1": 0, "c2": 2}
    assert "2 votes (100%)" in reply["html"]
    assert "0 votes (0%)" in reply["html"]
    assert '<meter min="0" max="100" value="100">100%</meter>' in reply["html"]
    assert "(your vote)" in reply["html"]
    assert "2 people have voted." in reply["html"]
    assert "Change my vote" in reply["html"]


def test_reflection_warns_against_real_names_and_case_details(workbench):
    example = next(e for e in EXAMPLES if e.block_type == "cp_reflection")
    html = workbench.html(workbench.load(example.block_type, **example.fields))
    assert "Do not write real names or case details of children, families or colleagues." in html
    assert re.search(r'<label for="([^"]+)">Your reflection</label>\s*<textarea name="answer" id="\1"', html)
    assert 'maxlength="5000"' in html


def test_reflection_is_shown_back_and_can_be_edited(workbench):
    example = next(e for e in EXAMPLES if e.block_type == "cp_reflection")
    block = workbench.load(example.block_type, **example.fields)
    workbench.post_json(block, {"answer": "First <draft>", "idempotency_key": "a"})
    html = workbench.html(workbench.reload(block))
    assert "Your reflection is saved." in html
    assert "First &lt;draft&gt;" in html
    assert "Save changes" in html

    workbench.post_json(workbench.reload(block), {"answer": "Second version", "idempotency_key": "b"})
    stored = workbench.reload(block)
    assert stored.answer == "Second version"
    assert "First" not in workbench.html(stored)


def test_block_adds_its_stylesheet_script_and_initialiser(workbench):
    example = EXAMPLES[0]
    block = workbench.load(example.block_type, **example.fields)
    fragment = block.student_view()
    urls = [resource.data for resource in fragment.resources]
    assert any(url.endswith("public/quiz.css") for url in urls)
    assert any(url.endswith("public/quiz.js") for url in urls)
    assert fragment.js_init_fn == "CpQuizBlock"
