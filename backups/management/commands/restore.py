from django.core.management.base import BaseCommand, CommandError

from backups.services import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup into an empty database and storage, then replay the deletion journal so nothing "
        "purged or erased since the backup comes back."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder")

    def handle(self, *args, folder, **options):
        try:
            report = backup_restore(folder)
        except BackupError as exc:
            raise CommandError(f"restore refused: {exc}") from None
        self.stdout.write(
            f"restored {report.manifest['counts']['recordings']} recordings and {report.blobs} blobs from "
            f"{report.manifest['created_at']}; destroyed again {report.destroyed_again} recording(s) deleted since "
            f"(journal: {report.journal_entries} entries)"
        )
