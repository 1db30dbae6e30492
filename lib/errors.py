"""The shape of an app's one domain error: a message a person can act on, and the HTTP status to answer with."""


class DomainError(Exception):
    """Something the caller did wrong or cannot do. `status` is the HTTP status to answer with."""

    status = 400

    def __init__(self, message: str, *, status: int | None = None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status
