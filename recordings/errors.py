"""The one domain error type of the recordings app; views turn it into a clear answer."""

from lib.errors import DomainError


class RecordingError(DomainError):
    """Something the caller did wrong or cannot do. `status` is the HTTP status to answer with."""


class IngestConflict(RecordingError):
    """The same call id already holds different audio."""

    status = 409


class UploadTooLarge(RecordingError):
    status = 413


class ServiceUnavailable(RecordingError):
    status = 503


class RecordingKept(RecordingError):
    """A shred was refused because a hold or a restriction keeps the recording (checked when the key would go)."""

    status = 409
