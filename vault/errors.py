"""Errors of the audio vault: one base type the callers can catch."""


class VaultError(Exception):
    """Base class for vault failures."""


class KeyRingError(VaultError):
    """The key ring is missing, malformed, or lacks the key a blob was wrapped with."""


class VaultIntegrityError(VaultError):
    """A blob or wrapped key failed authentication: tampered, truncated, reordered or the wrong key."""


class StorageUnavailable(VaultError, OSError):
    """Blob storage did not answer, or refused (bucket missing, credentials wrong).

    An OSError too, so callers that already treat a failing disk as an outage
    treat failing object storage the same way.
    """
