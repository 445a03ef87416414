"""Every interface string is translated in French, Spanish and Arabic, and pages render in all four."""
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from ..conftest import sign_in
from ..learn.conftest import course, learner  # noqa: F401 - fixtures

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"
LANGUAGES = ("fr", "es", "ar")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _catalogue(lang):
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_has_every_message_of_the_template_translated(lang):
    with open(TRANSLATIONS / "messages.pot", "rb") as f:
        template = read_po(f)
    catalogue = _catalogue(lang)
    wanted = {m.id for m in template if m.id}
    translated = {m.id for m in catalogue if m.id and m.string and not m.fuzzy}
    assert wanted - translated == set()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_are_the_same_in_every_translation(lang):
    for message in _catalogue(lang):
        if message.id and message.string:
            ident = message.id if isinstance(message.id, str) else message.id[0]
            strings = [message.string] if isinstance(message.string, str) else list(message.string)
            for string in strings:
                assert set(PLACEHOLDER.findall(string)) == set(PLACEHOLDER.findall(ident)), (lang, ident)


PAGES = ["/", "/privacy", "/account", "/my-learning", "/courses/safe-practice",
         "/courses/safe-practice/listening", "/no-such-page"]


@pytest.mark.parametrize("lang", ("en",) + LANGUAGES)
def test_every_learner_page_renders_in_each_language(app, client, learner, lang):
    anonymous = app.test_client()
    for path in ("/signin", "/signup"):
        page = anonymous.get(path, headers={"Accept-Language": lang}).get_data(as_text=True)
        assert f'<html lang="{lang}"' in page
    for path in PAGES:
        response = client.get(path, headers={"Accept-Language": lang})
        assert response.status_code in (200, 404), path
        page = response.get_data(as_text=True)
        assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in page, path


def test_arabic_interface_is_really_arabic(client, learner):
    page = client.get("/my-learning", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert "تعلّمي" in page and "My learning" not in page


BLOCK_TRANSLATIONS = Path(__file__).resolve().parents[2] / "xblocks" / "translations"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_block_catalogues_are_complete_with_the_same_placeholders(lang):
    with open(BLOCK_TRANSLATIONS / "text.pot", "rb") as f:
        wanted = {m.id for m in read_po(f) if m.id}
    with open(BLOCK_TRANSLATIONS / lang / "LC_MESSAGES" / "text.po", "rb") as f:
        catalogue = read_po(f, locale=lang)
    done = {m.id for m in catalogue if m.id and m.string and not m.fuzzy
            and (isinstance(m.string, str) or all(m.string))}
    assert wanted - done == set()
    braces = re.compile(r"\{(\w+)\}")
    for m in catalogue:
        if m.id:
            ident = m.id if isinstance(m.id, str) else m.id[0]
            for string in ([m.string] if isinstance(m.string, str) else m.string):
                assert set(braces.findall(string)) == set(braces.findall(ident)), (lang, ident)


def test_quiz_blocks_speak_the_learners_language(client, learner):
    client.post("/language", data={"language": "ar", "csrf_token": _token(client)})
    page = client.get("/courses/safe-practice/listening").get_data(as_text=True)
    assert "إرسال" in page and ">Submit<" not in page


def _token(client):
    from ..conftest import csrf_token

    return csrf_token(client, "/")


def test_the_template_holds_every_string_of_the_code(tmp_path):
    """A string added to the code without `make update-messages` would ship untranslated."""
    import subprocess
    import sys

    root = TRANSLATIONS.parent
    extracted = tmp_path / "messages.pot"
    subprocess.run([str(Path(sys.executable).parent / "pybabel"), "extract", "-F", "translations/babel.cfg",
                    "-k", "lazy_gettext", "-k", "_l", "-o", str(extracted), "lms_app"], cwd=root, check=True, capture_output=True)
    with open(extracted, "rb") as f:
        in_code = {m.id for m in read_po(f) if m.id}
    with open(TRANSLATIONS / "messages.pot", "rb") as f:
        in_template = {m.id for m in read_po(f) if m.id}
    assert in_code - in_template == set()


@pytest.mark.parametrize("lang", ("en",) + LANGUAGES)
def test_admin_author_and_data_pages_render_in_each_language(app, client, make_user, course, lang):
    make_user("root", is_admin=True, is_author=True, is_facilitator=True)
    sign_in(client, "root")
    for path in ("/admin/users", "/admin/audit", "/admin/certificates", "/author", "/author/cpms-essentials",
                 "/my-data", "/facilitate", "/facilitate/new", "/join", "/verify", "/certificates/safe-practice"):
        response = client.get(path, headers={"Accept-Language": lang})
        assert response.status_code == 200, path
        page = response.get_data(as_text=True)
        assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in page, path
