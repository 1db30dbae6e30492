from django.core.management.base import BaseCommand, CommandError

from backups.services import BackupError, backup_verify


class Command(BaseCommand):
    help = "Check a backup's manifest and checksums, and that it restores into a scratch database."

    def add_arguments(self, parser):
        parser.add_argument("folder")

    def handle(self, *args, folder, **options):
        try:
            report = backup_verify(folder)
        except BackupError as exc:
            raise CommandError(f"backup FAILED verification: {exc}") from None
        self.stdout.write(f"backup OK: {len(report.manifest['files'])} blobs, restores to {report.restored_counts}")
