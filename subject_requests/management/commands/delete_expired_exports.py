"""Delete export packages whose link expired or was used: the same service the beat task runs."""

from django.core.management.base import BaseCommand

from subject_requests.services import export_packages_delete_expired


class Command(BaseCommand):
    help = "Delete data-subject export packages whose link has expired or has been used."

    def handle(self, *args, **options):
        deleted = export_packages_delete_expired()
        self.stdout.write(f"{deleted} export package(s) deleted")
