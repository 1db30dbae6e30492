"""Test helpers shared by every app: factories and the named personas.

Personas, in the manner of a story: at Controller A, `supervisor`, `agent`,
`it_admin`, `dpo` and `auditor` each hold one role in register A; `colleague`
is a second agent there. `sibling_dpo` is the DPO of register A2, another
register of Controller A, and nothing in register A: they handle Controller
A's requests for A2 only, and must never see or act on register A's calls.
`outsider` is the supervisor and DPO of Controller B's register, and must
never see, hear or learn of anything at Controller A.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from lib.pgembedded import database_url  # noqa: F401 - the tests' helper for child processes
from registers.models import Controller, LegalBasis, Membership, Register, Role

_seq = itertools.count(1)


def make_controller(**overrides) -> Controller:
    n = next(_seq)
    from registers.validators import business_id_check_digit

    body = f"{9000000 + n:07d}"
    while business_id_check_digit(body) is None:
        n = next(_seq)
        body = f"{9000000 + n:07d}"
    defaults = dict(
        name=f"Testi Oy {n}",
        business_id=f"{body}-{business_id_check_digit(body)}",
        street_address="Testikatu 1",
        postal_code="00100",
        city="Helsinki",
        email=f"info{n}@example.fi",
    )
    defaults.update(overrides)
    return Controller.objects.create(**defaults)


def make_register(controller: Controller | None = None, **overrides) -> Register:
    n = next(_seq)
    defaults = dict(
        controller=controller or make_controller(),
        slug=f"register-{n}",
        name=f"Puhelutallenteet {n}",
        purpose="Asiakaspalvelun laadun varmistaminen.",
        legal_basis=LegalBasis.LEGITIMATE_INTERESTS,
        data_content="Puhelun sisältö ja aika.",
        data_sources="Soittajat.",
        security_measures="Salattu tallennus.",
        retention_value=12,
        retention_unit="months",
        retention_trigger="call_end",
    )
    defaults.update(overrides)
    return Register.objects.create(**defaults)


def make_user(username: str | None = None, **extra):
    User = get_user_model()
    username = username or f"user{next(_seq)}"
    user = User.objects.create_user(username=username, password="correct horse battery staple", **extra)
    return user


def grant(user, register: Register, role: str, **extra) -> Membership:
    return Membership.objects.create(user=user, register=register, role=role, **extra)


@dataclass
class Personas:
    register: Register
    other_register: Register
    sibling_register: Register
    supervisor: object
    agent: object
    colleague: object
    it_admin: object
    dpo: object
    auditor: object
    sibling_dpo: object
    outsider: object
    superuser: object

    def by_role(self) -> dict[str, object]:
        return {
            Role.SUPERVISOR: self.supervisor,
            Role.AGENT: self.agent,
            Role.IT_ADMIN: self.it_admin,
            Role.DPO: self.dpo,
            Role.AUDITOR: self.auditor,
        }


def make_personas() -> Personas:
    register = make_register(slug="register-a", name="Rekisteri A")
    other = make_register(slug="register-b", name="Rekisteri B")
    people = {}
    for role in Role.values:
        user = make_user(f"{role.replace('_', '')}-a", is_staff=role == Role.DPO)
        grant(user, register, role, agent_identifier=f"{role}-ext" if role == Role.AGENT else "")
        people[role] = user
    colleague = make_user("colleague-a")
    grant(colleague, register, Role.AGENT)
    sibling = make_register(register.controller, slug="register-a2", name="Rekisteri A2")
    sibling_dpo = make_user("dpo-a2", is_staff=True)
    grant(sibling_dpo, sibling, Role.DPO)
    outsider = make_user("outsider-b", is_staff=True)
    grant(outsider, other, Role.SUPERVISOR)
    grant(outsider, other, Role.DPO)
    superuser = get_user_model().objects.create_superuser("root", "root@example.fi", "correct horse battery staple")
    return Personas(
        register=register,
        other_register=other,
        sibling_register=sibling,
        supervisor=people[Role.SUPERVISOR],
        agent=people[Role.AGENT],
        colleague=colleague,
        it_admin=people[Role.IT_ADMIN],
        dpo=people[Role.DPO],
        auditor=people[Role.AUDITOR],
        sibling_dpo=sibling_dpo,
        outsider=outsider,
        superuser=superuser,
    )


def write_pcm_wav(path, seconds: float = 1.0, rate: int = 8000) -> None:
    """A real, tiny 16-bit PCM WAV (a 440 Hz tone): enough for storage and purge tests."""
    import math
    import struct
    import wave

    frames = int(seconds * rate)
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(
            b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / rate))) for i in range(frames))
        )


def unsaved_recording(register: Register, *, ended_at=None, expires_at="auto", **overrides):
    """A recording row, not saved and without audio: what a test of the rows alone needs (bulk_create takes it).

    Its blob name, key id and wrapped key are placeholders unless given.
    """
    from datetime import timedelta

    from django.utils import timezone

    from recordings.models import Recording, RenditionStatus
    from registers.expiry import expires_at_for

    n = next(_seq)
    ended_at = ended_at or timezone.now() - timedelta(days=1)
    recording = Recording(
        register=register,
        external_id=f"call-{n}",
        started_at=ended_at - timedelta(seconds=1),
        ended_at=ended_at,
        duration_seconds=1.0,
        direction="inbound",
        caller_number="+358401234567",
        callee_number="+358103808000",
        original_format="WAV PCM 16-bit",
        codec="pcm_s16le",
        container="wav",
        sample_rate=8000,
        channels=1,
        original_size=0,
        sha256=f"{n:064x}",
        original_blob=f"vault/none/{n}",
        key_id="none",
        wrapped_key=b"none",
        rendition_status=RenditionStatus.FAILED,
        expires_at=expires_at_for(register, ended_at=ended_at) if expires_at == "auto" else expires_at,
        expiry_rule_version=register.retention_rule_version,
    )
    for field, value in overrides.items():
        setattr(recording, field, value)
    if "external_id_digest" not in overrides:  # as ingest makes it
        from recordings.call_ids import external_id_digest

        recording.external_id_digest = external_id_digest(register.pk, recording.external_id)
    return recording


def make_stored_recording(register: Register, *, ended_at=None, expires_at="auto", audio_path=None, **overrides):
    """A recording with a real encrypted original blob, made without decoding (for retention tests).

    Ingest proper (probe, duration checks, rendition) is tested in recordings;
    here the row, its wrapped key and its blob are what matter.
    """
    import tempfile
    from pathlib import Path

    from recordings.services import ORIGINAL
    from vault.blobs import new_data_key, store_encrypted
    from vault.keyring import get_keyring

    recording = unsaved_recording(register, ended_at=ended_at, expires_at=expires_at, **overrides)
    data_key = new_data_key()
    recording.key_id, recording.wrapped_key = get_keyring().wrap(data_key, context=recording.key_context)
    with tempfile.TemporaryDirectory() as tmp:
        path = audio_path or Path(tmp) / "call.wav"
        if audio_path is None:
            write_pcm_wav(path)
        recording.original_size = Path(path).stat().st_size
        recording.original_blob = store_encrypted(
            path, data_key=data_key, associated_data=recording.key_context + ORIGINAL
        )
    recording.save()
    return recording


def at_once(count: int, call, *, meeting_after=None) -> list:
    """Run call(i) for i in range(count) in threads; returns each one's result, or the exception it raised.

    `meeting_after`, (object, attribute name): that function is wrapped so each
    thread, once it returns, waits until all `count` have got that far, so the
    threads race past that point together. Each thread closes its database
    connection at the end.
    """
    import threading

    from django.db import connections

    patched = None
    if meeting_after is not None:
        owner, name = meeting_after
        real = getattr(owner, name)
        meet = threading.Barrier(count, timeout=30)

        def then_meet(*args, **kwargs):
            result = real(*args, **kwargs)
            meet.wait()
            return result

        patched = (owner, name, real)
        setattr(owner, name, then_meet)
    results: list = [None] * count

    def run(i: int) -> None:
        try:
            results[i] = call(i)
        except Exception as exc:  # noqa: BLE001 - the caller reads what each thread met
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    finally:
        if patched is not None:
            setattr(patched[0], patched[1], patched[2])
    return results
