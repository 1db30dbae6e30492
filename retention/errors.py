from lib.errors import DomainError


class RetentionError(DomainError):
    """A hold, rule change or task that cannot be done as asked; the message says why."""
