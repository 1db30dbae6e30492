"""Key-encryption keys from the environment, with key ids so they can be rotated.

RECORDINGS_KEYS holds ``kid:base64key[,kid:base64key...]``; the first entry is
active and wraps new data keys, the others only unwrap. Left empty, the
embedded default generates one key in RECORDINGS_KEYS_FILE (mode 0600) on first
use, so a newcomer's install works without configuration while production
passes keys in the environment.

Data keys are wrapped with AES-256-GCM; the recording's identity is bound in
as associated data, so a wrapped key copied onto another row does not unwrap.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from lib.files import create_once

from .errors import KeyRingError, VaultIntegrityError

KID_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")
WRAP_NONCE_BYTES = 12


def parse_keys(spec: str) -> dict[str, bytes]:
    """Parse ``kid:base64key,...`` into an ordered dict; refuse anything malformed."""
    keys: dict[str, bytes] = {}
    for position, entry in enumerate(filter(None, (part.strip() for part in spec.split(","))), start=1):
        kid, sep, encoded = entry.partition(":")
        if not sep or not KID_PATTERN.match(kid):
            raise KeyRingError(f"RECORDINGS_KEYS entry {position}: expected 'kid:base64key' with a short key id")
        try:
            key = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise KeyRingError(f"RECORDINGS_KEYS entry {position} ({kid}): the key is not valid base64") from None
        if len(key) != 32:
            raise KeyRingError(f"RECORDINGS_KEYS entry {position} ({kid}): the key must be 32 bytes, got {len(key)}")
        if kid in keys:
            raise KeyRingError(f"RECORDINGS_KEYS entry {position}: key id '{kid}' appears twice")
        keys[kid] = key
    return keys


def generate_key_spec(kid: str = "k1") -> str:
    return f"{kid}:{base64.b64encode(os.urandom(32)).decode()}"


def _embedded_spec(path: Path) -> str:
    """The key of an install without RECORDINGS_KEYS, made on first use; every process reads the same one.

    Made with create_once: processes starting together (web workers, the
    Celery worker) agree on one key, and a power cut cannot leave an empty
    key file, or a file naming a key that never reached the disk while audio
    was encrypted under it.
    """
    if not path.exists():
        create_once(path, (generate_key_spec() + "\n").encode())
    spec = path.read_text().strip()
    if not spec:
        raise KeyRingError(
            f"the key file {path} is empty; if no recordings were stored under it, delete it and a key is made anew"
        )
    return spec


@dataclass(frozen=True)
class KeyRing:
    keys: dict[str, bytes]

    @property
    def active_kid(self) -> str:
        return next(iter(self.keys))

    def wrap(self, data_key: bytes, *, context: bytes) -> tuple[str, bytes]:
        kid = self.active_kid
        nonce = os.urandom(WRAP_NONCE_BYTES)
        return kid, nonce + AESGCM(self.keys[kid]).encrypt(nonce, data_key, context)

    def unwrap(self, kid: str, wrapped: bytes, *, context: bytes) -> bytes:
        key = self.keys.get(kid)
        if key is None:
            raise KeyRingError(f"key id '{kid}' is not in the key ring; it is needed to read this recording")
        try:
            return AESGCM(key).decrypt(wrapped[:WRAP_NONCE_BYTES], wrapped[WRAP_NONCE_BYTES:], context)
        except InvalidTag:
            raise VaultIntegrityError("a wrapped data key failed authentication") from None

    def rewrap(self, kid: str, wrapped: bytes, *, context: bytes) -> tuple[str, bytes]:
        """Unwrap with the old key and wrap with the active one; the audio is untouched."""
        return self.wrap(self.unwrap(kid, wrapped, context=context), context=context)


@lru_cache(maxsize=1)
def get_keyring() -> KeyRing:
    spec = settings.RECORDINGS_KEYS or _embedded_spec(Path(settings.RECORDINGS_KEYS_FILE))
    keys = parse_keys(spec)
    if not keys:
        raise KeyRingError("RECORDINGS_KEYS is empty: set at least one 'kid:base64key'")
    return KeyRing(keys)


def reset_keyring_cache() -> None:
    get_keyring.cache_clear()


@receiver(setting_changed)
def _reset_on_setting_change(*, setting: str, **kwargs) -> None:
    if setting in {"RECORDINGS_KEYS", "RECORDINGS_KEYS_FILE"}:
        reset_keyring_cache()
