"""What an uploaded file really is, and how long it really plays.

The duration comes from decoding every frame with FFmpeg (PyAV) and counting
samples: header parsers misreport telephony files (a WAV whose data size
lies, an MP3 without or with a wrong Xing header, GSM 6.10 blocks). The
header's own claim is read too (mutagen, then the container) and a file that
decodes to much less than it claims is refused as truncated.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

import av
import mutagen

from .errors import AudioError

logger = logging.getLogger(__name__)

MAX_DURATION_SECONDS = 6 * 3600
MAX_DECODE_SECONDS = 120
# A file decoding to less than this share of what its header claims is truncated.
TRUNCATION_RATIO = 0.9
TRUNCATION_SLACK_SECONDS = 0.5

NOT_AUDIO = {
    b"\x89PNG\r\n\x1a\n": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF87a": "a GIF image",
    b"GIF89a": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\x7fELF": "a program",
    b"MZ": "a Windows program",
    b"<!DOCTYPE": "an HTML page",
    b"<html": "an HTML page",
}

CODEC_LABELS = {
    "pcm_mulaw": "G.711 µ-law",
    "pcm_alaw": "G.711 A-law",
    "gsm_ms": "GSM 6.10",
    "gsm": "GSM 6.10",
    "pcm_s16le": "PCM 16-bit",
    "pcm_u8": "PCM 8-bit",
    "pcm_s24le": "PCM 24-bit",
    "pcm_s32le": "PCM 32-bit",
    "pcm_f32le": "PCM float",
    "adpcm_ms": "MS ADPCM",
    "adpcm_ima_wav": "IMA ADPCM",
    "mp3": "MP3",
    "mp3float": "MP3",
    "opus": "Opus",
    "vorbis": "Vorbis",
    "aac": "AAC",
    "flac": "FLAC",
    "amr_nb": "AMR-NB",
    "amr_wb": "AMR-WB",
    "alac": "Apple Lossless",
}


# Codecs telephony platforms produce and we keep as evidence. Other formats
# FFmpeg could decode (WMA, APE, DSD, ...) are refused with a clear message
# rather than stored in a form nobody here can vouch for.
ACCEPTED_CODECS = {
    "pcm_mulaw",
    "pcm_alaw",
    "gsm_ms",
    "gsm",
    "pcm_u8",
    "pcm_s16le",
    "pcm_s16be",
    "pcm_s24le",
    "pcm_s32le",
    "pcm_f32le",
    "adpcm_ms",
    "adpcm_ima_wav",
    "adpcm_g722",
    "adpcm_g726",
    "g723_1",
    "g729",
    "mp3",
    "mp3float",
    "opus",
    "vorbis",
    "aac",
    "flac",
    "alac",
    "amr_nb",
    "amr_wb",
    "speex",
}
ACCEPTED_SUMMARY = "WAV (PCM, G.711 µ-law/A-law, GSM 6.10), MP3, Opus, Ogg Vorbis, AAC/M4A, FLAC, AMR"


@dataclass(frozen=True)
class AudioInfo:
    container: str
    codec: str
    format_label: str
    sample_rate: int
    channels: int
    duration_seconds: float
    header_duration_seconds: float | None


def _short_container(name: str) -> str:
    if "mp4" in name or "mov" in name:
        return "mp4"
    return name.split(",")[0]


def _label(container: str, codec: str) -> str:
    codec_label = CODEC_LABELS.get(codec, codec.upper())
    if container == "wav":
        return f"WAV {codec_label}"
    if container == "ogg":
        return f"Ogg {codec_label}"
    if container == "mp4":
        return f"M4A {codec_label}"
    if container == "aiff":
        return f"AIFF {codec_label}"
    if container in {"mp3", "flac"} and codec_label.upper() == container.upper():
        return codec_label
    return f"{container.upper()} {codec_label}"


def _refuse_known_non_audio(head: bytes) -> None:
    for magic, what in NOT_AUDIO.items():
        if head.startswith(magic) or head.lower().startswith(magic.lower()):
            raise AudioError(f"the file is {what}, not audio")


def _header_duration(path: Path, container, stream) -> float | None:
    try:
        tagged = mutagen.File(path)
        if tagged is not None and getattr(tagged.info, "length", 0):
            return float(tagged.info.length)
    except Exception:  # noqa: BLE001 - mutagen raises many types on broken headers; the decode decides
        pass
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    if container.duration:
        return container.duration / av.time_base
    return None


def _ogg_ends_cleanly(path: Path) -> bool:
    """An Ogg stream's last page carries the end-of-stream flag; a cut-off file lacks it."""
    with open(path, "rb") as fh:
        fh.seek(0, 2)
        size = fh.tell()
        fh.seek(max(0, size - 65536))
        tail = fh.read()
    at = tail.rfind(b"OggS")
    return at >= 0 and at + 5 < len(tail) and bool(tail[at + 5] & 0x04)


def probe(path: Path | str) -> AudioInfo:
    """Open, identify and fully decode an audio file. Raises AudioError saying what is wrong."""
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise AudioError("the file is empty")
    with open(path, "rb") as fh:
        head = fh.read(16)
    _refuse_known_non_audio(head)
    try:
        container = av.open(str(path), mode="r", metadata_errors="ignore")
    except (av.error.FFmpegError, UnicodeDecodeError, ValueError):
        raise AudioError("not a recognised audio file (the format could not be identified)") from None
    try:
        return _decode(path, container)
    finally:
        container.close()


def _decode(path: Path, container) -> AudioInfo:
    if not container.streams.audio:
        raise AudioError("the file has no audio stream")
    stream = container.streams.audio[0]
    codec = stream.codec_context.name
    container_name = _short_container(container.format.name)
    if codec not in ACCEPTED_CODECS:
        raise AudioError(
            f"unsupported audio format {_label(container_name, codec)}; accepted formats: {ACCEPTED_SUMMARY}"
        )
    header = _header_duration(path, container, stream)
    samples = 0
    rate = stream.codec_context.sample_rate or 0
    channels = stream.codec_context.channels or 0
    started = time.monotonic()
    try:
        for frame in container.decode(stream):
            samples += frame.samples
            rate = frame.sample_rate or rate
            channels = len(frame.layout.channels) or channels
            if time.monotonic() - started > MAX_DECODE_SECONDS:
                raise AudioError("decoding took too long; the file is damaged or far too long")
            if rate and samples / rate > MAX_DURATION_SECONDS:
                raise AudioError(f"the recording is longer than {MAX_DURATION_SECONDS // 3600} hours")
    except av.error.FFmpegError:
        if samples == 0:
            raise AudioError("not a recognised audio file (the audio could not be decoded)") from None
        raise AudioError("the audio stream is truncated or corrupt (decoding stopped part-way)") from None
    if samples == 0 or not rate:
        raise AudioError("the file contains no audio samples")
    if container_name == "ogg" and not _ogg_ends_cleanly(path):
        raise AudioError("the audio stream is truncated: the Ogg stream ends without its final page")
    duration = samples / rate
    if container_name == "mp4" and stream.duration and stream.time_base:
        # MP4 records the exact length; AAC decoders also emit the encoder's
        # priming and padding (up to ~0.1 s at telephony rates), which are not audio.
        exact = float(stream.duration * stream.time_base)
        if 0 < duration - exact < 0.25:
            duration = exact
    if header is not None and duration < TRUNCATION_RATIO * header - TRUNCATION_SLACK_SECONDS:
        raise AudioError(
            f"the audio stream is truncated: the header says {header:.1f} s but only {duration:.1f} s decodes"
        )
    return AudioInfo(
        container=container_name,
        codec=codec,
        format_label=_label(container_name, codec),
        sample_rate=int(rate),
        channels=int(channels),
        duration_seconds=duration,
        header_duration_seconds=header,
    )
