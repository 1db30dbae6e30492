"""The zip a subject downloads: audio, metadata as JSON and CSV, and the cover letter.

The zip is written entry by entry into a stream (the vault's encrypting writer:
no plaintext of it ever reaches the disk), audio in chunks straight from the
vault's decrypting reader, so memory stays flat however long the calls are.
The stream need not seek: each entry's sizes follow its data. Audio is stored
uncompressed (it is compressed already); text is deflated.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from collections.abc import Iterable
from typing import BinaryIO
from zoneinfo import ZoneInfo

from django.utils import timezone, translation

from recordings.models import RenditionStatus
from registers.csv_safety import safe_row

HELSINKI = ZoneInfo("Europe/Helsinki")

LETTER_NAME = "letter.txt"
JSON_NAME = "metadata.json"
CSV_NAME = "metadata.csv"
RECORDINGS_DIR = "recordings"

# Columns of the CSV, in order; the JSON records use the same keys.
CSV_COLUMNS = (
    "recording_id",
    "register",
    "controller",
    "started_at",
    "ended_at",
    "duration_seconds",
    "direction",
    "caller_number",
    "callee_number",
    "service_number",
    "agent",
    "original_format",
    "original_sha256",
    "listen_file",
    "original_file",
)

# Container or codec name -> file extension of the original as received.
ORIGINAL_EXTENSIONS = {
    "wav": "wav",
    "mp3": "mp3",
    "ogg": "ogg",
    "opus": "opus",
    "flac": "flac",
    "mp4": "m4a",
    "m4a": "m4a",
    "mov,mp4,m4a,3gp,3g2,mj2": "m4a",
    "aac": "m4a",
    "vorbis": "ogg",
    "gsm_ms": "wav",
    "pcm_mulaw": "wav",
    "pcm_alaw": "wav",
    "pcm_s16le": "wav",
}

RENDITION_EXTENSIONS = {"audio/ogg": "ogg", "audio/ogg; codecs=opus": "ogg", "audio/mpeg": "mp3", "audio/webm": "webm"}


def original_extension(recording) -> str:
    for name in (recording.container, recording.codec):
        extension = ORIGINAL_EXTENSIONS.get((name or "").lower())
        if extension:
            return extension
    return "bin"


def rendition_extension(recording) -> str:
    return RENDITION_EXTENSIONS.get((recording.rendition_mime or "").lower(), "ogg")


def _local_iso(moment) -> str:
    return timezone.localtime(moment, HELSINKI).isoformat(timespec="seconds")


def recording_record(recording, *, folder: str, language: str, include_agent: bool) -> dict:
    """One recording's metadata as the subject receives it.

    The agent's name is the employee's personal data, not the caller's, so it
    is given only when the request is the employee's own (art. 15(4)).
    """
    with translation.override(language):
        register_name = recording.register.text("name")
    has_rendition = recording.rendition_status == RenditionStatus.READY and bool(recording.rendition_blob)
    agent = ""
    if include_agent:
        agent = recording.agent.get_username() if recording.agent else recording.agent_name
    return {
        "recording_id": str(recording.public_id),
        "register": register_name,
        "controller": recording.register.controller.name,
        "started_at": _local_iso(recording.started_at),
        "ended_at": _local_iso(recording.ended_at),
        "duration_seconds": round(recording.duration_seconds, 3),
        "direction": recording.direction,
        "caller_number": recording.caller_number,
        "callee_number": recording.callee_number,
        "service_number": recording.service_number,
        "agent": agent,
        "original_format": recording.original_format,
        "original_sha256": recording.sha256,
        "listen_file": f"{folder}/listen.{rendition_extension(recording)}" if has_rendition else "",
        "original_file": f"{folder}/original.{original_extension(recording)}",
    }


def recording_folder(index: int, recording) -> str:
    started = timezone.localtime(recording.started_at, HELSINKI)
    return f"{RECORDINGS_DIR}/{index:03d}-{started:%Y%m%d-%H%M%S}"


def csv_text(records: Iterable[dict]) -> str:
    """The records as CSV with a header, every cell formula-safe; UTF-8 BOM added on write for Excel."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for record in records:
        writer.writerow(safe_row(record[c] for c in CSV_COLUMNS))
    return buffer.getvalue()


def _write_stream(archive: zipfile.ZipFile, name: str, chunks: Iterable[bytes]) -> None:
    info = zipfile.ZipInfo(name, date_time=timezone.localtime(timezone.now(), HELSINKI).timetuple()[:6])
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    with archive.open(info, "w", force_zip64=True) as out:
        for chunk in chunks:
            out.write(chunk)


def _write_text(archive: zipfile.ZipFile, name: str, text: str, *, bom: bool = False) -> None:
    data = text.encode("utf-8-sig" if bom else "utf-8")
    archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)


def _reader_chunks(reader) -> Iterable[bytes]:
    try:
        yield from reader.read_all()
    finally:
        reader.close()


class MeasuredStream:
    """A write-only stream passing its bytes on to `sink`, counting and hashing them on the way."""

    def __init__(self, sink: BinaryIO):
        self._sink = sink
        self._digest = hashlib.sha256()
        self.size = 0

    def write(self, data) -> int:
        self._digest.update(data)
        self.size += len(data)
        self._sink.write(data)
        return len(data)

    def flush(self) -> None:
        self._sink.flush()

    @property
    def sha256(self) -> str:
        return self._digest.hexdigest()


def build_package_zip(
    stream: BinaryIO,
    *,
    subject_request,
    recordings: list,
    agent_matched: set[int],
    letter_text: str,
    with_listen_copies: bool = True,
) -> int:
    """Write the package as a zip into `stream` (written to only, never sought); returns the number of recordings."""
    from recordings.services import open_audio

    language = subject_request.language
    records = []
    with zipfile.ZipFile(stream, "w", allowZip64=True) as archive:
        _write_text(archive, LETTER_NAME, letter_text)
        for index, recording in enumerate(recordings, start=1):
            folder = recording_folder(index, recording)
            record = recording_record(
                recording, folder=folder, language=language, include_agent=recording.pk in agent_matched
            )
            if not with_listen_copies:
                record["listen_file"] = ""
            if record["listen_file"]:
                _write_stream(
                    archive, record["listen_file"], _reader_chunks(open_audio(recording, variant="rendition"))
                )
            _write_stream(archive, record["original_file"], _reader_chunks(open_audio(recording, variant="original")))
            records.append(record)
        document = {
            "request": subject_request.number,
            "controller": subject_request.controller.name,
            "generated_at": _local_iso(timezone.now()),
            "recordings": records,
        }
        _write_text(archive, JSON_NAME, json.dumps(document, ensure_ascii=False, indent=2))
        _write_text(archive, CSV_NAME, csv_text(records), bom=True)
    return len(records)
