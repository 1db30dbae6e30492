from django.core.management.base import BaseCommand, CommandError

from backups.services import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database and the blobs, with a manifest of checksums, into a new folder. Keys are not included."

    def add_arguments(self, parser):
        parser.add_argument("folder")

    def handle(self, *args, folder, **options):
        try:
            manifest = backup_create(folder)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        counts = manifest["counts"]
        self.stdout.write(
            f"backup written to {folder}: database ({manifest['database']['engine']}), {len(manifest['files'])} blobs, "
            f"{counts['recordings']} recordings, journal at {manifest['journal_sequence']}. "
            "The key ring is not in it: keep RECORDINGS_KEYS backed up separately."
        )
