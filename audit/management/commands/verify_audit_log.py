from django.core.management.base import BaseCommand, CommandError

from audit.services import ChainReport, audit_chain_verify


def unanchored_text(report: ChainReport) -> str:
    """How long the newest events have gone without an anchor: until one names them, deleting them shows nowhere."""
    if not report.unanchored_events:
        return "every event is anchored"
    return (
        f"{report.unanchored_events} events written since the newest anchor: "
        f"the newest {int(report.newest_unanchored_age.total_seconds())} s ago, "
        f"the oldest {int(report.oldest_unanchored_age.total_seconds())} s ago"
    )


class Command(BaseCommand):
    help = "Recompute the audit log's hash chain and compare it and the deletion journal with the anchors."

    def handle(self, *args, **options):
        report = audit_chain_verify()
        for problem in report.problems:
            self.stderr.write(problem)
        self.stdout.write(unanchored_text(report))
        if not report.ok:
            raise CommandError(f"audit log FAILED verification: {len(report.problems)} problem(s)")
        self.stdout.write(f"audit log OK: {report.events} events, {report.anchors} anchors match")
