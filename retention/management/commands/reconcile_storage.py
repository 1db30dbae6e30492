from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand

from retention.services import reconcile_storage


class Command(BaseCommand):
    help = "List blobs without rows and rows without blobs; --fix removes the former and marks the latter."

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true")

    def handle(self, *args, fix=False, **options):
        report = reconcile_storage(fix=fix, grace=timedelta(seconds=settings.RECONCILE_GRACE_SECONDS))
        for name in report.orphan_blobs:
            self.stdout.write(f"blob without a row: {name}")
        for public_id in report.rows_missing_blobs:
            self.stdout.write(f"recording without its audio: {public_id}")
        self.stdout.write(
            f"{len(report.orphan_blobs)} orphan blob(s){' removed' if fix else ''}, "
            f"{len(report.rows_missing_blobs)} recording(s) missing audio{' marked' if fix else ''}"
        )
