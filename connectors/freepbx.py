"""What Asterisk and FreePBX write: the recording files' names and folders, and the CDR in Master.csv.

Every format fact here is taken from the PBXs' own sources:

- Folder and name: FreePBX/callrecording functions.inc.php, context [sub-record-check], label `startrec`:
  `__CALLFILENAME=${ARG2}-${ARG3}-${FROMEXTEN}-${TIMESTR}-${UNIQUEID}` and
  `MixMonitor(${MIXMON_DIR}${YEAR}/${MONTH}/${DAY}/${CALLFILENAME}.${MON_FMT})`, where ARG2 is the kind of
  check (`in` inbound route, `out` outbound route, `internal`/`external` between extensions, `q`, `rg`, ...),
  ARG3 the called number or extension, TIMESTR `%Y%m%d-%H%M%S` and MIXMON_DIR empty by default, i.e.
  Asterisk's spool `monitor/` (FreePBX/core call-transfer-events.php: `ASTSPOOLDIR.'/monitor'`, then
  `date("Y/m/d/")`). MON_FMT is MIXMON_FORMAT (`wav` by default, FreePBX/core install.php), `WAV` for wav49.
  The same Set writes `CDR(recordingfile)=${CALLFILENAME}.${MON_FMT}`.
- Master.csv: asterisk/asterisk cdr/cdr_csv.c, build_csv_record(): accountcode, src, dst, dcontext, clid,
  channel, dstchannel, lastapp, lastdata, start, answer, end, duration, billsec, disposition, amaflags, then
  uniqueid if `loguniqueid`, userfield if `loguserfield`, then peeraccount, linkedid, sequence if
  `newcdrcolumns` (cdr.conf [csv]; configs/samples/cdr.conf.sample sets loguniqueid=yes). Dates are
  DATE_FORMAT `%Y-%m-%d %T` in local time unless `usegmtime`; an unset time (no answer) is an empty field.
- Writing: apps/app_mixmonitor.c opens the final name itself (ast_writefile, O_CREAT|O_WRONLY|O_TRUNC, no
  temporary name and no rename) and the WAV header's sizes are written when the stream closes at hang-up;
  MIXMON_POST runs after. So a file is finished only when its writer has closed it (see connectors.settle).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from lib.errors import DomainError

AUDIO_SUFFIXES = {".wav", ".gsm", ".mp3", ".ogg", ".opus", ".sln", ".ulaw", ".alaw", ".g722"}

# {ARG2}-{ARG3}-{FROMEXTEN}-{YYYYMMDD}-{HHMMSS}-{UNIQUEID}.{fmt}; UNIQUEID is `<epoch>.<sequence>`.
FILE_NAME = re.compile(
    r"^(?P<kind>[A-Za-z]+)-(?P<to>.*)-(?P<from>[^-]*)-(?P<date>\d{8})-(?P<time>\d{6})-"
    r"(?P<uniqueid>\d+\.\d+)\.(?P<fmt>[A-Za-z0-9]+)$"
)
FOLDER = re.compile(r"^\d{4}/\d{2}/\d{2}/[^/]+$")

COLUMNS = [
    "accountcode",
    "src",
    "dst",
    "dcontext",
    "clid",
    "channel",
    "dstchannel",
    "lastapp",
    "lastdata",
    "start",
    "answer",
    "end",
    "duration",
    "billsec",
    "disposition",
    "amaflags",
    "uniqueid",
    "userfield",
]
UNIQUEID = COLUMNS.index("uniqueid")
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"

# FreePBX's contexts a call from outside enters by (FreePBX/framework amp_conf/astetc/extensions.conf
# [from-trunk] includes [from-pstn]; inbound routes are ext-did*), and those an extension dials out from.
INBOUND_CONTEXTS = ("from-pstn", "from-trunk", "from-did", "ext-did")
OUTBOUND_CONTEXTS = ("outbound-allroutes", "outrt-", "macro-dialout", "from-internal")
EXTENSION = re.compile(r"^\d{2,6}$")
CHANNEL_PEER = re.compile(r"^[A-Za-z0-9]+/(?P<peer>[^-@/]+)")


class CdrError(DomainError):
    """A CDR the connector cannot read; the message says what to configure."""


@dataclass(frozen=True)
class RecordingName:
    kind: str
    to: str
    from_: str
    uniqueid: str


def parse_name(relative: str) -> RecordingName | None:
    """The parts of a FreePBX recording's path under monitor/, or None when it does not follow the naming."""
    if not FOLDER.match(relative):
        return None
    match = FILE_NAME.match(relative.rsplit("/", 1)[1])
    if match is None:
        return None
    return RecordingName(match["kind"].lower(), match["to"], match["from"], match["uniqueid"])


def read_master_csv(text: str, wanted: set[str] | None = None) -> dict[str, list[dict]]:
    """The CDR rows of a Master.csv by uniqueid (only those in `wanted`, when given: a busy PBX's file is large).

    cdr_csv appends a record with one fputs per call (cdr_csv.c writefile()), so a line without its newline is
    a record being written and is left for the next run.
    """
    if text and not text.endswith("\n"):
        text = text[: text.rfind("\n") + 1]
    rows: dict[str, list[dict]] = {}
    for line, values in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not values:
            continue
        if len(values) <= UNIQUEID:
            raise CdrError(
                f"Master.csv line {line} has {len(values)} columns and no uniqueid: "
                "set loguniqueid=yes in the [csv] section of cdr.conf"
            )
        if wanted is not None and values[UNIQUEID] not in wanted:
            continue
        row = dict(zip(COLUMNS, values, strict=False))
        rows.setdefault(row["uniqueid"], []).append(row)
    return rows


def choose_row(rows: list[dict], file_name: str = "") -> dict:
    """Of a call's CDR rows (a transfer writes several), the one whose recordingfile names the file, else the
    answered one that lasted longest."""
    return max(
        rows,
        key=lambda r: (
            bool(file_name) and r.get("recordingfile") == file_name,
            r.get("disposition") == "ANSWERED",
            _int(r.get("billsec")),
        ),
    )


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _time(value: str, zone: ZoneInfo) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.strptime(value, DATE_FORMAT).replace(tzinfo=zone)
    except ValueError:
        raise CdrError(f"CDR time “{value[:40]}” is not in Asterisk's format YYYY-MM-DD HH:MM:SS") from None


def _phone(value: str) -> str:
    """A number from outside; an extension or `s` is no phone number and is left out."""
    value = (value or "").strip()
    return "" if not value or EXTENSION.match(value) or not re.search(r"\d{5}", value) else value


def _peer(channel: str) -> str:
    match = CHANNEL_PEER.match(channel or "")
    return match["peer"] if match and EXTENSION.match(match["peer"]) else ""


def direction_of(name: RecordingName, row: dict) -> str:
    """The FreePBX check that started the recording says most; for queues and ring groups the context decides."""
    if name.kind == "out":
        return "outbound"
    if name.kind in ("in", "external"):
        return "inbound"
    if name.kind == "internal":
        return "internal"
    context = row.get("dcontext", "")
    if context.startswith(INBOUND_CONTEXTS):
        return "inbound"
    if context.startswith(OUTBOUND_CONTEXTS) and _phone(row.get("dst", "")):
        return "outbound"
    return "internal" if EXTENSION.match(row.get("src", "")) else "inbound"


def call_fields(name: RecordingName, row: dict, *, zone: ZoneInfo) -> dict:
    """The upload API's fields for a FreePBX recording and its CDR row (parse_call_metadata validates them).

    The recording runs from the answer to the hang-up, so the call's times are answer..end (start..end
    for a call nobody answered).
    """
    start, answer, end = (_time(row.get(k, ""), zone) for k in ("start", "answer", "end"))
    if start is None or end is None:
        raise CdrError("the CDR row has no start or end time")
    direction = direction_of(name, row)
    src, dst = row.get("src", ""), row.get("dst", "")
    did = row.get("did") or (name.to if name.kind == "in" else "")
    if direction == "inbound":
        caller, callee = _phone(src), _phone(did) or _phone(dst)
        agent = _peer(row.get("dstchannel", "")) or (dst if EXTENSION.match(dst) else "")
    elif direction == "outbound":
        caller, callee = "", _phone(dst)
        agent = _peer(row.get("channel", "")) or (src if EXTENSION.match(src) else name.from_)
    else:
        caller = callee = ""
        agent = src if EXTENSION.match(src) else ""
    return {
        "external_id": row["uniqueid"],
        "started_at": (answer or start).isoformat(),
        "ended_at": end.isoformat(),
        "direction": direction,
        "caller": caller,
        "callee": callee,
        "service_number": _phone(did),
        "agent": agent,
    }
