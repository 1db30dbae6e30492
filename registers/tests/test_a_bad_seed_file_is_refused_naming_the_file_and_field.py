"""A broken or incomplete seed file stops the load with an error naming the file and the field, and writes no row."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from registers.models import Contact, Controller, Processor, Register, ServiceLine
from registers.seeding import SEEDS_DIR, SeedFileError, seed_files, seed_registers_load

pytestmark = pytest.mark.django_db

# Sorted last but one, so the files before it would have been loaded when it fails.
BROKEN = "phm-asiakaspalvelu.toml"


@pytest.fixture
def seeds(tmp_path) -> Path:
    copy = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, copy)
    return copy


def _edit(seeds: Path, old: str, new: str) -> None:
    path = seeds / BROKEN
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _no_rows() -> bool:
    return not any(m.objects.exists() for m in (Controller, Register, Contact, ServiceLine, Processor))


def _refused(seeds: Path) -> str:
    with pytest.raises(SeedFileError) as caught:
        seed_registers_load(seeds)
    assert _no_rows()
    return str(caught.value)


def test_a_mistyped_field_name_is_named_with_its_file(seeds):
    _edit(seeds, 'city = "Helsinki"', 'cty = "Helsinki"')
    message = _refused(seeds)
    assert message.startswith(f"{BROKEN}: controller.cty: unknown field")


def test_a_missing_required_fact_is_named_with_its_file(seeds):
    _edit(seeds, 'data_sources = "Tiedot kerätään', '# data_sources = "Tiedot kerätään')
    assert _refused(seeds) == f"{BROKEN}: register.data_sources: missing: every notice must state it"


def test_an_invalid_choice_found_while_loading_rolls_back_the_files_already_loaded(seeds):
    _edit(seeds, 'legal_basis = "legitimate_interests"', 'legal_basis = "oikeutettu etu"')
    message = _refused(seeds)
    assert message.startswith(f"{BROKEN}: register.legal_basis:") and "oikeutettu etu" in message


def test_a_value_of_the_wrong_type_is_named_with_its_file(seeds):
    _edit(seeds, "retention_value = 6", 'retention_value = "kuusi"')
    assert _refused(seeds) == f"{BROKEN}: register.retention_value: must be a whole number, not 'kuusi'"


def test_an_unknown_right_is_refused_by_the_registers_own_validation(seeds):
    _edit(seeds, '"objection"', '"objektion"')
    message = _refused(seeds)
    assert message.startswith(f"{BROKEN}: register.rights_offered:") and "objektion" in message


def test_a_file_that_is_not_toml_is_named(seeds):
    _edit(seeds, 'city = "Helsinki"', 'city = "Helsinki')
    assert _refused(seeds).startswith(f"{BROKEN}: not valid TOML:")


def test_two_files_with_one_slug_are_refused(seeds):
    shutil.copy(seeds / BROKEN, seeds / "zz-copy.toml")
    assert _refused(seeds).startswith("zz-copy.toml: register.slug: 'phm-asiakaspalvelu' is also the slug in")


def test_the_command_says_nothing_was_loaded_and_names_the_file_and_field(seeds):
    _edit(seeds, 'city = "Helsinki"', 'cty = "Helsinki"')
    with pytest.raises(CommandError, match=rf"^Nothing was loaded\. {BROKEN}: controller\.cty: unknown field"):
        call_command("load_seed_registers", "--seeds-dir", str(seeds))
    assert _no_rows()


def test_the_five_seed_files_are_there_and_not_ignored_by_git():
    files = seed_files()
    assert [f.name for f in files] == [
        "2m-it-tuki.toml",
        "onni-hoiva-puhelut.toml",
        "onni-ja-hoiva-asiakkaat.toml",
        "phm-asiakaspalvelu.toml",
        "pikkujatti-puhelut.toml",
    ]
    root = SEEDS_DIR.parent.parent
    names = [str(f.relative_to(root)) for f in files]
    ignored = subprocess.run(["git", "check-ignore", *names], cwd=root, capture_output=True, text=True)
    assert ignored.stdout == "", f"ignored by git: {ignored.stdout}"
