"""Any module text either loads or yields located messages; the engine never raises."""
from __future__ import annotations

import shutil

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courses import load_course

from .course_builder import CourseBuilder

FRAGMENTS = st.sampled_from([
    "---", "title: T", "duration: 1 h", "cpms:", "  standards: [5]", "  principles: [99]", "objectives:",
    "  - x", "```quiz", "```", "~~~", "````", "id: q1", "id: q2", "type: poll", "type: numeric",
    "points: 2", "shuffle: yes", "(x) a", "( ) b", "[x] c", "[ ] d", "= 5", "= 1..x", "!= no",
    "a -> b", "-> c", "    > feedback", "> fb", "--- ", "", "text <b>x</b>", "![m](../media/none.png)",
    "[j](javascript:x)", "    ```quiz", "!!! note", "    body", "| a | b |", "|---|---|", ": :", "- [", "{",
    "\t", "\u200f", "صحيح", "(x)", "=", "->",
])
MODULE_TEXT = st.one_of(
    st.lists(FRAGMENTS, max_size=40).map("\n".join),
    st.text(max_size=400),
    st.lists(st.one_of(FRAGMENTS, st.text(max_size=20)), max_size=30).map("\n".join),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(default_text=MODULE_TEXT, translation_text=MODULE_TEXT)
def test_any_module_text_loads_or_gives_located_messages(tmp_path, default_text, translation_text):
    folder = tmp_path / "fuzz"
    shutil.rmtree(folder, ignore_errors=True)
    builder = CourseBuilder(folder)
    builder.files["modules/02-fuzz.md"] = default_text
    builder.files["modules/02-fuzz.fr.md"] = translation_text
    result = load_course(builder.write())
    for message in result.messages:
        assert message.path.startswith(str(builder.path))
        assert message.line >= 0
        assert message.severity in ("error", "warning")
        assert message.code and message.message
    if result.course is None:
        assert any(m.severity == "error" for m in result.messages)
    else:
        module = result.course.module("fuzz")
        assert module.pages["en"].html.count('class="xblock-slot"') == len(module.blocks)
