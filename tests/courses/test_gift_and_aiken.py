"""GIFT import/export round trips, GIFT warnings, and Aiken import."""
from __future__ import annotations

from courses import load_course
from courses.aiken import import_aiken
from courses.gift import export_gift, import_gift
from courses.messages import MessageLog
from courses.module_source import read_module

from .course_builder import CourseBuilder, quiz_module

EVERY_KIND = """\
---
title: Every kind
duration: 10 min
---

```quiz
id: single
points: 2

What should you do **first**? Use {braces}, a # sign, = and ~ and a colon: here.

(x) Listen calmly
    > Yes: calm helps.
( ) Promise secrecy
    > Never.

---
Listen, reassure, record.

A second paragraph.
```

```quiz
id: truth

Monitoring means investigating each child.

( ) True
(x) False
    > Right.
```

```quiz
id: multi

Which can you share?

[x] Trends
[ ] Names
    > Never names.
[x] Numbers by age
```

```quiz
id: words

Which principle limits sharing?

= need to know
    > Yes.
= need-to-know
!= everyone
    > No.
```

```quiz
id: count

How many?

= 54
= 50 +- 4
= 5 +- 10%
= 1..5
    > In range.
```

```quiz
id: pairs

Match.

Training -> Preparedness
Reviewing -> Assessment
-> Case closure
```

```quiz
id: vote
type: poll

Which phase?

( ) Assessment
( ) Planning
```

```quiz
id: think
type: reflection

What would you change?
```
"""


def parsed_quizzes(markdown_text: str):
    log = MessageLog("module.md")
    source = read_module(markdown_text, "module.md", "en", log, is_default=True)
    assert [m for m in log.messages if m.severity == "error"] == [], log.messages
    return source.quizzes


def essence(quiz):
    return {
        "id": quiz.quiz_id, "kind": quiz.kind, "question": quiz.question, "explanation": quiz.explanation,
        "answers": [(a.marker, a.text, a.right, a.correct, a.feedback_text) for a in quiz.answers if a.marker not in ("accepted",)],
        "accepted": [a.text for a in quiz.answers if a.marker == "accepted" and quiz.kind == "text"],
        "ranges": [(r.min, r.max, r.feedback) for r in quiz.ranges],
    }


def test_export_then_import_reproduces_every_kind(course: CourseBuilder):
    course.set("modules/02-every.md", EVERY_KIND)
    model = load_course(course.write()).course
    module = model.module("every")
    gift = export_gift(module)
    blocks, warnings = import_gift(gift)
    assert [w.code for w in warnings] == ["G706"]  # the reflection comes back as an essay
    imported = parsed_quizzes("---\ntitle: Imported\n---\n\n" + blocks)
    original = [b.sources["en"] for b in module.blocks]
    assert [essence(q) for q in imported] == [essence(q) for q in original]


def test_course_export_has_one_category_per_module(course: CourseBuilder):
    course.set("modules/02-every.md", EVERY_KIND)
    gift = export_gift(load_course(course.write()).course)
    assert gift.count("$CATEGORY:") == 2
    assert "::first-response::" in gift and "::pairs::" in gift


def test_gift_import_of_moodle_syntax():
    gift = """\
// a comment
$CATEGORY: tests

::Photo consent::[markdown]Which principle is at stake?{
=Avoid exposing people to further harm#Yes.
~Participation#Not directly.
####Share only non-identifying content.
}

::TF::Children can be interviewed in detail.{FALSE#No.#Right.}

Which can be shared? {~%50%Trends ~%50%Numbers ~%-100%Names}

Name the rule {=need to know =%0%everyone#No.}

::Num:: How many? {#54:4}

::Range:: Pick one {#=1..5 =10}

::Match:: Match {=a -> 1 =b -> 2 = -> 3}

Escaped \\{braces\\} and \\= signs {=yes ~no}
"""
    blocks, warnings = import_gift(gift)
    assert warnings == []
    quizzes = parsed_quizzes("---\ntitle: x\n---\n\n" + blocks)
    assert [(q.quiz_id, q.kind) for q in quizzes] == [
        ("photo-consent", "single"), ("tf", "true-false"), ("q3", "multiple"), ("q4", "text"),
        ("num", "numeric"), ("range", "numeric"), ("match", "matching"), ("q8", "single"),
    ]
    assert quizzes[0].explanation == "Share only non-identifying content."
    assert [c.correct for c in quizzes[2].choices] == [True, True, False]
    assert [(a.marker, a.text) for a in quizzes[3].answers] == [("accepted", "need to know"), ("wrong", "everyone")]
    assert [(r.min, r.max) for r in quizzes[4].ranges] == [(50.0, 58.0)]
    assert quizzes[6].right_options == ["1", "2", "3"]
    assert quizzes[7].question == "Escaped {braces} and = signs"


def test_gift_warns_about_what_cannot_be_carried():
    gift = (
        "::Desc:: Only text.\n\n"
        "::Partial:: Pick {=a ~%50%b ~c}\n\n"
        "::Html::[html]<p>Hi</p>{=a ~b}\n\n"
        "::Blank:: The ___ one {=a ~b} is right\n\n"
        "::Essay:: Write {}\n\n"
        "::Broken:: Never closed {=a ~b\n"
    )
    _blocks, warnings = import_gift(gift)
    assert [(w.code, w.line) for w in warnings] == [
        ("G701", 1), ("G702", 3), ("G703", 5), ("G704", 7), ("G706", 9), ("G705", 11),
    ]
    assert warnings[-1].severity == "error"


def test_aiken_import():
    aiken = """\
What is the first step?
A. Listen
B) Promise secrecy
ANSWER: A

Broken question
A. only one
ANSWER: C
"""
    blocks, messages = import_aiken(aiken)
    (quiz,) = parsed_quizzes("---\ntitle: x\n---\n\n" + blocks)
    assert quiz.quiz_id == "aiken-1" and quiz.kind == "single"
    assert [(c.text, c.correct) for c in quiz.choices] == [("Listen", True), ("Promise secrecy", False)]
    assert [(m.code, m.line) for m in messages] == [("A801", 6)]


def test_quiz_module_helper_builds_valid_modules():
    assert parsed_quizzes(quiz_module("id: a\n\nQ?\n\n(x) y\n( ) n\n"))[0].kind == "single"
