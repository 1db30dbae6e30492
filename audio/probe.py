"""What an uploaded file really is, and how long it really plays.

The duration comes from decoding every frame with FFmpeg (PyAV) and counting
samples: header parsers misreport telephony files (a WAV whose data size
lies, an MP3 without or with a wrong Xing header, GSM 6.10 blocks). The
header's own claim is read too (mutagen, then the container) and a file that
decodes to much less than it claims is refused as truncated.

One format needs no decoding to be counted: a WAV of plain PCM or G.711
(format tag 1, 6 or 7) holds one fixed-size block per sample frame, and every
byte value is a valid sample, so what decodes is exactly the whole blocks
present in its data chunk. Those files, the bulk of what call recorders send,
are counted from the chunk and the file size, with the same judgement after.
"""

from __future__ import annotations

import struct
import time
from dataclasses import dataclass
from pathlib import Path

import av
import mutagen

from .decoding import MP4_PADDING_SECONDS, decoded_frames, exact_length
from .errors import AudioError

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

# Signatures of audio containers, to tell "damaged audio" from "not audio" when FFmpeg cannot open a file.
AUDIO_SIGNATURES = {
    b"OggS": "an Ogg file",
    b"fLaC": "a FLAC file",
    b"ID3": "an MP3 file",
    b"FORM": "an AIFF file",
    b"#!AMR": "an AMR file",
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
# FFmpeg names decoders by implementation (mp3float); callers store the codec's own name.
CODEC_NAMES = {"mp3float": "mp3"}
# WAV format tags for plain PCM (integer, float, extensible): their fact chunk, if any, is advisory.
WAV_PCM_TAGS = {0x0001, 0x0003, 0xFFFE}
# WAV format tags counted without decoding (PCM, A-law, µ-law), with the FFmpeg decoders they open as.
WAV_COUNTED_TAGS = {
    0x0001: {"pcm_u8", "pcm_s16le", "pcm_s24le", "pcm_s32le"},
    0x0006: {"pcm_alaw"},
    0x0007: {"pcm_mulaw"},
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


def _audio_container_named_by(head: bytes) -> str | None:
    """Name the audio container whose signature `head` carries, to explain why such a file cannot be opened."""
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "a WAV file"
    if head[4:8] == b"ftyp":
        # An MP4 written front to back keeps its index (moov) at the end: a cut file loses it.
        return "an MP4/M4A file"
    for magic, name in AUDIO_SIGNATURES.items():
        if head.startswith(magic):
            return name
    return None


def _refuse_known_non_audio(head: bytes) -> None:
    for magic, what in NOT_AUDIO.items():
        if head.startswith(magic) or head.lower().startswith(magic.lower()):
            raise AudioError(f"the file is {what}, not audio")


@dataclass(frozen=True)
class WavChunks:
    """What a WAVE file's chunks before its audio say, read once (None where a chunk is missing or cut short)."""

    riff: bool  # the plain RIFF form (not RF64 or another form whose sizes live elsewhere)
    tag: int | None  # the format tag, even from a fmt chunk too short for the rest
    fmt: tuple[int, int, int, int, int, int] | None  # tag, channels, rate, byte rate, block align, bits
    fact_samples: int | None
    data_size: int | None  # as declared
    data_present: int | None  # as far as the file goes


def _wav_chunks(path: Path) -> WavChunks | None:
    """A WAVE file's chunks up to its data chunk, or None when the file is not WAVE (or cannot be read)."""
    try:
        with open(path, "rb") as fh:
            riff = fh.read(12)
            if len(riff) < 12 or riff[8:12] != b"WAVE":
                return None
            tag = fmt = fact = data_size = data_present = None
            for _ in range(64):  # a handful of chunks in practice; the bound keeps garbage from looping
                header = fh.read(8)
                if len(header) < 8:
                    break
                chunk_id, size = header[:4], struct.unpack("<I", header[4:])[0]
                start = fh.tell()
                if chunk_id == b"fmt ":
                    raw = fh.read(min(size, 16))
                    tag = struct.unpack("<H", raw[:2])[0] if len(raw) >= 2 else tag
                    fmt = struct.unpack("<HHIIHH", raw) if len(raw) == 16 else fmt
                elif chunk_id == b"fact" and size >= 4:
                    raw = fh.read(4)
                    fact = struct.unpack("<I", raw)[0] if len(raw) == 4 else fact
                elif chunk_id == b"data":
                    data_size, data_present = size, min(size, path.stat().st_size - start)
                    break
                fh.seek(start + size + (size & 1))
    except OSError:
        return None
    return WavChunks(riff[:4] == b"RIFF", tag, fmt, fact, data_size, data_present)


def _wav_header_duration(wav: WavChunks | None) -> float | None:
    """What a WAV header claims.

    mutagen assumes PCM and gets compressed WAVs badly wrong (a GSM 6.10 call of
    six seconds reads as 0.02 s), so the claim is the data chunk's size over the
    format's byte rate, or the fact chunk's sample count for compressed formats,
    whichever claims more: either one overstating the audio present means
    audio is missing. A data size of 0 or 0xFFFFFFFF is the placeholder a
    streaming recorder leaves when it never finalised the header: no claim.
    """
    if wav is None or not wav.riff or wav.fmt is None:
        return None
    tag, _channels, rate, byte_rate, _block_align, _bits = wav.fmt
    claims: list[float] = []
    if rate and tag not in WAV_PCM_TAGS and wav.fact_samples not in (None, 0, 0xFFFFFFFF):
        claims.append(wav.fact_samples / rate)
    if byte_rate and wav.data_size not in (None, 0, 0xFFFFFFFF):
        claims.append(wav.data_size / byte_rate)
    return max(claims) if claims else None


def _wav_counted_samples(wav: WavChunks | None, decoder: str) -> tuple[int, int, int] | None:
    """(sample frames, rate, channels) of a PCM or G.711 WAV without decoding it, or None to decode instead.

    The count is the whole blocks present in the data chunk: the chunk's
    declared size, or less where the file ends sooner. Anything unusual (a
    placeholder size, an odd block size, a format tag FFmpeg read otherwise)
    returns None, and the file is decoded as any other.
    """
    if wav is None or not wav.riff or wav.fmt is None or wav.data_size in (None, 0, 0xFFFFFFFF):
        return None
    tag, channels, rate, byte_rate, block_align, bits = wav.fmt
    if decoder not in WAV_COUNTED_TAGS.get(tag, ()) or not channels or not rate or bits % 8:
        return None
    if not block_align or block_align != channels * bits // 8 or byte_rate != rate * block_align:
        return None
    return wav.data_present // block_align, rate, channels


def _header_duration(path: Path, container_name: str, container, stream, wav: WavChunks | None) -> float | None:
    """The length the file claims to have, to be compared with what decodes."""
    if container_name == "wav":
        return _wav_header_duration(wav)
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
        looks_like = _audio_container_named_by(head)
        if looks_like:
            message = f"the file starts like {looks_like} but cannot be read: it is truncated or damaged"
            raise AudioError(message) from None
        raise AudioError("not a recognised audio file (the format could not be identified)") from None
    try:
        return _decode(path, container)
    finally:
        container.close()


def _decode(path: Path, container: av.container.InputContainer) -> AudioInfo:
    """Count the first audio stream's samples (decoding it to the end unless it is counted WAV) and judge the result."""
    if not container.streams.audio:
        raise AudioError("the file has no audio stream")
    stream = container.streams.audio[0]
    container_name = _short_container(container.format.name)
    wav = _wav_chunks(path) if container_name == "wav" else None
    if stream.codec_context is None or not stream.codec_context.name:
        # FFmpeg opens a WAV whose format tag names no codec it knows, but has no decoder for it.
        tag = wav.tag if wav is not None else None
        what = f"a WAV with format tag 0x{tag:04X}" if tag is not None else "an audio codec FFmpeg does not know"
        raise AudioError(f"unsupported audio format ({what}); accepted formats: {ACCEPTED_SUMMARY}")
    decoder = stream.codec_context.name
    codec = CODEC_NAMES.get(decoder, decoder)
    if decoder not in ACCEPTED_CODECS:
        raise AudioError(
            f"unsupported audio format {_label(container_name, codec)}; accepted formats: {ACCEPTED_SUMMARY}"
        )
    header = _header_duration(path, container_name, container, stream, wav)
    counted = _wav_counted_samples(wav, decoder)
    if counted is not None:
        samples, rate, channels = counted
        _refuse_too_long(samples, rate)
    else:
        samples, rate, channels = _decoded_samples(container, stream)
    if samples == 0 or not rate:
        raise AudioError("the file contains no audio samples")
    if container_name == "ogg" and not _ogg_ends_cleanly(path):
        raise AudioError("the audio stream is truncated: the Ogg stream ends without its final page")
    duration = samples / rate
    exact = exact_length(container, stream)
    if exact is not None and 0 < duration - exact < MP4_PADDING_SECONDS:
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


def _decoded_samples(container: av.container.InputContainer, stream) -> tuple[int, int, int]:
    """(sample frames, rate, channels) by decoding the stream to its end."""
    samples = 0
    rate = stream.codec_context.sample_rate or 0
    channels = stream.codec_context.channels or 0
    started = time.monotonic()
    for frame in decoded_frames(container, stream):
        samples += frame.samples
        rate = frame.sample_rate or rate
        channels = len(frame.layout.channels) or channels
        if time.monotonic() - started > MAX_DECODE_SECONDS:
            raise AudioError("decoding took too long; the file is damaged or far too long")
        _refuse_too_long(samples, rate)
    return samples, rate, channels


def _refuse_too_long(samples: int, rate: int) -> None:
    if rate and samples / rate > MAX_DURATION_SECONDS:
        hours = MAX_DURATION_SECONDS / 3600
        unit = "hour" if hours == 1 else "hours"
        raise AudioError(f"the recording is longer than {hours:g} {unit}, the most accepted")
