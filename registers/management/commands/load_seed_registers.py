from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from registers.seeding import SEEDS_DIR, SeedFileError, seed_registers_load


class Command(BaseCommand):
    help = "Load the seed controllers and registers from their privacy-notice files in registers/seeds/ (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--seeds-dir", type=Path, default=SEEDS_DIR, help="Folder of seed files (*.toml) to load instead."
        )

    def handle(self, *args, seeds_dir=SEEDS_DIR, **options):
        try:
            stats = seed_registers_load(seeds_dir)
        except SeedFileError as exc:
            raise CommandError(f"Nothing was loaded. {exc}") from None
        slugs = ", ".join(stats.slugs)
        self.stdout.write(f"Seed registers ({slugs}): {stats.created} created, {stats.updated} updated.")
        if options["verbosity"] > 1:
            self.stdout.write(stats.summary())
