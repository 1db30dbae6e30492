class AudioError(Exception):
    """Audio that cannot be accepted; the message says what is wrong in words a person can act on."""
