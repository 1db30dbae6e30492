from django.core.management.base import BaseCommand, CommandError

from backups.restore import backup_restore
from backups.services import BackupError


class Command(BaseCommand):
    help = (
        "Restore a backup into an empty database and storage, then replay the deletion journal so nothing "
        "purged or erased since the backup comes back."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument(
            "--accept-journal-behind",
            "--without-journal",
            dest="accept_journal_behind",
            action="store_true",
            help=(
                "Restore even though the deletion journal is missing, behind the backup or another system's: "
                "deletions it lacks come back. The choice is written to the audit log."
            ),
        )

    def handle(self, *args, folder, accept_journal_behind=False, **options):
        try:
            report = backup_restore(folder, accept_journal_problem=accept_journal_behind)
        except BackupError as exc:
            raise CommandError(f"restore refused: {exc}") from None
        if report.journal_problem:
            self.stderr.write(f"WARNING, restored knowingly: {report.journal_problem}")
        self.stdout.write(
            f"restored {report.manifest['counts']['recordings']} recordings and {report.blobs} blobs from "
            f"{report.manifest['created_at']}; destroyed again {report.destroyed_again} recording(s) and "
            f"{report.packages_destroyed_again} export package(s) deleted since "
            f"(journal: {report.journal_entries} entries)"
        )
