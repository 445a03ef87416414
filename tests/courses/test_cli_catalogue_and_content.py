"""The command line, the CPMS catalogue, the author guide and the shipped courses."""
from __future__ import annotations

from pathlib import Path

import pytest

from courses import CODES, check_tree, cpms, load_course
from courses.__main__ import main

from .course_builder import CourseBuilder

REPO = Path(__file__).parents[2]


def test_check_exits_0_on_a_clean_course(course: CourseBuilder, capsys):
    assert main(["check", str(course.write())]) == 0
    assert capsys.readouterr().out == ""


def test_check_exits_1_and_prints_located_errors(course: CourseBuilder, capsys):
    course.set("course.yaml", course.files["course.yaml"].replace("level: entry", "level: beginner"))
    folder = course.write()
    assert main(["check", str(folder)]) == 1
    assert capsys.readouterr().out == f"{folder / 'course.yaml'}:6: error C106: level \"beginner\" is not one of entry, mid, senior.\n"


def test_check_github_format(course: CourseBuilder, capsys):
    course.set("course.yaml", course.files["course.yaml"].replace("level: entry", "level: beginner"))
    folder = course.write()
    main(["check", str(folder), "--format", "github"])
    assert capsys.readouterr().out.startswith(f"::error file={folder / 'course.yaml'},line=6::C106 level")


def test_gift_export_and_import_commands(course: CourseBuilder, tmp_path, capsys):
    folder = course.write()
    assert main(["gift", "export", str(folder), "--module", "intro"]) == 0
    gift_file = tmp_path / "intro.gift"
    gift_file.write_text(capsys.readouterr().out, encoding="utf-8")
    assert main(["gift", "import", str(gift_file)]) == 0
    assert "id: first-response" in capsys.readouterr().out


def test_aiken_import_command(tmp_path, capsys):
    aiken_file = tmp_path / "q.txt"
    aiken_file.write_text("Who?\nA. Me\nB. You\nANSWER: B\n", encoding="utf-8")
    assert main(["aiken", "import", str(aiken_file)]) == 0
    assert "( ) Me\n(x) You" in capsys.readouterr().out


def test_cpms_catalogue_names_and_pillars():
    assert cpms.standard_name(18, "fr") == "Gestion de cas"
    assert cpms.standard_name(5, "xx") == "Information management"
    assert cpms.principle_name(4, "es") == "Interés superior de la niña, el niño o adolescente"
    assert [p.number for p in cpms.PILLARS] == [1, 2, 3, 4]
    assert sorted(s for p in cpms.PILLARS for s in p.standards) == list(range(1, 29))
    assert cpms.pillar_of(13).number == 2 and cpms.pillar_of(28).number == 4
    assert "SMPE" in cpms.catalogue_title("fr") and "NMPNA" in cpms.catalogue_title("es")
    for lang in cpms.LANGUAGES:
        assert all(cpms.standard_name(n, lang) for n in range(1, 29))
        assert all(cpms.principle_name(n, lang) for n in range(1, 11))
    with pytest.raises(KeyError):
        cpms.standard_name(29)


def test_course_model_totals_and_hash(course: CourseBuilder):
    course.set("modules/02-more.md", "---\ntitle: More\nduration: 1 h 30 min\ncontent_note: Sensitive.\ncpms:\n  standards: [9]\n---\n\nText.\n")
    folder = course.write()
    model = load_course(folder).course
    assert model.duration_minutes == 30 + 90
    assert model.cpms_standards == [1, 9, 18]
    assert model.module("more").content_notes == {"en": "Sensitive."}
    assert model.module("intro").titles == {"en": "Introduction", "fr": "Introduction"}
    assert set(model.module("intro").pages) == {"en", "fr"}
    assert model.module("intro").pass_mark == 70
    assert load_course(folder).course.content_hash == model.content_hash
    (folder / "modules" / "02-more.md").write_text("---\ntitle: Changed\n---\n", encoding="utf-8")
    assert load_course(folder).course.content_hash != model.content_hash


def test_author_guide_documents_every_code():
    guide = (REPO / "docs" / "authoring.md").read_text(encoding="utf-8")
    assert [code for code in CODES if f"`{code}`" not in guide] == []


def test_shipped_content_has_no_errors_or_warnings():
    content = REPO / "content"
    if not content.is_dir():
        pytest.skip("no content/ folder in this checkout")
    assert [str(m) for m in check_tree(content)] == []
