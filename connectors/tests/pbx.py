"""A FreePBX machine's files, written as Asterisk and FreePBX write them (see connectors/freepbx.py for the sources).

`Pbx.call()` writes one recording under `monitor/YYYY/MM/DD/` with FreePBX's name and appends its CDR row to
`cdr-csv/Master.csv` as cdr/cdr_csv.c does with cdr.conf.sample's [csv] settings (loguniqueid=yes,
loguserfield=yes): every string quoted, quotes doubled, an unset time left empty, the two counts bare, the
times in the PBX's local time.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from audio.synth import write_sample

HELSINKI = ZoneInfo("Europe/Helsinki")
_sequence = itertools.count(101)


def _quoted(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def _time(moment: datetime | None) -> str:
    return _quoted(moment.astimezone(HELSINKI).strftime("%Y-%m-%d %H:%M:%S")) if moment else ""


@dataclass
class PbxCall:
    path: Path
    uniqueid: str
    answer: datetime
    end: datetime


class Pbx:
    def __init__(self, root: Path):
        self.monitor = root / "spool" / "asterisk" / "monitor"
        self.master_csv = root / "log" / "asterisk" / "cdr-csv" / "Master.csv"
        self.monitor.mkdir(parents=True)
        self.master_csv.parent.mkdir(parents=True)
        self.master_csv.touch()

    def call(
        self,
        *,
        kind: str = "in",
        seconds: float = 4.0,
        ago: timedelta = timedelta(hours=1),
        src: str = "0401234567",
        dst: str = "201",
        did: str = "0103808000",
        dcontext: str = "ext-local",
        channel: str = "PJSIP/trunk-00000001",
        dstchannel: str = "PJSIP/201-00000002",
        clid: str = '"Asiakas" <0401234567>',
        cdr: bool = True,
        audio: bytes | None = None,
        fmt: str = "wav-pcm",
        suffix: str = "wav",
    ) -> PbxCall:
        start = (datetime.now(HELSINKI) - ago).replace(microsecond=0)
        answer = start + timedelta(seconds=5)
        end = answer + timedelta(seconds=seconds)
        uniqueid = f"{int(start.timestamp())}.{next(_sequence)}"
        to, from_ = (did, src) if kind == "in" else (dst, src)
        folder = self.monitor / start.strftime("%Y/%m/%d")
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{kind}-{to}-{from_}-{start:%Y%m%d-%H%M%S}-{uniqueid}.{suffix}"
        path = folder / name
        if audio is None:
            write_sample(path, fmt, seconds)
        else:
            path.write_bytes(audio)
        if cdr:
            self.cdr_row(src, dst, dcontext, clid, channel, dstchannel, start, answer, end, uniqueid)
        return PbxCall(path=path, uniqueid=uniqueid, answer=answer, end=end)

    def cdr_row(self, src, dst, dcontext, clid, channel, dstchannel, start, answer, end, uniqueid) -> None:
        duration = int((end - start).total_seconds())
        billsec = int((end - answer).total_seconds()) if answer else 0
        fields = [
            _quoted(""),
            _quoted(src),
            _quoted(dst),
            _quoted(dcontext),
            _quoted(clid),
            _quoted(channel),
            _quoted(dstchannel),
            _quoted("Dial"),
            _quoted(f"{dstchannel.split('-')[0]},,tTr"),
            _time(start),
            _time(answer),
            _time(end),
            str(duration),
            str(billsec),
            _quoted("ANSWERED" if answer else "NO ANSWER"),
            _quoted("DOCUMENTATION"),
            _quoted(uniqueid),
            _quoted(""),
        ]
        with self.master_csv.open("a") as fh:
            fh.write(",".join(fields) + "\n")
