class RetentionError(Exception):
    """A hold, rule change or task that cannot be done as asked; the message says why."""

    def __init__(self, message: str, *, status: int = 400):
        super().__init__(message)
        self.status = status
