from django.core.management import call_command
from django.core.management.base import BaseCommand

from registers.demo import demo_password, demo_users_load


class Command(BaseCommand):
    help = "Load the seed registers, demo accounts for every role, synthetic calls and requests (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--no-calls", action="store_true", help="Accounts only, no synthetic calls.")
        parser.add_argument("--calls", type=int, default=9, help="Synthetic calls per register (default 9).")
        parser.add_argument(
            "--renditions-later",
            action="store_true",
            help="Leave the browser renditions to the Celery worker instead of making them here.",
        )

    def handle(self, *args, no_calls=False, calls=9, renditions_later=False, **options):
        call_command("load_seed_registers", verbosity=0)
        password = demo_password()
        accounts = demo_users_load(password=password)
        if not no_calls:
            from recordings.demo import demo_calls_load

            added = demo_calls_load(per_register=calls, renditions=not renditions_later)
            self.stdout.write(f"Synthetic calls added: {added}")
            # The requests' search finds the calls just loaded; by name, for requests are a layer above calls.
            call_command("load_demo_requests", stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Demo accounts ({len(accounts)}), password for all: {password}"))
        for account in accounts:
            self.stdout.write(f"  {account.username:28} {account.role:12} {account.register_slug}")
