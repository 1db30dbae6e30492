"""Write a register's or a controller's accountability report for one month, issued and signed as on the page."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accountability.errors import AccountabilityError
from accountability.formats import report_csv, report_json
from accountability.selectors import Month, scope_named
from accountability.services import report_issue


class Command(BaseCommand):
    help = "Issue the accountability report of a register (slug) or a controller (business ID) for a month (YYYY-MM)."

    def add_arguments(self, parser):
        parser.add_argument("scope", help="A register's slug, or a controller's business ID (Y-tunnus).")
        parser.add_argument("month", help="A calendar month in Helsinki time, YYYY-MM.")
        parser.add_argument("--format", choices=("json", "csv"), default="json")
        parser.add_argument("--output", help="Write to this file instead of standard output.")

    def handle(self, *args, scope: str, month: str, format: str, output: str | None, **options):
        try:
            parsed_month = Month.parse(month)
            parsed_scope = scope_named(scope)
        except AccountabilityError as exc:
            raise CommandError(str(exc)) from None
        report = report_issue(scope=parsed_scope, month=parsed_month, actor_label="accountability_report command")
        text = report_json(report) if format == "json" else report_csv(report)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"report {report.pk} written to {output}; facts sha256 {report.facts_sha256}")
        else:
            self.stdout.write(text)
