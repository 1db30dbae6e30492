from django.core.management.base import BaseCommand, CommandError

from audit.anchors import AnchorStoreError, S3AnchorStore, anchor_store
from audit.services import audit_anchor_write


class Command(BaseCommand):
    help = "Sign the audit chain head and the deletion journal head and write them to the anchor store."

    def add_arguments(self, parser):
        parser.add_argument(
            "--create-bucket",
            action="store_true",
            help="First create the S3 bucket with Object Lock enabled (it cannot be enabled later).",
        )

    def handle(self, *args, create_bucket: bool = False, **options):
        store = anchor_store()
        try:
            if create_bucket:
                if not isinstance(store, S3AnchorStore):
                    raise CommandError("--create-bucket needs an s3:// AUDIT_ANCHOR_URL")
                store.create_bucket()
            anchor = audit_anchor_write()
        except AnchorStoreError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"anchor written to {store}: event {anchor['audit']['sequence']}, "
            f"journal entry {anchor['journal']['sequence']}"
        )
