from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import forms
from django.utils.translation import gettext_lazy as _

from registers.forms import DescribedErrorsMixin

from .guards import (
    ConnectorError,
    allowed_endpoint,
    allowed_folder,
    credential_variable,
    existing_folder,
    foreign_folder,
    roots,
    variable_prefix,
)
from .models import Connector, ConnectorKind

MESSAGES = {
    "missing": _("This field is required."),
    "relative": _("Give an absolute path (starting with /)."),
    "no_roots": _("No folders on this server are open to connectors; ask the operator to set CONNECTOR_ROOTS."),
    "outside": _("This folder is outside the folders open to connectors (CONNECTOR_ROOTS)."),
    "variable": _("Name an environment variable whose name starts with %(prefix)s."),
    "app_folder": _("This folder is one of the app's own folders, lies in one or holds one."),
    "foreign": _("Another register's connector uses this folder, a folder in it or a folder around it."),
    "not_found": _("The folder does not exist on this server (check the path, or create the folder first)."),
    "not_folder": _("This path is a file, not a folder."),
    "unreadable": _("The app cannot read this folder: give the app's user read access to it."),
    "unwritable": _("The app cannot write in this folder: a drop folder must be writable, for done/ and quarantine/."),
    "endpoint": _("Give an https:// address (the operator can allow others in CONNECTOR_S3_ENDPOINTS_ALLOWED)."),
}


# The form's fields by the kinds they belong to; the page shows the chosen kind's groups (all without JavaScript).
SECTIONS = [
    (_("Folder (FreePBX and drop folder)"), "freepbx folder", ["path"]),
    (_("Call data (FreePBX only)"), "freepbx", ["cdr_csv_path", "cdr_database_env", "cdr_timezone"]),
    (
        _("S3 prefix (S3 only)"),
        "s3",
        ["s3_endpoint_url", "s3_bucket", "s3_prefix", "s3_access_key_env", "s3_secret_key_env"],
    ),
]


class ConnectorForm(DescribedErrorsMixin, forms.ModelForm):
    class Meta:
        model = Connector
        fields = [
            "name",
            "kind",
            "enabled",
            "path",
            "cdr_csv_path",
            "cdr_database_env",
            "cdr_timezone",
            "s3_endpoint_url",
            "s3_bucket",
            "s3_prefix",
            "s3_access_key_env",
            "s3_secret_key_env",
        ]
        help_texts = {
            "path": _("FreePBX: the recordings folder (…/spool/asterisk/monitor). Drop folder: the folder itself."),
            "cdr_csv_path": _("FreePBX: Asterisk's cdr-csv file (…/log/asterisk/cdr-csv/Master.csv)."),
            "cdr_database_env": _(
                "Or, instead of Master.csv: the name of an environment variable holding a read-only PostgreSQL URL "
                "of the CDR database (Asterisk's cdr_pgsql)."
            ),
            "cdr_timezone": _(
                "The time zone of the CDR's times: Europe/Helsinki, or UTC when cdr.conf has usegmtime=yes."
            ),
            "s3_access_key_env": _(
                "The name of an environment variable on the server that holds the key, not the key."
            ),
            "s3_secret_key_env": _(
                "The name of an environment variable on the server that holds the key, not the key."
            ),
        }

    def __init__(self, *args, register, **kwargs):
        super().__init__(*args, **kwargs)
        self.register = register
        # Where a folder may be, said before the IT admin types one: the operator's roots for this register.
        open_to = roots(register)
        where = (
            _("Folders open to connectors here: %(roots)s.") % {"roots": ", ".join(str(r) for r in open_to)}
            if open_to
            else MESSAGES["no_roots"]
        )
        self.fields["path"].help_text = f"{self.fields['path'].help_text} {where}"

    def common_fields(self) -> list:
        in_sections = {name for _legend, _kinds, names in SECTIONS for name in names}
        return [field for field in self if field.name not in in_sections]

    def kind_sections(self) -> list[tuple[str, str, list]]:
        """(legend, the kinds it belongs to, space-separated, the bound fields) for each group of fields."""
        return [(legend, kinds, [self[name] for name in names]) for legend, kinds, names in SECTIONS]

    def _check(self, field: str, check) -> None:
        try:
            value = check(self.cleaned_data.get(field, ""))
        except ConnectorError as exc:
            self.add_error(field, MESSAGES[exc.code] % {"prefix": variable_prefix(self.register)})
            return
        if isinstance(value, Path):
            try:
                foreign_folder(self.register, [value], exclude_pk=self.instance.pk)
            except ConnectorError as exc:
                self.add_error(field, MESSAGES[exc.code])

    def _folder(self, value: str) -> Path:
        return allowed_folder(value, self.register)

    def _existing_folder(self, value: str) -> Path:
        folder = allowed_folder(value, self.register)
        return existing_folder(folder, writable=self.cleaned_data.get("kind") == ConnectorKind.FOLDER)

    def _variable(self, value: str) -> str:
        return credential_variable(value, self.register)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = Connector.objects.filter(register=self.register, name=name).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("This register already has a connector by that name."))
        return name

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind in (ConnectorKind.FREEPBX, ConnectorKind.FOLDER):
            self._check("path", self._existing_folder)
        if kind == ConnectorKind.FREEPBX:
            if cleaned.get("cdr_database_env"):
                self._check("cdr_database_env", self._variable)
            else:
                self._check("cdr_csv_path", self._folder)
            try:
                ZoneInfo(cleaned.get("cdr_timezone") or "")
            except (ZoneInfoNotFoundError, ValueError):
                self.add_error("cdr_timezone", _("Not a time zone name."))
        if kind == ConnectorKind.S3:
            if not cleaned.get("s3_bucket"):
                self.add_error("s3_bucket", _("This field is required."))
            self._check("s3_endpoint_url", allowed_endpoint)
            self._check("s3_access_key_env", self._variable)
            self._check("s3_secret_key_env", self._variable)
        return cleaned
