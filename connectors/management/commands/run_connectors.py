from django.core.management.base import BaseCommand, CommandError

from connectors.models import Connector
from connectors.services import connector_run


class Command(BaseCommand):
    help = "Run a register's connectors now (all enabled ones, or those named by id)."

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int)

    def handle(self, *args, ids=(), **options):
        connectors = Connector.objects.select_related("register")
        connectors = connectors.filter(pk__in=ids) if ids else connectors.filter(enabled=True)
        failed = 0
        for connector in connectors:
            result = connector_run(connector)
            line = (
                f"{connector.pk} {connector.name}: taken {result.taken}, already stored {result.already}, "
                f"refused {result.refused}, waiting {result.waiting}"
            )
            if result.skipped:
                line = f"{connector.pk} {connector.name}: another run is under way"
            self.stdout.write(line + (f" — {result.error}" if result.error else ""))
            for name, reason in result.refusals:
                self.stdout.write(f"  refused {name}: {reason}")
            failed += bool(result.error)
        if failed:
            raise CommandError(f"{failed} connector(s) could not run", returncode=1)
