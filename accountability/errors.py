class AccountabilityError(Exception):
    """Bad input to a report (an unknown register or controller, a malformed month): nothing is written."""
