"""The one domain error of the subject_requests app; views turn it into a message."""


class RequestError(Exception):
    """Something the DPO asked for that the rules do not allow, said so a person understands why."""

    status = 400

    def __init__(self, message: str, *, status: int | None = None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status
