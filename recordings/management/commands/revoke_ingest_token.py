from django.core.management.base import BaseCommand, CommandError

from recordings.models import IngestToken
from recordings.tokens import ingest_token_revoke


class Command(BaseCommand):
    help = "Revoke an ingest token by its prefix (the first ten characters)."

    def add_arguments(self, parser):
        parser.add_argument("prefix")

    def handle(self, *args, prefix, **options):
        tokens = list(IngestToken.objects.active().filter(prefix=prefix[:10]))
        if not tokens:
            raise CommandError(f"no active token starts with “{prefix[:10]}”")
        for token in tokens:
            ingest_token_revoke(token=token)
        self.stdout.write(f"revoked {len(tokens)} token(s)")
