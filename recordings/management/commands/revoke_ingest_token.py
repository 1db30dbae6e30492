from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from audit.services import audit_record
from recordings.models import IngestToken


class Command(BaseCommand):
    help = "Revoke an ingest token by its prefix (the first ten characters)."

    def add_arguments(self, parser):
        parser.add_argument("prefix")

    def handle(self, *args, prefix, **options):
        tokens = list(IngestToken.objects.active().filter(prefix=prefix[:10]))
        if not tokens:
            raise CommandError(f"no active token starts with “{prefix[:10]}”")
        for token in tokens:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit_record(action="token_revoke", register=token.register, obj=token, details={"prefix": token.prefix})
        self.stdout.write(f"revoked {len(tokens)} token(s)")
