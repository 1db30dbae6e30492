from django.core.management.base import BaseCommand, CommandError

from audit.services import audit_record
from recordings.models import IngestToken
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
        token, raw = IngestToken.issue(register, name=name)
        audit_record(action="token_create", register=register, obj=token, details={"prefix": token.prefix})
        self.stdout.write(raw)
