"""Ingest's refusals and a run's errors in the page's language.

Ingest answers API clients in English ("audio: the file is empty"), and its text stays exactly as it is: clients
and their tests read it. The connector keeps the English reason with the file and words it here, when its page is
shown: a known pattern becomes its translation with the same values, a known field prefix at least its label, and
anything else is shown as it is (a reason is never hidden for want of a translation).
"""

from __future__ import annotations

import re

from django.utils.translation import gettext, gettext_noop

# "<field>: <detail>": the field ingest or the connector names, as the IT admin's page calls it.
FIELDS = {
    "audio": gettext_noop("audio"),
    "external_id": gettext_noop("call id (external_id)"),
    "started_at": gettext_noop("start time (started_at)"),
    "ended_at": gettext_noop("end time (ended_at)"),
    "direction": gettext_noop("direction"),
    "caller": gettext_noop("caller (caller)"),
    "callee": gettext_noop("callee (callee)"),
    "service_number": gettext_noop("service number (service_number)"),
    "agent": gettext_noop("agent (agent)"),
    "duration": gettext_noop("duration"),
    "folder": gettext_noop("folder"),
    "credentials": gettext_noop("credentials"),
    "CDR database": gettext_noop("CDR database"),
    "CDR time zone": gettext_noop("CDR time zone"),
    "S3 bucket": gettext_noop("S3 bucket"),
    "S3 endpoint": gettext_noop("S3 endpoint"),
    "manifest": gettext_noop("manifest"),
    "storage": gettext_noop("storage"),
    "database unavailable": gettext_noop("database unavailable"),
}

# What follows a field's prefix; each pattern's named groups fill the translation's %(name)s.
DETAILS = [
    (r"missing", gettext_noop("missing")),
    (r"must be text", gettext_noop("must be text")),
    (r"longer than (?P<n>\d+) characters", gettext_noop("longer than %(n)s characters")),
    (r"contains control characters", gettext_noop("contains control characters")),
    (
        r"“(?P<raw>.*)” is not an ISO 8601 timestamp \(e\.g\. (?P<example>\S+)\)",
        gettext_noop("“%(raw)s” is not an ISO 8601 timestamp (e.g. %(example)s)"),
    ),
    (
        r"“(?P<raw>.*)” has no UTC offset; add Z or \+02:00",
        gettext_noop("“%(raw)s” has no UTC offset; add Z or +02:00"),
    ),
    (
        r"“(?P<raw>.*)” has an offset no clock uses; UTC offsets run from -12:00 to \+14:00",
        gettext_noop("“%(raw)s” has an offset no clock uses; UTC offsets run from -12:00 to +14:00"),
    ),
    (r"“(?P<raw>.*)” is outside the calendar", gettext_noop("“%(raw)s” is outside the calendar")),
    (r"before started_at", gettext_noop("before started_at")),
    (r"must be one of (?P<values>.*)", gettext_noop("must be one of %(values)s")),
    (
        r"the audio lasts (?P<audio>[\d.]+) s but started_at\.\.ended_at spans (?P<span>[\d.]+) s "
        r"\(tolerance (?P<tolerance>[\d.]+) s\)",
        gettext_noop(
            "the audio lasts %(audio)s s but started_at..ended_at spans %(span)s s (tolerance %(tolerance)s s)"
        ),
    ),
    (
        r"(?P<when>.+) UTC is more than a day in the future; check the recorder's clock",
        gettext_noop("%(when)s UTC is more than a day in the future; check the recorder's clock"),
    ),
    (
        r"the call is already past this register's retention \((?P<rule>.*), expired (?P<date>[\d-]+)\); "
        r"it is not stored",
        gettext_noop(
            "the call is already past this register's retention (%(rule)s, expired %(date)s); it is not stored"
        ),
    ),
    (
        r"call “(?P<id>.*)” is already stored with different audio",
        gettext_noop("call “%(id)s” is already stored with different audio"),
    ),
    (
        r"this call was deleted from the register and is not stored again",
        gettext_noop("this call was deleted from the register and is not stored again"),
    ),
    (r"the file is empty", gettext_noop("the file is empty")),
    (r"the file has no audio stream", gettext_noop("the file has no audio stream")),
    (r"the file contains no audio samples", gettext_noop("the file contains no audio samples")),
    (
        r"not a recognised audio file \(the format could not be identified\)",
        gettext_noop("not a recognised audio file (the format could not be identified)"),
    ),
    (
        r"not a recognised audio file \(the audio could not be decoded\)",
        gettext_noop("not a recognised audio file (the audio could not be decoded)"),
    ),
    (r"the file is (?P<what>.+), not audio", gettext_noop("the file is %(what)s, not audio")),
    (
        r"the file starts like (?P<what>.+) but cannot be read: it is truncated or damaged",
        gettext_noop("the file starts like %(what)s but cannot be read: it is truncated or damaged"),
    ),
    (
        r"unsupported audio format \(?(?P<what>.+?)\)?; accepted formats: (?P<accepted>.*)",
        gettext_noop("unsupported audio format (%(what)s); accepted formats: %(accepted)s"),
    ),
    (
        r"the audio stream is corrupt: part of it could not be decoded",
        gettext_noop("the audio stream is corrupt: part of it could not be decoded"),
    ),
    (
        r"the audio stream is corrupt: its last part could not be decoded",
        gettext_noop("the audio stream is corrupt: its last part could not be decoded"),
    ),
    (
        r"the audio stream is truncated or corrupt \(reading stopped part-way\)",
        gettext_noop("the audio stream is truncated or corrupt (reading stopped part-way)"),
    ),
    (
        r"the audio stream is truncated: the Ogg stream ends without its final page",
        gettext_noop("the audio stream is truncated: the Ogg stream ends without its final page"),
    ),
    (
        r"the audio stream is truncated: the header says (?P<header>[\d.]+) s but only (?P<decoded>[\d.]+) s decodes",
        gettext_noop("the audio stream is truncated: the header says %(header)s s but only %(decoded)s s decodes"),
    ),
    (r"empty telephone number", gettext_noop("empty telephone number")),
    (r"telephone number is too long", gettext_noop("telephone number is too long")),
    (
        r"letters are not allowed in a telephone number",
        gettext_noop("letters are not allowed in a telephone number"),
    ),
    (
        r"not a possible telephone number \(wrong length\)",
        gettext_noop("not a possible telephone number (wrong length)"),
    ),
    (r"not a telephone number \((?P<why>.*)\)", gettext_noop("not a telephone number (%(why)s)")),
    (
        r"decoding took too long; the file is damaged or far too long",
        gettext_noop("decoding took too long; the file is damaged or far too long"),
    ),
    (
        r"the recording is longer than (?P<limit>.+), the most accepted",
        gettext_noop("the recording is longer than %(limit)s, the most accepted"),
    ),
    (r"give an absolute path", gettext_noop("give an absolute path")),
    (r"does not exist or is not a folder", gettext_noop("does not exist or is not a folder")),
    (
        r"outside the folders open to connectors \(CONNECTOR_ROOTS\)",
        gettext_noop("outside the folders open to connectors (CONNECTOR_ROOTS)"),
    ),
    (r"the app's own folders are never a connector's", gettext_noop("the app's own folders are never a connector's")),
    (
        r"another register's connector uses this folder",
        gettext_noop("another register's connector uses this folder"),
    ),
    (r"(?P<link>.+) is a symbolic link; skipped", gettext_noop("%(link)s is a symbolic link; skipped")),
    (
        r"the named environment variables? (is|are) not set on this server",
        gettext_noop("the named environment variable is not set on this server"),
    ),
    (r"nothing was recorded, try again", gettext_noop("nothing was recorded, try again")),
]

# Whole messages: the connector's own, without a field prefix.
MESSAGES = [
    (
        r"could not read the source \((?P<error>\w+)\); it is tried again on the next run",
        gettext_noop("could not read the source (%(error)s); it is tried again on the next run"),
    ),
    (
        r"the run failed \((?P<error>\w+)\); it is tried again on the next run",
        gettext_noop("the run failed (%(error)s); it is tried again on the next run"),
    ),
    (r"the file could not be taken \((?P<error>\w+)\)", gettext_noop("the file could not be taken (%(error)s)")),
    (
        r"a file could not be taken nor refused \((?P<error>\w+)\)",
        gettext_noop("a file could not be taken nor refused (%(error)s)"),
    ),
    (r"the file's name is not UTF-8(; rename it)?", gettext_noop("the file's name is not UTF-8; rename it")),
    (
        r"no call metadata \(sidecar or manifest row\) after (?P<minutes>[\d.]+) minutes",
        gettext_noop("no call metadata (sidecar or manifest row) after %(minutes)s minutes"),
    ),
    (
        r"no CDR row with uniqueid (?P<uniqueid>\S+) after (?P<minutes>[\d.]+) minutes",
        gettext_noop("no CDR row with uniqueid %(uniqueid)s after %(minutes)s minutes"),
    ),
    (
        r"the name does not follow FreePBX's (?P<pattern>\S+)",
        gettext_noop("the name does not follow FreePBX's %(pattern)s"),
    ),
    (
        r"sidecar is not valid JSON \((?P<error>\w+)\)",
        gettext_noop("sidecar is not valid JSON (%(error)s)"),
    ),
    (r"sidecar must hold a JSON object", gettext_noop("sidecar must hold a JSON object")),
    (r"the CDR row has no start or end time", gettext_noop("the CDR row has no start or end time")),
    (
        r"CDR time “(?P<value>.*)” is not in Asterisk's format YYYY-MM-DD HH:MM:SS",
        gettext_noop("CDR time “%(value)s” is not in Asterisk's format YYYY-MM-DD HH:MM:SS"),
    ),
    (
        r"Master\.csv line (?P<line>\d+) has (?P<columns>\d+) columns and no uniqueid: "
        r"set loguniqueid=yes in the \[csv\] section of cdr\.conf",
        gettext_noop(
            "Master.csv line %(line)s has %(columns)s columns and no uniqueid: "
            "set loguniqueid=yes in the [csv] section of cdr.conf"
        ),
    ),
    (
        r"the CDR database has no cdr table with a uniqueid column",
        gettext_noop("the CDR database has no cdr table with a uniqueid column"),
    ),
    (
        r"the CDR database could not be read \((?P<error>\w+)\)",
        gettext_noop("the CDR database could not be read (%(error)s)"),
    ),
]

_DETAILS = [(re.compile(pattern, re.DOTALL), wording) for pattern, wording in DETAILS]
_MESSAGES = [(re.compile(pattern, re.DOTALL), wording) for pattern, wording in MESSAGES]


def _worded(text: str, patterns) -> str | None:
    for pattern, wording in patterns:
        match = pattern.fullmatch(text)
        if match:
            return gettext(wording) % match.groupdict()
    return None


def reason_in_page_language(message: str) -> str:
    """`message` (a refusal or a run error, in English) in the active language, as much of it as has a wording."""
    whole = _worded(message, _MESSAGES)
    if whole is not None:
        return whole
    field, separator, detail = message.partition(": ")
    if not separator or field not in FIELDS:
        return message
    return f"{gettext(FIELDS[field])}: {_worded(detail, _DETAILS) or detail}"
