"""The seed registers: one TOML file per privacy notice in `registers/seeds/`, loaded and validated here.

The files are data a DPO can read and edit: the notice's own Finnish wording,
its English translation (`<field>_en`) and comments saying where the notice
was garbled or silent (docs/seed-decisions.md has the reasons). A file has the
tables `[controller]` and `[register]` and the arrays of tables `[[contacts]]`,
`[[service_lines]]` and `[[processors]]`. A fact left out is empty (or the
field's default); TOML has no null, so an empty date or number is left out.

Every file is read and checked (unknown fields, missing required facts, values
of the wrong type) before anything is written, and the load is one
transaction: a bad file stops it with a `SeedFileError` naming the file and the
field, and no row is written.

`seed_registers_load()` is idempotent: controllers are matched by business ID
(by name when the notice gives none), registers by slug, contacts by their
place in the notice, service lines and processors by name. Every object is
`full_clean()`ed; an object is saved only when a value differs, so a second
run changes nothing.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models, transaction

from .models import Contact, Controller, Processor, Register, ServiceLine

SEEDS_DIR = Path(__file__).resolve().parent / "seeds"


class SeedFileError(Exception):
    """A seed file that cannot be loaded; the message names the file and the field."""

    def __init__(self, path: Path, where: str, message: str):
        self.path, self.where, self.message = path, where, message
        super().__init__(f"{path.name}: {where}: {message}" if where else f"{path.name}: {message}")


# Fields a seed file may state per table. The register's playback policy (who may download, whether a reason is
# asked before listening) is the DPO's setting, not a fact of the notice, so re-seeding leaves it alone.
_NOT_IN_FILES = {"id", "created_at", "updated_at", "controller", "register", "order"}
_REGISTER_POLICY = {"listen_reason_required", "download_roles"}


def _schema(model: type[models.Model], *, exclude: set[str] = frozenset()) -> dict[str, models.Field]:
    return {f.name: f for f in model._meta.concrete_fields if f.name not in _NOT_IN_FILES and f.name not in exclude}


TABLES: dict[str, tuple[type[models.Model], bool]] = {
    # table: (model, whether the file holds a list of them)
    "controller": (Controller, False),
    "register": (Register, False),
    "contacts": (Contact, True),
    "service_lines": (ServiceLine, True),
    "processors": (Processor, True),
}


def _fields(model: type[models.Model]) -> dict[str, models.Field]:
    return _schema(model, exclude=_REGISTER_POLICY if model is Register else set())


def _required(f: models.Field) -> bool:
    """A fact the notice must state: the model has neither a blank value nor a default for it."""
    return not f.blank and not f.has_default() and not f.null


def _type_error(f: models.Field, value) -> str:
    """Why `value` cannot be this field's value, or "" when its type fits."""
    if isinstance(f, models.BooleanField):
        ok, expected = isinstance(value, bool), "true or false"
    elif isinstance(f, models.IntegerField):
        ok, expected = isinstance(value, int) and not isinstance(value, bool), "a whole number"
    elif isinstance(f, models.DateField):
        ok, expected = isinstance(value, date), "a date such as 2023-09-12"
    elif isinstance(f, models.JSONField):
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        expected = 'a list of names such as ["access", "erasure"]'
    else:
        ok, expected = isinstance(value, str), "text in quotes"
    return "" if ok else f"must be {expected}, not {value!r}"


def _check_table(path: Path, where: str, values, model: type[models.Model]) -> dict:
    if not isinstance(values, dict):
        raise SeedFileError(path, where, "must be a table of fields")
    schema = _fields(model)
    for name, value in values.items():
        if name not in schema:
            raise SeedFileError(path, f"{where}.{name}", f"unknown field (known: {', '.join(sorted(schema))})")
        problem = _type_error(schema[name], value)
        if problem:
            raise SeedFileError(path, f"{where}.{name}", problem)
    for name, f in schema.items():
        if _required(f) and not values.get(name):
            raise SeedFileError(path, f"{where}.{name}", "missing: every notice must state it")
    return values


def seed_file_read(path: Path) -> dict:
    """One seed file as {"controller": {...}, "register": {...}, "contacts": [...], ...}, checked, not yet loaded."""
    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except tomllib.TOMLDecodeError as exc:
        raise SeedFileError(path, "", f"not valid TOML: {exc}") from None
    except OSError as exc:
        raise SeedFileError(path, "", f"cannot be read: {exc.strerror}") from None
    unknown = set(data) - set(TABLES)
    if unknown:
        raise SeedFileError(path, sorted(unknown)[0], f"unknown table (known: {', '.join(TABLES)})")
    entry: dict = {}
    for table, (model, many) in TABLES.items():
        if many:
            rows = data.get(table, [])
            if not isinstance(rows, list):
                raise SeedFileError(path, table, f"write each one as [[{table}]]")
            entry[table] = [_check_table(path, f"{table}[{i + 1}]", row, model) for i, row in enumerate(rows)]
        elif table not in data:
            raise SeedFileError(path, table, f"missing: the file needs a [{table}] table")
        else:
            entry[table] = _check_table(path, table, data[table], model)
    return entry


def seed_files(directory: Path | None = None) -> list[Path]:
    return sorted((directory or SEEDS_DIR).glob("*.toml"))


def seed_entries(directory: Path | None = None) -> list[tuple[Path, dict]]:
    paths = seed_files(directory)
    if not paths:
        raise SeedFileError(directory or SEEDS_DIR, "", "no seed files (*.toml) in this folder")
    entries = [(path, seed_file_read(path)) for path in paths]
    seen: dict[str, Path] = {}
    for path, entry in entries:
        slug = entry["register"]["slug"]
        if slug in seen:
            raise SeedFileError(path, "register.slug", f"{slug!r} is also the slug in {seen[slug].name}")
        seen[slug] = path
    return entries


def __getattr__(name: str):
    # REGISTERS reads the files when first asked for, so importing this module never fails on a bad file.
    if name == "REGISTERS":
        return [entry for _path, entry in seed_entries()]
    raise AttributeError(name)


@dataclass
class SeedStats:
    """What a load did, per model: {"Register": {"created": 1, "updated": 0, "unchanged": 4}, ...}."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    slugs: list[str] = field(default_factory=list)

    def note(self, model: type[models.Model], outcome: str) -> None:
        per_model = self.counts.setdefault(model.__name__, {"created": 0, "updated": 0, "unchanged": 0})
        per_model[outcome] += 1

    def total(self, outcome: str) -> int:
        return sum(c[outcome] for c in self.counts.values())

    @property
    def created(self) -> int:
        return self.total("created")

    @property
    def updated(self) -> int:
        return self.total("updated")

    @property
    def objects_changed(self) -> int:
        return self.created + self.updated

    @property
    def registers_created(self) -> int:
        return self.counts.get("Register", {}).get("created", 0)

    @property
    def controllers_created(self) -> int:
        return self.counts.get("Controller", {}).get("created", 0)

    def summary(self) -> str:
        return "; ".join(
            f"{name}: {c['created']} created, {c['updated']} updated, {c['unchanged']} unchanged"
            for name, c in self.counts.items()
        )


def _with_defaults(model: type[models.Model], values: dict) -> dict:
    """Every field the file may state: its value there, else empty (or the default), so a reload restores it."""
    return {name: values.get(name, f.get_default()) for name, f in _fields(model).items()}


def _field_values(obj: models.Model) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def _upsert(model, obj, lookup: dict, values: dict, stats: SeedStats, path: Path, where: str):
    """Create or update one object; `full_clean()` always, save only when a value differs."""
    created = obj is None
    if created:
        obj = model(**lookup)
    before = {} if created else _field_values(obj)
    for name, value in {**lookup, **values}.items():
        setattr(obj, name, value)
    try:
        obj.full_clean()
    except ValidationError as exc:
        name, messages = next(iter(exc.message_dict.items()))
        field_where = where if name == "__all__" else f"{where}.{name}"
        raise SeedFileError(path, field_where, " ".join(messages)) from None
    if created:
        obj.save()
        stats.note(model, "created")
    elif _field_values(obj) != before:
        obj.save()
        stats.note(model, "updated")
    else:
        stats.note(model, "unchanged")
    return obj


def _load_one(path: Path, entry: dict, stats: SeedStats) -> Register:
    values = _with_defaults(Controller, entry["controller"])
    if values["business_id"]:
        existing = Controller.objects.filter(business_id=values["business_id"]).first()
    else:
        existing = Controller.objects.filter(name=values["name"], business_id="").first()
    controller = _upsert(Controller, existing, {}, values, stats, path, "controller")

    values = _with_defaults(Register, entry["register"])
    slug = values.pop("slug")
    register = _upsert(
        Register,
        Register.objects.filter(slug=slug).first(),
        {"slug": slug},
        {"controller": controller, **values},
        stats,
        path,
        "register",
    )
    for order, contact in enumerate(entry["contacts"]):
        lookup = {"controller": controller, "register": register, "order": order}
        existing = Contact.objects.filter(**lookup).order_by("id").first()
        values = _with_defaults(Contact, contact)
        _upsert(Contact, existing, lookup, values, stats, path, f"contacts[{order + 1}]")
    for i, line in enumerate(entry["service_lines"]):
        values = _with_defaults(ServiceLine, line)
        lookup = {"register": register, "name": values.pop("name")}
        existing = ServiceLine.objects.filter(**lookup).first()
        _upsert(ServiceLine, existing, lookup, values, stats, path, f"service_lines[{i + 1}]")
    for order, processor in enumerate(entry["processors"]):
        values = {**_with_defaults(Processor, processor), "order": order}
        lookup = {"register": register, "name": values.pop("name")}
        existing = Processor.objects.filter(**lookup).first()
        _upsert(Processor, existing, lookup, values, stats, path, f"processors[{order + 1}]")
    return register


def seed_registers_load(directory: Path | None = None) -> SeedStats:
    """Create or update the seed controllers and registers from the files; a second run changes nothing."""
    entries = seed_entries(directory)
    stats = SeedStats()
    with transaction.atomic():
        for path, entry in entries:
            stats.slugs.append(_load_one(path, entry, stats).slug)
    return stats
