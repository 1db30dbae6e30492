from django.core.management.base import BaseCommand, CommandError

from recordings.tokens import ingest_token_create
from registers.models import Register


class Command(BaseCommand):
    help = "Print a new ingest API token for one register. Only its hash is stored: copy it now."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--name", default="", help="What the token is for, e.g. the PBX's name.")

    def handle(self, *args, slug, name, **options):
        register = Register.objects.filter(slug=slug).first()
        if register is None:
            raise CommandError(f"no register with slug “{slug}”")
        _token, raw = ingest_token_create(register=register, name=name)
        self.stdout.write(raw)
