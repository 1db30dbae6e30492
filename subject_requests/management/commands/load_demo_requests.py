from django.core.management.base import BaseCommand

from subject_requests.demo import demo_requests_load


class Command(BaseCommand):
    help = "Add the demo's data-subject requests, one at each stage, once the demo calls are loaded (idempotent)."

    def handle(self, *args, **options):
        added = demo_requests_load()
        self.stdout.write(f"Demo data-subject requests added: {added}")
