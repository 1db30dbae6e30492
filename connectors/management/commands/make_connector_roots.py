from django.core.management.base import BaseCommand

from connectors.guards import roots
from registers.models import Register


class Command(BaseCommand):
    help = (
        "Create each register's folders under CONNECTOR_ROOTS that do not exist yet (scripts/run does, for the "
        "demo's DATA_DIR/connectors/<register>), and list them."
    )

    def handle(self, *args, **options):
        for register in Register.objects.order_by("slug"):
            for root in roots(register):
                root.mkdir(mode=0o750, parents=True, exist_ok=True)
                self.stdout.write(f"Connector folder for {register.slug}: {root}")
