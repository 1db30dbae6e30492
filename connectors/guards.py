"""What a connector may touch: folders under CONNECTOR_ROOTS that are neither the app's own folders nor another
register's connector folders, credentials only from its own register's variables, S3 only over https (or an
endpoint the operator lists).

Each rule is checked when the IT admin saves the connector and again when it runs (the settings, the folders and
the other registers' connectors may have changed since).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from django.core import checks

from lib.errors import DomainError

ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]{0,99}$")


class ConnectorError(DomainError):
    """A connector that cannot run as configured; the message says what to change, `code` which rule it broke
    (the settings form words each code in the page's language)."""

    def __init__(self, message: str, *, code: str = ""):
        super().__init__(message)
        self.code = code


def app_folders() -> list[Path]:
    """The app's own folders and files (blobs, keys, scratch, backups, journal…): never a connector's."""
    anchors = str(settings.AUDIT_ANCHOR_URL or "")
    values = [
        settings.BASE_DIR,
        settings.DATA_DIR,
        settings.MEDIA_ROOT,
        settings.STATIC_ROOT,
        settings.TMP_DIR,
        settings.BACKUP_DIR,
        settings.RECORDINGS_KEYS_FILE,
        settings.DELETION_JOURNAL_DIR,
        getattr(settings, "EMBEDDED_POSTGRES_DIR", ""),
        getattr(settings, "CELERY_BROKER_DIR", ""),
        getattr(settings, "EMAIL_FILE_PATH", ""),
        anchors[len("file://") :] if anchors.startswith("file://") else "",
    ]
    return [Path(value).resolve() for value in values if value]


def overlaps(a: Path, b: Path) -> bool:
    """The same path, or one inside the other."""
    return a == b or a in b.parents or b in a.parents


def connector_shelf() -> Path:
    """DATA_DIR/connectors: the one folder in the app's data set aside for connectors (the demo's roots)."""
    return (settings.DATA_DIR / "connectors").resolve()


def apps_own(path: Path) -> bool:
    """The path is, lies in or holds one of the app's own folders. Inside the shelf, the folders around it
    (DATA_DIR, BASE_DIR when DATA_DIR is var/) do not count: only an app folder placed in the shelf does."""
    shelf = connector_shelf()
    on_shelf = path == shelf or shelf in path.parents
    return any(overlaps(path, own) and not (on_shelf and own in shelf.parents) for own in app_folders())


def roots(register=None) -> list[Path]:
    """CONNECTOR_ROOTS, resolved; `{register}` in an entry stands for the register's slug (a root per register)."""
    found = []
    for root in settings.CONNECTOR_ROOTS:
        if "{register}" in root:
            if register is None:
                continue
            root = root.replace("{register}", register.slug)
        found.append(Path(root).resolve())
    return found


def allowed_folder(value: str, register=None) -> Path:
    """The folder (or Master.csv), resolved, if it lies inside one of the register's CONNECTOR_ROOTS (the IT admin
    names folders, the operator decides which parts of the server they may be in) and apart from the app's own."""
    if not value:
        raise ConnectorError("folder: missing", code="missing")
    path = Path(value)
    if not path.is_absolute():
        raise ConnectorError("folder: give an absolute path", code="relative")
    resolved = path.resolve()
    if not settings.CONNECTOR_ROOTS:
        raise ConnectorError(
            "folder: no folders are open to connectors on this server (CONNECTOR_ROOTS is empty)", code="no_roots"
        )
    if not any(resolved == root or root in resolved.parents for root in roots(register)):
        raise ConnectorError("folder: outside the folders open to connectors (CONNECTOR_ROOTS)", code="outside")
    if apps_own(resolved):
        raise ConnectorError("folder: the app's own folders are never a connector's", code="app_folder")
    return resolved


def existing_folder(path: Path, *, writable: bool = False) -> Path:
    """A folder allowed_folder let through is also there and open to the app's user (a drop folder writable too,
    for done/ and quarantine/); asked only inside CONNECTOR_ROOTS, so the answer tells nothing of the rest."""
    if not path.exists():
        raise ConnectorError("folder: does not exist", code="not_found")
    if not path.is_dir():
        raise ConnectorError("folder: is not a folder", code="not_folder")
    if not os.access(path, os.R_OK | os.X_OK):
        raise ConnectorError("folder: the app cannot read it", code="unreadable")
    if writable and not os.access(path, os.W_OK):
        raise ConnectorError("folder: the app cannot write in it", code="unwritable")
    return path


def connector_folders(connector) -> list[Path]:
    """The folders a connector's settings name, resolved (those that cannot be resolved are left out)."""
    found = []
    for value in (connector.path, connector.cdr_csv_path):
        if value and Path(value).is_absolute():
            found.append(Path(value).resolve())
    return found


def foreign_folder(register, paths: list[Path], *, exclude_pk=None, older_than_pk=None) -> None:
    """Refuse folders equal to, inside or around a connector folder of another register. At run time only the
    connectors set up before this one count (`older_than_pk`): the later one of two is the one refused."""
    from .models import Connector, ConnectorKind

    others = Connector.objects.exclude(register=register).exclude(kind=ConnectorKind.S3)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if older_than_pk is not None:
        others = others.filter(pk__lt=older_than_pk)
    for other in others.only("path", "cdr_csv_path"):
        for theirs in connector_folders(other):
            if any(overlaps(mine, theirs) for mine in paths):
                raise ConnectorError("folder: another register's connector uses this folder", code="foreign")


def check_folders(connector) -> tuple[Path, Path | None]:
    """At run time: the connector's folder (and Master.csv) still pass every folder rule."""
    root = allowed_folder(connector.path, connector.register)
    cdr = None
    paths = [root]
    if connector.cdr_csv_path and not connector.cdr_database_env:
        cdr = allowed_folder(connector.cdr_csv_path, connector.register)
        paths.append(cdr)
    foreign_folder(connector.register, paths, exclude_pk=connector.pk, older_than_pk=connector.pk)
    return root, cdr


def variable_prefix(register) -> str:
    """CONNECTOR_<REGISTER SLUG>_: the start of every variable name a register's connectors may use."""
    slug = re.sub(r"[^A-Z0-9]", "_", register.slug.upper())
    return f"{settings.CONNECTOR_ENV_PREFIX}{slug}_"


def credential_variable(name: str, register) -> str:
    """An environment variable's name for a credential; only names starting with the register's own prefix, so a
    connector can never send the server's own secrets (the key ring, the database password), nor another
    register's, to an endpoint it names."""
    from registers.models import Register

    prefix = variable_prefix(register)
    if not ENV_NAME.match(name or "") or not name.startswith(prefix):
        raise ConnectorError(f"credentials: name an environment variable starting with {prefix}", code="variable")
    # register-a's prefix is the start of register-a-2's: a name under a longer prefix is that register's.
    for other in Register.objects.exclude(pk=register.pk).only("slug"):
        theirs = variable_prefix(other)
        if len(theirs) >= len(prefix) and name.startswith(theirs):
            raise ConnectorError(f"credentials: {name} is under another register's prefix", code="variable")
    return name


def allowed_endpoint(url: str) -> str:
    """An S3 endpoint: https, or one the operator lists in CONNECTOR_S3_ENDPOINTS_ALLOWED; empty is AWS (https)."""
    if not url:
        return url
    allowed = {entry.rstrip("/") for entry in settings.CONNECTOR_S3_ENDPOINTS_ALLOWED}
    parsed = urlparse(url)
    if url.rstrip("/") in allowed or (parsed.scheme == "https" and parsed.hostname):
        return url
    raise ConnectorError("S3 endpoint: give an https:// address", code="endpoint")


@checks.register(checks.Tags.security)
def check_connector_roots(app_configs=None, **kwargs):
    """A root that is, lies in or holds one of the app's own folders would let a connector move blobs or keys."""
    errors = []
    own = app_folders()
    for entry in settings.CONNECTOR_ROOTS:
        root = Path(entry.replace("{register}", "_"))
        if not root.is_absolute():
            errors.append(checks.Error(f"CONNECTOR_ROOTS: {entry} is not an absolute path", id="connectors.E001"))
            continue
        root = root.resolve()
        clash = [str(path) for path in own if overlaps(root, path)] if apps_own(root) else []
        if clash:
            errors.append(
                checks.Error(
                    f"CONNECTOR_ROOTS: {entry} overlaps the app's own folders ({', '.join(clash)})",
                    hint="Give connectors folders apart from DATA_DIR, MEDIA_ROOT, TMP_DIR, BACKUP_DIR and the keys.",
                    id="connectors.E002",
                )
            )
    return errors
