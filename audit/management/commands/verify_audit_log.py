from django.core.management.base import BaseCommand, CommandError

from audit.services import audit_chain_verify


class Command(BaseCommand):
    help = "Recompute the audit log's hash chain and compare it and the deletion journal with the anchors."

    def handle(self, *args, **options):
        report = audit_chain_verify()
        for problem in report.problems:
            self.stderr.write(problem)
        if not report.ok:
            raise CommandError(f"audit log FAILED verification: {len(report.problems)} problem(s)")
        self.stdout.write(f"audit log OK: {report.events} events, {report.anchors} anchors match")
