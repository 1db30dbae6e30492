from django.core.management.base import BaseCommand

from audit.services import audit_checkpoint_write


class Command(BaseCommand):
    help = "Write the audit chain head to storage and the log as a signed checkpoint."

    def handle(self, *args, **options):
        checkpoint = audit_checkpoint_write()
        if checkpoint is None:
            self.stdout.write("audit log is empty; no checkpoint written")
        else:
            self.stdout.write(f"checkpoint at event {checkpoint['sequence']}: {checkpoint['hash']}")
