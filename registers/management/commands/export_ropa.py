from django.core.management.base import BaseCommand

from registers.models import Register
from registers.ropa import write_ropa_csv


class Command(BaseCommand):
    help = "Print the record of processing activities (GDPR art. 30) as CSV, one row per register."

    def add_arguments(self, parser):
        parser.add_argument("--register", action="append", dest="slugs", help="Only this register (repeatable).")
        parser.add_argument("--language", default="en", choices=["en", "fi"], help="Language of the text columns.")

    def handle(self, *args, slugs=None, language="en", **options):
        registers = Register.objects.select_related("controller").prefetch_related(
            "contacts", "controller__contacts", "processors"
        )
        if slugs:
            registers = registers.filter(slug__in=slugs)
        write_ropa_csv(self.stdout, registers, language=language)
