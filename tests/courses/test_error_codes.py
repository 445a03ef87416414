"""Every message code: a course that triggers it, and only it (no cascades)."""
from __future__ import annotations

import pytest

from courses import CODES, ERROR, check_tree, load_course
from courses.messages import WARNING

from .course_builder import COURSE_YAML, INTRO, INTRO_FR, CourseBuilder, quiz_module

SINGLE = """\
id: q1

Which one?

(x) Right
( ) Wrong
"""
SINGLE_FR = """\
id: q1

Laquelle ?

(x) Juste
( ) Faux pas
"""
MATCHING = """\
id: m1

Match them.

a -> 1
b -> 2
"""
NUMERIC = """\
id: n1

How many?

= 5
= 7
"""


def yaml_with(*lines: str, drop: tuple[str, ...] = ()) -> str:
    kept = [line for line in COURSE_YAML.splitlines() if not line.startswith(drop)] if drop else COURSE_YAML.splitlines()
    return "\n".join(kept + list(lines)) + "\n"


def intro_with(front_line: str = "", body_line: str = "") -> str:
    return INTRO.replace("competencies: [technical]\n", "competencies: [technical]\n" + front_line).replace(
        "Children face specific risks in crises.", "Children face specific risks in crises.\n" + body_line
    )


def pre_post(post_quiz_id: str) -> dict:
    return {
        "course.yaml": yaml_with("pre_test: 00-pre-test", "post_test: 09-post-test"),
        "modules/00-pre-test.md": quiz_module(SINGLE),
        "modules/09-post-test.md": quiz_module(SINGLE.replace("id: q1", f"id: {post_quiz_id}")),
    }


CASES: dict[str, dict] = {
    "C101": {"course.yaml": None},
    "C102": {"course.yaml": "title: [unclosed\nlanguages: [en]\n"},
    "C103": {"course.yaml": yaml_with("titel: typo")},
    "C104": {"course.yaml": yaml_with(drop=("level",))},
    "C105": {"course.yaml": yaml_with("certificate: yes", drop=("certificate",))},
    "C106": {"course.yaml": yaml_with("level: beginner", drop=("level",))},
    "C107": {"course.yaml": yaml_with("pass_mark: 170", drop=("pass_mark",))},
    "C108": {"course.yaml": yaml_with("languages: [en, fr, de]", drop=("languages",))},
    "C109": {"course.yaml": yaml_with("languages: [en, fr, en]", drop=("languages",))},
    "C110": {"course.yaml": yaml_with("audience: {en: Staff, es: Personal}")},
    "C111": {"course.yaml": yaml_with('title: {fr: "Cours"}', drop=("title", "  en:", "  fr:"))},
    "M201": {"modules/1-intro-again.md": INTRO},
    "M202": {"modules/01-other.md": quiz_module(SINGLE)},
    "M203": {"modules/02-intro.md": quiz_module(SINGLE)},
    "M204": {"modules/02-quiz.md": "# No front matter\n\nText.\n"},
    "M205": {"modules/02-quiz.md": "---\ntitle: [broken\n---\n\nText.\n"},
    "M206": {"modules/01-intro.md": intro_with("titel: typo\n")},
    "M207": {"modules/02-quiz.md": "---\nduration: 5 min\n---\n\nText.\n"},
    "M208": {"modules/01-intro.md": INTRO.replace("30 min", "forty minutes")},
    "M209": {"modules/01-intro.md": INTRO.replace("objectives:\n  - Explain why children need protection", "objectives: Explain")},
    "M210": {"modules/01-intro.md": INTRO.replace("standards: [1, 18]", "standards: [1, 29]")},
    "M211": {"modules/01-intro.md": INTRO.replace("principles: [4]", "principles: [11]")},
    "M212": {"modules/01-intro.md": intro_with("pass_mark: 101\n")},
    "M213": {"modules/01-intro.md": INTRO.replace("competencies: [technical]", "competencies: technical")},
    "M214": {"modules/01-intro.md": None, "modules/01-intro.fr.md": None},
    "M215": {"modules/01-intro.md": intro_with(body_line="<b>bold</b>")},
    "M216": {"modules/02-quiz.md": b"---\ntitle: caf\xe9\n---\n"},
    "Q301": {"modules/02-quiz.md": quiz_module(SINGLE)[:-4]},
    "Q302": {"modules/02-quiz.md": quiz_module("Which one?\n\n(x) a\n( ) b\n")},
    "Q303": {"modules/02-quiz.md": quiz_module("id: q1\npoinst: 2\n\nWhich?\n\n(x) a\n( ) b\n")},
    "Q304": {"modules/02-quiz.md": quiz_module("id: q1\npoints: two\n\nWhich?\n\n(x) a\n( ) b\n")},
    "Q305": {"modules/02-quiz.md": quiz_module(SINGLE) + "\n```quiz\n" + SINGLE + "```\n"},
    "Q306": {"modules/02-quiz.md": quiz_module("id: q1\n\n(x) a\n( ) b\n")},
    "Q307": {"modules/02-quiz.md": quiz_module("id: q1\n\nWhat do you think?\n")},
    "Q308": {"modules/02-quiz.md": quiz_module("id: q1\n\nWhich?\n\n(x) a\n[ ] b\n")},
    "Q309": {"modules/02-quiz.md": quiz_module("id: q1\n\nWhich?\n\n(x) a\n(x) b\n( ) c\n")},
    "Q310": {"modules/02-quiz.md": quiz_module("id: q1\n\nWhich?\n\n[ ] a\n[ ] b\n")},
    "Q311": {"modules/02-quiz.md": quiz_module("id: q1\ntype: numeric\n\nHow many?\n\n= about five\n")},
    "Q312": {"modules/02-quiz.md": quiz_module("id: q1\n\nMatch.\n\na -> 1\n-> 2\n")},
    "Q313": {"modules/02-quiz.md": quiz_module("id: q1\ntype: multiple\n\nWhich?\n\n(x) a\n( ) b\n")},
    "Q314": {"modules/02-quiz.md": quiz_module("id: q1\n\nWhich?\n\n(x) a\n( ) b\nA stray sentence.\n")},
    "Q315": {"modules/02-quiz.md": quiz_module("id: first response\n\nWhich?\n\n(x) a\n( ) b\n")},
    "Q316": {"modules/02-quiz.md": quiz_module("id: q1\ntype: poll\n\nWhich?\n\n( ) a\n( ) b\n\n---\nNothing.\n")},
    "Q317": {"modules/02-quiz.md": quiz_module("id: q1\ncase: sensitive\n\nWhich?\n\n(x) a\n( ) b\n")},
    "Q318": {"modules/02-quiz.md": quiz_module("id: q1\n\nWhich?\n\n(x) a\n")},
    "Q319": {"modules/02-quiz.md": "---\ntitle: Q\n---\n\n- item\n\n    ```quiz\n    id: q1\n    ```\n"},
    "Q320": {"modules/02-quiz.md": quiz_module("id: q1\n\nWhich?\n\n(x) a\n( )\n")},
    "T401": {"modules/02-quiz.fr.md": quiz_module(SINGLE_FR)},
    "T402": {"modules/01-intro.es.md": INTRO_FR},
    "T403": {"modules/01-intro.fr.md": INTRO_FR.replace("id: first-response", "id: premiere-reponse")},
    "T404": {"modules/02-quiz.md": quiz_module(SINGLE), "modules/02-quiz.fr.md": quiz_module(SINGLE_FR.replace("(x)", "[x]").replace("( )", "[ ]"))},
    "T405": {"modules/02-quiz.md": quiz_module(SINGLE), "modules/02-quiz.fr.md": quiz_module(SINGLE_FR.replace("(x) Juste\n( ) Faux pas", "( ) Juste\n(x) Faux pas"))},
    "T406": {"modules/02-quiz.md": quiz_module(MATCHING), "modules/02-quiz.fr.md": quiz_module(MATCHING + "c -> 3\n")},
    "T407": {"modules/02-quiz.md": quiz_module(NUMERIC), "modules/02-quiz.fr.md": quiz_module(NUMERIC.replace("= 7\n", ""))},
    "T408": {"modules/02-quiz.md": quiz_module(SINGLE), "modules/02-quiz.fr.md": quiz_module(SINGLE_FR.replace("id: q1", "id: q1\npoints: 3"))},
    "T409": {"modules/01-intro.fr.md": INTRO_FR.replace("title: Introduction", "title: Introduction\nduration: 1 h")},
    "X501": {"modules/01-intro.md": intro_with(body_line="![Referral map](../media/map.png)")},
    "X502": {"modules/01-intro.md": intro_with(body_line="[click](JavaScript:alert(1))")},
    "X503": {"modules/01-intro.md": intro_with(body_line="![Referral map](media/map.png)")},
    "P601": {"course.yaml": yaml_with("pre_test: 00-nothing")},
    "P602": pre_post("q2"),
    "P603": {"course.yaml": yaml_with("pre_test: 00-pre-test", "post_test: pre-test"), "modules/00-pre-test.md": quiz_module(SINGLE)},
}


def test_the_example_course_has_no_messages(course: CourseBuilder):
    assert check_tree(course.write()) == []


def test_every_code_has_a_case():
    loader_codes = [code for code in CODES if code[0] not in "GA"]
    assert sorted([*CASES, "C112"]) == sorted(loader_codes)


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_problem_gives_its_code_and_nothing_else(course: CourseBuilder, code: str):
    for name, content in CASES[code].items():
        course.set(name, content)
    messages = check_tree(course.write())
    assert [m.code for m in messages] == [code], "\n".join(map(str, messages))
    assert messages[0].message.strip()
    assert messages[0].path.startswith(str(course.path))


def test_course_folder_name_must_be_a_slug(tmp_path):
    folder = CourseBuilder(tmp_path, slug="Test_Course").write()
    assert [m.code for m in check_tree(folder)] == ["C112"]


def test_warnings_alone_still_load_the_course(course: CourseBuilder):
    course.set(*CASES["M215"].popitem())
    result = load_course(course.write())
    assert [m.severity for m in result.messages] == [WARNING]
    assert result.course is not None


def test_errors_leave_no_course(course: CourseBuilder):
    course.set("modules/01-intro.md", CASES["M210"]["modules/01-intro.md"])
    result = load_course(course.write())
    assert result.course is None
    assert result.messages[0].severity == ERROR


def test_unknown_course_key_suggests_the_close_one(course: CourseBuilder):
    course.set("course.yaml", yaml_with("titel: typo"))
    (message,) = check_tree(course.write())
    assert 'Did you mean "title"?' in message.message
    assert message.line == len(COURSE_YAML.splitlines()) + 1


def test_two_right_choices_name_both_lines(course: CourseBuilder):
    course.set("modules/02-quiz.md", CASES["Q309"]["modules/02-quiz.md"])
    (message,) = check_tree(course.write())
    assert "found 2 (lines 15 and 16)" in message.message
    assert message.line == 16
    assert str(message).endswith(f"02-quiz.md:16: error Q309: {message.message}")


def test_yaml_no_stays_a_string_in_course_yaml(course: CourseBuilder):
    course.set("course.yaml", yaml_with("certificate: no", drop=("certificate",)))
    (message,) = check_tree(course.write())
    assert message.code == "C105" and '"no"' in message.message


def test_missing_translation_files_are_fine(course: CourseBuilder):
    course.set("modules/02-quiz.md", quiz_module(SINGLE))
    assert check_tree(course.write()) == []


def test_check_tree_checks_every_course_folder(tmp_path):
    CourseBuilder(tmp_path, "course-a").write()
    broken = CourseBuilder(tmp_path, "course-b").set("course.yaml", None).write()
    messages = check_tree(tmp_path)
    assert [(m.code, m.path) for m in messages] == [("C101", str(broken / "course.yaml"))]


def test_errors_are_reported_at_their_line_in_front_matter(course: CourseBuilder):
    course.set("modules/01-intro.md", CASES["M210"]["modules/01-intro.md"])
    (message,) = check_tree(course.write())
    assert message.line == 7
    assert "29" in message.message
