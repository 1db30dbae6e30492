"""Project-wide test setup.

In CI (CI=true) the suite must run on PostgreSQL with Redis and Chromium
present: a missing service fails the run instead of skipping tests.
"""

import os

import pytest

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_configure(config):
    if IN_CI and not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        raise pytest.UsageError("CI=true but DATABASE_URL does not name PostgreSQL: the suite must run on PostgreSQL in CI.")


def require_or_skip(available: bool, what: str) -> None:
    """Skip locally when a service is missing; fail in CI, where it must be there."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI but is not available")
    pytest.skip(f"{what} not available")


@pytest.fixture(autouse=True)
def _isolated_data_dir(settings, tmp_path):
    """Every test writes blobs, keys and broker files under its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.RECORDINGS_KEYS_FILE = tmp_path / "keys" / "recordings.keys"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "media")}},
    }
    yield


@pytest.fixture
def personas(db):
    from recordings_admin.testing import make_personas

    return make_personas()
