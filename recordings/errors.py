"""The one domain error type of the recordings app; views turn it into a clear answer."""


class RecordingError(Exception):
    """Something the caller did wrong or cannot do. `status` is the HTTP status to answer with."""

    status = 400

    def __init__(self, message: str, *, status: int | None = None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status


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
