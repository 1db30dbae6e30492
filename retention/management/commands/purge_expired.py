from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from journal.file import JournalError
from registers.models import Register
from retention.services import DEFAULT_BATCH_SIZE, purge_expired_recordings


class Command(BaseCommand):
    help = "Delete every recording whose retention has run out (unless held or restricted)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what would be deleted; delete nothing.")
        parser.add_argument("--register", metavar="SLUG", help="Only this register.")
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)

    def handle(self, *args, dry_run=False, register=None, batch_size=DEFAULT_BATCH_SIZE, **options):
        target = None
        if register:
            target = Register.objects.filter(slug=register).first()
            if target is None:
                raise CommandError(f"no register with slug “{register}”")
        try:
            result = purge_expired_recordings(register=target, batch_size=batch_size, dry_run=dry_run)
        except JournalError as exc:
            raise CommandError(f"purge stopped: {exc}") from None
        if dry_run:
            for recording in result.would_delete:
                expired = timezone.localtime(recording.expires_at).strftime("%Y-%m-%d %H:%M")
                self.stdout.write(f"{recording.register.slug}\t{recording.public_id}\texpired {expired}")
            self.stdout.write(f"dry run: {len(result.would_delete)} recording(s) would be deleted; nothing was")
            return
        self.stdout.write(
            f"deleted {result.deleted} recording(s); completed {result.completed_interrupted} interrupted; "
            f"{result.errors} blob error(s)"
        )
        if result.errors:
            raise CommandError(f"{result.errors} blob(s) could not be deleted; the next run retries them")
