"""Fail early on a key ring that cannot work, rather than on the first upload."""

from django.conf import settings
from django.core import checks

from .errors import KeyRingError
from .keyring import parse_keys


@checks.register(checks.Tags.security)
def check_key_ring(app_configs=None, **kwargs):
    errors = []
    if settings.RECORDINGS_KEYS:
        try:
            parse_keys(settings.RECORDINGS_KEYS)
        except KeyRingError as exc:
            errors.append(checks.Error(str(exc), id="vault.E001"))
    return errors


@checks.register(checks.Tags.security, deploy=True)
def check_key_ring_from_environment(app_configs=None, **kwargs):
    if settings.RECORDINGS_KEYS:
        return []
    return [
        checks.Warning(
            "RECORDINGS_KEYS is not set: keys are generated into RECORDINGS_KEYS_FILE on this machine.",
            hint="In production pass the key ring in the environment and back it up apart from the data.",
            id="vault.W001",
        )
    ]


@checks.register(checks.Tags.database, deploy=True)
def check_storage_answers(app_configs=None, databases=None, **kwargs):
    """`check --deploy --database default` proves blob storage answers: write, read back, delete a probe.

    Without it a missing bucket or a wrong endpoint surfaces only at the first
    upload, as an error the recorder integration has to report.
    """
    if not databases or "default" not in databases:
        return []
    import uuid

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from .blobs import storage_errors
    from .errors import StorageUnavailable

    name = f"probe/{uuid.uuid4().hex}"
    payload = b"storage probe"
    where = _storage_description()
    try:
        with storage_errors("write"):
            saved = default_storage.save(name, ContentFile(payload))
        try:
            with storage_errors("read"), default_storage.open(saved, "rb") as fh:
                read_back = fh.read()
        finally:
            with storage_errors("delete"):
                default_storage.delete(saved)
    except (StorageUnavailable, OSError) as exc:
        return [
            checks.Error(
                f"blob storage does not answer ({where}): {exc}",
                hint="Check STORAGE_BACKEND and the AWS_* variables, that the bucket exists and that "
                "the storage service is reachable from this host.",
                id="vault.E002",
            )
        ]
    if read_back != payload:
        return [checks.Error(f"blob storage returned other bytes than were written ({where})", id="vault.E003")]
    return []


def _storage_description() -> str:
    """Where storage points, without credentials."""
    from django.core.files.storage import default_storage

    bucket = getattr(default_storage, "bucket_name", None)
    if bucket:
        endpoint = getattr(default_storage, "endpoint_url", None) or "AWS S3"
        return f"bucket '{bucket}' at {endpoint}"
    location = getattr(default_storage, "location", "")
    return f"folder {location}" if location else type(default_storage).__name__
