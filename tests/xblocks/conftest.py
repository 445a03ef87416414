"""Fixtures for the quiz block tests.

The blocks run in the xblock-sdk workbench runtime, the reference Django
runtime, configured here with an in-memory database so the tests need no
files outside the repository. The blocks' catalogues are compiled from the
shipped .po files into a temporary folder, so the tests work whether or
not `pybabel compile` has been run.
"""

import json

import django
import pytest
import webob
from lxml import etree
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from importlib import resources

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="xblock-tests-only",
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        INSTALLED_APPS=[
            # workbench.urls registers the admin, which needs these apps.
            "django.contrib.admin",
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.messages",
            "django.contrib.sessions",
            "django.contrib.staticfiles",
            "workbench",
        ],
        ROOT_URLCONF="workbench.urls",
        STATIC_URL="/static/",
        USE_I18N=True,
        LANGUAGE_CODE="en",
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
        # The workbench adds a filesystem service by default; these blocks need none.
        WORKBENCH={"reset_state_on_restart": False, "services": {}},
    )
    django.setup()

SHIPPED_LANGUAGES = ("fr", "es", "ar")
OPTION_NAMESPACE = "http://code.edx.org/xblock/option"


@pytest.fixture(scope="session")
def workbench_database():
    """Create the workbench tables once per test session."""
    from django.core.management import call_command

    call_command("migrate", run_syncdb=True, verbosity=0, skip_checks=True)


class WorkbenchSession:
    """One learner's view of the workbench runtime: load blocks, render, submit."""

    def __init__(self, runtime):
        self.runtime = runtime
        self.events = []
        # The workbench only logs events; keep them so tests can read them.
        runtime.publish = lambda block, event_type, data: self.events.append((event_type, data))

    def load(self, block_type, **field_values):
        """Parse a block of `block_type` from OLX built from `field_values`.

        Strings and numbers become attributes; lists and dicts become
        `option:` child elements holding JSON, as the blocks export them.
        """
        node = etree.Element(block_type, nsmap={"option": OPTION_NAMESPACE})
        for name, value in field_values.items():
            if isinstance(value, (list, dict)):
                etree.SubElement(node, f"{{{OPTION_NAMESPACE}}}{name}").text = json.dumps(value)
            elif isinstance(value, bool):
                node.set(name, "true" if value else "false")
            else:
                node.set(name, str(value))
        usage_id = self.runtime.parse_xml_string(etree.tostring(node, encoding="unicode"))
        return self.runtime.get_block(usage_id)

    def reload(self, block):
        """The same block read back from the store, as the next request would see it."""
        return self.runtime.get_block(block.scope_ids.usage_id)

    def as_learner(self, user_id):
        """Another learner's session over the same store."""
        from workbench.runtime import WorkbenchRuntime

        return WorkbenchSession(WorkbenchRuntime(user_id=user_id))

    def html(self, block):
        """The block's student_view HTML as the workbench renders it."""
        return self.runtime.render(block, "student_view").content

    def post_json(self, block, payload):
        """Call the submit handler as quiz.js does; returns the webob response."""
        request = webob.Request.blank("/", method="POST", content_type="application/json")
        request.body = json.dumps(payload).encode("utf-8")
        request.headers["Accept"] = "application/json"
        return self.runtime.handle(block, "submit", request)

    def post_form(self, block, fields, referer=None):
        """Call the submit handler as a browser without JavaScript does."""
        request = webob.Request.blank("/", method="POST", POST=fields)
        request.headers["Accept"] = "text/html,application/xhtml+xml"
        if referer:
            request.headers["Referer"] = referer
        return self.runtime.handle(block, "submit", request)


@pytest.fixture
def workbench(workbench_database):
    """A session for learner "learner-1" over an empty workbench store."""
    from workbench.runtime import ID_MANAGER, WORKBENCH_KVS, WorkbenchRuntime

    WORKBENCH_KVS.clear()
    ID_MANAGER.clear()
    return WorkbenchSession(WorkbenchRuntime(user_id="learner-1"))


@pytest.fixture(scope="session")
def compiled_catalogs(tmp_path_factory):
    """The shipped .po catalogues compiled to .mo in a temporary locale folder."""
    locale_dir = tmp_path_factory.mktemp("locale")
    for language in SHIPPED_LANGUAGES:
        source = resources.files("xblocks").joinpath("translations", language, "LC_MESSAGES", "text.po")
        with source.open("rb") as po_file:
            catalog = read_po(po_file, locale=language)
        target = locale_dir / language / "LC_MESSAGES"
        target.mkdir(parents=True)
        with open(target / "text.mo", "wb") as mo_file:
            write_mo(mo_file, catalog)
    return locale_dir
