"""The Flask application: `create_app()` builds it; nothing else knows HTTP."""
import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import load_config
from .extensions import babel, csrf, db, limiter, login_manager, migrate

MIGRATIONS_DIR = str(Path(__file__).parent / "migrations")


def create_app(config: dict | None = None, instance_path: str | None = None) -> Flask:
    """Build the app: configuration from LMS_* variables, then `config` on top (tests).

    The instance folder (SQLite database, generated secret key) is
    `instance/` beside the package unless LMS_INSTANCE_PATH or
    `instance_path` names another.
    """
    instance_path = instance_path or os.environ.get("LMS_INSTANCE_PATH") or None
    app = Flask(__name__, instance_path=instance_path, instance_relative_config=True)
    instance_path = Path(app.instance_path)
    instance_path.mkdir(parents=True, exist_ok=True)
    app.config.update(load_config(instance_path))
    if config:
        app.config.update(config)
    from .assets import ONE_YEAR
    # Static URLs carry a content hash (asset_url), so a year of caching is safe.
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = ONE_YEAR

    if app.config["PROXY_FIX_HOPS"]:
        hops = app.config["PROXY_FIX_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    from .database import DatabaseIdConverter
    # Before any route is added: ids in URLs are bounded like the columns.
    app.url_map.converters["int"] = DatabaseIdConverter

    _init_extensions(app)
    _register_blueprints(app)
    from . import tasks
    tasks.init_app(app)
    _register_template_helpers(app)
    _register_commands(app)

    from .errors import register_error_handlers
    from .security import SessionCookieInterface, add_security_headers, refuse_nul_bytes
    register_error_handlers(app)
    app.session_interface = SessionCookieInterface()
    app.before_request(refuse_nul_bytes)
    app.after_request(add_security_headers)
    return app


def _init_extensions(app: Flask) -> None:
    from .database import configure_engine, sqlite_connect_args
    from .i18n import select_locale

    # Every model module, so that the metadata (and Alembic) sees all tables.
    from .accounts import models as _accounts  # noqa: F401
    from .catalog import models as _catalog  # noqa: F401
    from .certificates import models as _certificates  # noqa: F401
    from .facilitate import models as _facilitate  # noqa: F401
    from .learn import models as _learn  # noqa: F401
    from .xblock_runtime import models as _xblock_runtime  # noqa: F401

    # After the tests' overrides: the options follow the database in use.
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
        **app.config["SQLALCHEMY_ENGINE_OPTIONS"], **sqlite_connect_args(app.config["SQLALCHEMY_DATABASE_URI"])}
    db.init_app(app)
    with app.app_context():
        configure_engine(db.engine)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.signin"
    login_manager.login_message_category = "info"
    from flask_babel import lazy_gettext
    login_manager.login_message = lazy_gettext("Please sign in to see this page.")

    from .accounts.loading import load_user
    login_manager.user_loader(load_user)


def _register_blueprints(app: Flask) -> None:
    from .accounts.views import bp as auth_bp
    from .admin.views import bp as admin_bp
    from .author.views import bp as author_bp
    from .catalog.views import bp as catalog_bp
    from .certificates.views import bp as certificates_bp
    from .facilitate.views import bp as facilitate_bp
    from .learn.views import bp as learn_bp
    from .privacy.views import bp as privacy_bp
    from .xblock_runtime.views import bp as xblock_bp

    app.register_blueprint(catalog_bp)
    app.register_blueprint(learn_bp)
    app.register_blueprint(xblock_bp)
    app.register_blueprint(facilitate_bp)
    app.register_blueprint(certificates_bp)
    app.register_blueprint(privacy_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(author_bp)


def _register_template_helpers(app: Flask) -> None:
    from flask_babel import format_date, format_datetime, format_decimal, format_percent, get_locale

    from .assets import asset_url
    from .i18n import LANGUAGE_NAMES, text_direction
    from .navigation import current_path

    from courses import cpms

    from .catalog.labels import LEVELS, STATUSES, duration, language_name

    app.jinja_env.filters["language_name"] = language_name
    app.jinja_env.globals.update(
        duration=duration,
        level_label=lambda level: LEVELS.get(level, level),
        status_label=lambda status: STATUSES.get(status, status),
        pillar_label=lambda number: cpms.PILLARS[number - 1].name(str(get_locale())),
        standard_label=lambda number: cpms.standard_name(number, str(get_locale())),
        asset_url=asset_url,
        # The layout's sign-out and language forms are plain markup with
        # csrf_token() (Flask-WTF's global): building their WTForms objects
        # on every page cost a tenth of a module page.
        language_names=LANGUAGE_NAMES,
        get_locale=get_locale,
        text_direction=text_direction,
        current_path=current_path,
        format_date=format_date,
        format_datetime=format_datetime,
        format_decimal=format_decimal,
        format_percent=format_percent,
    )


def _register_commands(app: Flask) -> None:
    from .accounts.commands import demo_cli, users_cli
    from .catalog.commands import content_cli
    from .facilitate import commands as _facilitate_commands  # noqa: F401 - adds `flask demo cohort`
    from .operations.commands import backup_command, restore_command, serve_command, tasks_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(content_cli)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(tasks_cli)
    app.cli.add_command(serve_command)
