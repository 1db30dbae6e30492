import csv
import io

from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from registers.models import Processor
from registers.ropa import COLUMNS, write_ropa_csv


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_ropa_has_one_row_per_register_with_the_art30_columns(personas):
    Processor.objects.create(register=personas.register, name="Puhelinoperaattori Oy", service="Tallennuspalvelu")
    out = io.StringIO()
    write_ropa_csv(out, [personas.register, personas.other_register])
    rows = _rows(out.getvalue())
    assert [r["Register id"] for r in rows] == ["register-a", "register-b"]
    with translation.override("en"):
        assert set(rows[0]) == {str(label) for _, label in COLUMNS}
    row = rows[0]
    assert row["Controller"] == personas.register.controller.name
    assert row["Business ID"] == personas.register.controller.business_id
    assert row["Purposes of processing"] == "Asiakaspalvelun laadun varmistaminen."
    assert "12 calendar months from the end of the call" in row["Time limits for erasure"]
    assert "Puhelinoperaattori Oy: Tallennuspalvelu" in row["Processors"]


def test_ropa_cells_cannot_run_as_spreadsheet_formulas(personas):
    personas.register.purpose = '=HYPERLINK("http://evil")'
    personas.register.save()
    out = io.StringIO()
    write_ropa_csv(out, [personas.register])
    assert _rows(out.getvalue())[0]["Purposes of processing"].startswith("'=")


def test_export_ropa_command_prints_every_register(personas, capsys):
    call_command("export_ropa")
    rows = _rows(capsys.readouterr().out)
    assert {r["Register id"] for r in rows} == {"register-a", "register-a2", "register-b"}


def test_dpo_downloads_ropa_of_own_registers_only(personas, client):
    client.force_login(personas.dpo)
    response = client.get(reverse("ropa_csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Cache-Control"] == "no-store"
    rows = _rows(b"".join(response).decode() if response.streaming else response.content.decode())
    # Downloaded from the Finnish pages, the export is in Finnish; from /en/, in English.
    assert [r["Rekisterin tunniste"] for r in rows] == ["register-a"]
    english = _rows(client.get("/en/ropa.csv").content.decode())
    assert [r["Register id"] for r in english] == ["register-a"]


def test_supervisor_gets_no_ropa(personas, client):
    client.force_login(personas.supervisor)
    assert client.get(reverse("ropa_csv")).status_code == 404
