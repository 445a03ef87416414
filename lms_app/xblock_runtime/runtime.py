"""The XBlock runtime of the LMS, built per request and per user.

Never cached on `flask.g` or shared between threads: a runtime holds one
learner's state and the events their request published.
"""
import gettext
import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from flask import current_app, has_request_context, request, url_for
from markupsafe import Markup, escape
from web_fragments.fragment import Fragment
from xblock.core import XBlock
from xblock.exceptions import NoSuchUsage
from xblock.fields import ScopeIds
from xblock.reference.user_service import UserService, XBlockUser
from xblock.runtime import IdReader, KvsFieldData, MemoryIdManager, Runtime

from .field_data import DatabaseKeyValueStore
from .tokens import sign_handler_token

XBLOCKS_TRANSLATIONS = Path(__file__).resolve().parents[2] / "xblocks" / "translations"


@lru_cache(maxsize=8)
def _block_translations(language: str) -> gettext.NullTranslations:
    return gettext.translation("text", localedir=str(XBLOCKS_TRANSLATIONS), languages=[language], fallback=True)


@lru_cache(maxsize=128)
def _resource_version(block_class, uri: str) -> str:
    """A hash of a block's public file, so its URL changes when the file does."""
    try:
        with block_class.open_local_resource(uri) as stream:
            return hashlib.sha256(stream.read()).hexdigest()[:12]
    except OSError:
        return "0"


class BlockI18nService:
    """The `i18n` service: the blocks' own catalogues (domain `text`) in the learner's language."""

    def __init__(self, language: str):
        self.language = language
        self._translations = _block_translations(language)

    @property
    def ugettext(self):
        return self._translations.gettext

    @property
    def ungettext(self):
        return self._translations.ngettext

    gettext = ugettext
    ngettext = ungettext

    def strftime(self, dtime, format):  # noqa: A002 - the XBlock service's signature
        from flask_babel import format_datetime

        return format_datetime(dtime, "medium")


class CurrentUserService(UserService):
    """The `user` service: the least a block needs to know about the learner."""

    def __init__(self, user):
        super().__init__()
        self._user = user

    def get_current_user(self):
        xblock_user = XBlockUser(is_current_user=True, emails=[], full_name=self._user.display_name)
        xblock_user.opt_attrs["edx-platform.user_id"] = self._user.id
        xblock_user.opt_attrs["edx-platform.username"] = self._user.username
        xblock_user.opt_attrs["edx-platform.is_authenticated"] = True
        return xblock_user


@dataclass
class PublishedEvent:
    usage_id: str
    event_type: str
    data: dict
    block: XBlock = field(repr=False)


@dataclass(frozen=True)
class BlockDefinition:
    """What the runtime needs to build one block: its type and authored fields in one language."""

    usage_id: str
    block_type: str
    fields: dict


class _DefinitionIds(IdReader):
    """Usage id = definition id: each published block has its own definition."""

    def __init__(self, definitions: dict[str, BlockDefinition]):
        self._definitions = definitions

    def get_definition_id(self, usage_id):
        if usage_id not in self._definitions:
            raise NoSuchUsage(usage_id)
        return usage_id

    def get_block_type(self, def_id):
        return self._definitions[def_id].block_type

    def get_usage_id_from_aside(self, aside_id):
        raise NoSuchUsage(aside_id)

    def get_definition_id_from_aside(self, aside_id):
        raise NoSuchUsage(aside_id)

    def get_aside_type_from_usage(self, aside_id):
        raise NoSuchUsage(aside_id)

    def get_aside_type_from_definition(self, aside_id):
        raise NoSuchUsage(aside_id)


class BlockTypeNotAllowed(NoSuchUsage):
    """The block type is not on the allow-list: it is never loaded."""


class LmsRuntime(Runtime):
    """Hosts the blocks of one page (or one handler call) for one learner."""

    def __init__(self, user, language: str, definitions: list[BlockDefinition], state_rows):
        self.user = user
        self.language = language
        self.definitions = {d.usage_id: d for d in definitions}
        self.events: list[PublishedEvent] = []
        # One signed token per block and request: a block's form and its
        # wrapper both carry a handler URL, and signing is the costly part.
        self._handler_tokens: dict[str, str] = {}
        store = DatabaseKeyValueStore({d.usage_id: d.fields for d in definitions}, state_rows)
        super().__init__(
            id_reader=_DefinitionIds(self.definitions),
            id_generator=MemoryIdManager(),
            services={
                "field-data": KvsFieldData(store),
                "i18n": BlockI18nService(language),
                "user": CurrentUserService(user),
            },
        )

    def load_block_type(self, block_type):
        if block_type not in current_app.config["XBLOCK_ALLOWED"]:
            raise BlockTypeNotAllowed(block_type)
        return XBlock.load_class(block_type)

    def get_block(self, usage_id, for_parent=None):
        definition = self.definitions.get(usage_id)
        if definition is None:
            raise NoSuchUsage(usage_id)
        keys = ScopeIds(self.user.id, definition.block_type, usage_id, usage_id)
        return self.construct_xblock(definition.block_type, keys, for_parent=for_parent)

    def applicable_aside_types(self, block):
        # No asides are hosted; the default scans every installed package's
        # entry points on each render (half the module page's time, profiled).
        return []

    # URLs

    def handler_url(self, block, handler_name, suffix="", query="", thirdparty=False):
        usage_id = str(block.scope_ids.usage_id)
        token = self._handler_tokens.get(usage_id)
        if token is None:
            token = self._handler_tokens[usage_id] = sign_handler_token(self.user, usage_id)
        url = url_for("xblock.handle", usage_id=usage_id, handler=handler_name, t=token)
        if suffix:
            url = url.replace(f"/handler/{handler_name}", f"/handler/{handler_name}/{suffix}", 1)
        if query:
            url += "&" + query
        return url

    def resource_url(self, resource):
        return url_for("static", filename=resource)

    def local_resource_url(self, block, uri):
        # Kept per app and mount point like lms_app/assets.py: every block of
        # every page asks for the same few files.
        block_type = block.scope_ids.block_type
        urls = current_app.extensions.setdefault("xblock_resource_urls", {})
        key = (block_type, uri, request.script_root if has_request_context() else "")
        url = urls.get(key)
        if url is None:
            block_class = type(block).unmixed_class if hasattr(type(block), "unmixed_class") else type(block)
            url = urls[key] = url_for("xblock.resource", block_type=block_type, uri=uri,
                                      v=_resource_version(block_class, uri))
        return url

    # Events

    def publish(self, block, event_type, event_data):
        self.events.append(PublishedEvent(str(block.scope_ids.usage_id), event_type, dict(event_data), block))

    # Rendering

    def wrap_xblock(self, block, view, frag, context):
        """Wrap a block for the page: an anchor for no-JS redirects and what the page script needs."""
        usage_id = str(block.scope_ids.usage_id)
        attributes = {
            "class": "xblock",
            "id": anchor_for(usage_id),
            "data-usage": usage_id,
            "data-block-type": block.scope_ids.block_type,
            "data-handler-base": self.handler_url(block, "__handler__"),
        }
        if frag.js_init_fn:
            attributes["data-init"] = frag.js_init_fn
        attrs = "".join(f' {name}="{escape(value)}"' for name, value in attributes.items())
        wrapped = Fragment(f"<div{attrs}>{frag.body_html()}</div>")
        wrapped.add_fragment_resources(frag)
        return wrapped


def anchor_for(usage_id: str) -> str:
    """The HTML id of a block on its page (the part after the module slug is unique there)."""
    return "q-" + usage_id.rsplit("/", 1)[-1]


def fragment_resource_urls(fragments: list[Fragment]) -> tuple[list[str], list[str]]:
    """CSS and JS URLs the fragments need, each once, in order.

    Inline resources are left out on purpose: the Content-Security-Policy
    forbids inline script and style, so they could not run anyway.
    """
    css, js = [], []
    for fragment in fragments:
        for resource in fragment.resources:
            if resource.kind != "url":
                continue
            target = css if resource.mimetype == "text/css" else js if resource.mimetype == "application/javascript" else None
            if target is not None and resource.data not in target:
                target.append(resource.data)
    return css, js


def as_markup(fragment: Fragment) -> Markup:
    return Markup(fragment.body_html())
