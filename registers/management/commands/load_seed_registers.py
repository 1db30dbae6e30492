from django.core.management.base import BaseCommand

from registers.seed_data import REGISTERS, seed_registers_load


class Command(BaseCommand):
    help = "Load the five seed controllers and registers from their privacy notices (idempotent)."

    def handle(self, *args, **options):
        stats = seed_registers_load()
        slugs = ", ".join(entry["register"]["slug"] for entry in REGISTERS)
        self.stdout.write(f"Seed registers ({slugs}): {stats.created} created, {stats.updated} updated.")
        if options["verbosity"] > 1:
            self.stdout.write(stats.summary())
