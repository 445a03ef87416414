"""Every block exports to OLX and imports back with every authored field equal.

Export and import are the XBlock library's own machinery (`add_xml_to_node`
through `Runtime.export_to_xml`, `parse_xml` through
`Runtime.parse_xml_string`), run by the xblock-sdk workbench runtime, as
Open edX's course import and export would run them.
"""

import io

import pytest
from lxml import etree
from xblock.core import XBlock
from xblock.fields import Scope

from block_examples import EXAMPLES, example_id

AUTHORED_SCOPES = (Scope.content, Scope.settings)

# A value other than the default for every settings field any block has,
# so that a field left out of the export cannot pass by falling back to its default.
SETTINGS_VALUES = {
    "display_name": "first-response (pre-test)",
    "quiz_id": "first-response",
    "max_attempts": 1,
    "cpms_standards": [8, 18, 28],
    "weight": 2.5,
    "shuffle": True,
    "scoring": "partial",
    "case_sensitive": True,
    "name": "first-response",
    "tags": ["pre-test"],
}

# Values that the library's own String and List fields did not bring back.
AWKWARD_HTML = "\n  <p>Qu'est-ce que c'est ? A &amp; B &lt; C, «&nbsp;guillemets&nbsp;»\r\n et نعم</p>  \n"


def authored_fields(block):
    """{field name: value} of every content and settings field of the block."""
    return {
        name: getattr(block, name)
        for name, field in block.fields.items()
        if field.scope in AUTHORED_SCOPES
    }


def authored_values(example):
    """The example's content fields with every settings field set to a non-default value."""
    block_class = XBlock.load_class(example.block_type)
    values = dict(example.fields)
    for name, field in block_class.fields.items():
        if field.scope == Scope.settings:
            assert name in SETTINGS_VALUES, f"add a non-default value for the new settings field {name!r}"
            values[name] = SETTINGS_VALUES[name]
        elif field.scope == Scope.content:
            assert name in values, f"{example.block_type}: the example sets no value for {name!r}"
    return values


def export(workbench, block):
    """The block as an OLX document (bytes)."""
    olx = io.BytesIO()
    workbench.runtime.export_to_xml(block, olx)
    return olx.getvalue()


def round_trip(workbench, block_type, values):
    """(original, imported, olx): a block with `values`, exported and imported as a new block."""
    original = workbench.load(block_type)
    for name, value in values.items():
        setattr(original, name, value)
    original.save()
    olx = export(workbench, original)
    imported = workbench.runtime.get_block(workbench.runtime.parse_xml_string(olx))
    assert imported.scope_ids.usage_id != original.scope_ids.usage_id
    return original, imported, olx


@pytest.mark.parametrize("example", EXAMPLES, ids=example_id)
def test_every_authored_field_survives_export_and_import(workbench, example):
    values = authored_values(example)
    original, imported, _olx = round_trip(workbench, example.block_type, values)
    assert {name: getattr(original, name) for name in values} == values
    for name, value in authored_fields(original).items():
        copied = getattr(imported, name)
        assert copied == value and type(copied) is type(value), (name, value, copied)


@pytest.mark.parametrize("example", EXAMPLES, ids=example_id)
def test_empty_html_and_awkward_text_survive_export_and_import(workbench, example):
    values = dict(example.fields, question_html=AWKWARD_HTML, display_name="two\nlines")
    if "explanation_html" in XBlock.load_class(example.block_type).fields:
        values["explanation_html"] = ""  # no explanation: stays "", never None
    _original, imported, _olx = round_trip(workbench, example.block_type, values)
    assert imported.question_html == AWKWARD_HTML
    assert imported.display_name == "two\nlines"
    if "explanation_html" in values:
        assert imported.explanation_html == ""


def test_numeric_ranges_keep_tiny_and_huge_numbers_as_numbers(workbench):
    ranges = [
        {"min": 1e-05, "max": 2e-05, "label": "0,00001", "feedback_html": ""},
        {"min": -3.5, "max": 1e20, "label": "yes", "feedback_html": "<p>null</p>"},
    ]
    _original, imported, _olx = round_trip(workbench, "cp_numeric", {"ranges": ranges, "weight": 1e-05})
    assert imported.ranges == ranges
    assert all(isinstance(bound[side], float) for bound in imported.ranges for side in ("min", "max"))
    assert imported.weight == 1e-05


def test_imported_block_grades_like_the_original(workbench):
    example = EXAMPLES[0]
    _original, imported, _olx = round_trip(workbench, example.block_type, authored_values(example))
    result = workbench.post_json(imported, {"answer": example.right_answer, "idempotency_key": "olx-k1"}).json
    assert result["ok"] is True
    assert result["result"]["earned"] == SETTINGS_VALUES["weight"]
    assert workbench.events[-1] == ("grade", {"value": 2.5, "max_value": 2.5})


@pytest.mark.parametrize("example", EXAMPLES, ids=example_id)
def test_olx_holds_the_question_never_the_learners_state(workbench, example):
    block = workbench.load(example.block_type, **example.fields)
    assert workbench.post_json(block, {"answer": example.right_answer, "idempotency_key": "olx-k2"}).json["ok"]
    answered = workbench.reload(block)
    assert answered.attempts == 1
    root = etree.fromstring(export(workbench, answered))
    assert root.tag == example.block_type
    assert root.get("xblock-family") == "xblock.v1"
    exported = set(root.attrib) | {etree.QName(child).localname for child in root}
    learner_fields = {name for name, field in answered.fields.items() if field.scope not in AUTHORED_SCOPES}
    assert not exported & learner_fields, exported & learner_fields
    assert exported - {"xblock-family"} <= set(authored_fields(answered))
