"""The one domain error of the subject_requests app; views turn it into a message."""

from lib.errors import DomainError


class RequestError(DomainError):
    """Something the DPO asked for that the rules do not allow, said so a person understands why."""
