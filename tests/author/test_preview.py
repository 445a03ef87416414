"""Authors preview courses from disk with the checker's messages, before publishing."""
import pytest

from ..conftest import sign_in
from ..learn.conftest import write_course


@pytest.fixture
def content(app, tmp_path, monkeypatch):
    root = tmp_path / "content"
    write_course(root)
    broken = root / "broken" / "modules"
    broken.mkdir(parents=True)
    (root / "broken" / "course.yaml").write_text("title: {en: Broken}\nlanguages: [en]\nlevel: entry\npass_mark: 70\ncolour: blue\n")
    monkeypatch.setitem(app.config, "CONTENT_DIR", str(root))
    return root


def test_learners_cannot_preview(client, make_user, content):
    make_user("amina")
    sign_in(client)
    assert client.get("/author").status_code == 403


def test_author_sees_each_course_with_its_error_count(client, make_user, content):
    make_user("writer", is_author=True)
    sign_in(client, "writer")
    page = client.get("/author").get_data(as_text=True)
    assert "safe-practice" in page and "broken" in page
    broken = client.get("/author/broken").get_data(as_text=True)
    assert "colour" in broken and "C1" in broken  # the unknown key, with its stable code


def test_author_previews_a_module_with_its_answer_key_in_each_language(client, make_user, content):
    make_user("writer", is_author=True)
    sign_in(client, "writer")
    english = client.get("/author/safe-practice/listening").get_data(as_text=True)
    assert "Listen calmly" in english and "correct" in english and "No errors and no warnings." in english
    french = client.get("/author/safe-practice/listening?lang=fr").get_data(as_text=True)
    assert "Écouter calmement" in french
    assert client.get("/author/safe-practice/no-such-module").status_code == 404
    assert client.get("/author/no-such-course").status_code == 404


def test_author_sees_which_translations_are_missing(client, make_user, content):
    make_user("writer", is_author=True)
    sign_in(client, "writer")
    page = client.get("/author/safe-practice").get_data(as_text=True)
    # 01-listening has a French file, 02-referral does not.
    assert page.count('class="translation-current"') == 1
    assert page.count('class="translation-missing"') == 1
    assert page.count('class="translation-original"') == 2
