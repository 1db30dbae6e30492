"""Print (or apply) the grants for the database role the app runs as.

Migrations run as the owner of the tables; the app runs as another role that
may read and write ordinary tables but on the audit table may only read and
append. Not owning the table, it cannot ALTER it, disable its triggers or
drop it; without UPDATE, DELETE and TRUNCATE it cannot remove events. Run
again after each `migrate`, as the owner: the default privileges cover new
tables created by the owner, the explicit grants cover existing ones.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from psycopg import sql


def grant_statements(role: str, owner: str, schema: str) -> list[sql.Composed]:
    r, o, s = sql.Identifier(role), sql.Identifier(owner), sql.Identifier(schema)
    events, head = sql.Identifier("audit_auditevent"), sql.Identifier("audit_auditchainhead")
    return [
        sql.SQL("GRANT USAGE ON SCHEMA {} TO {};").format(s, r),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {} TO {};").format(s, r),
        sql.SQL("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {} TO {};").format(s, r),
        sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {} FROM {};").format(events, r),
        sql.SQL("REVOKE INSERT, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {} FROM {};").format(head, r),
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA {} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {};"
        ).format(o, s, r),
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA {} GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {};"
        ).format(o, s, r),
    ]


class Command(BaseCommand):
    help = "Print the SQL granting the app's database role what it needs, and nothing that removes audit events."

    def add_arguments(self, parser):
        parser.add_argument("role", help="the role the app connects as (not the owner of the tables)")
        parser.add_argument("--apply", action="store_true", help="run the statements now, as the owner")

    def handle(self, *args, role: str, apply: bool = False, **options):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT tableowner, schemaname FROM pg_tables WHERE tablename = 'audit_auditevent'"
                " AND schemaname = current_schema()"
            )
            found = cursor.fetchone()
            if found is None:
                raise CommandError("the audit table does not exist yet: run migrate first")
            owner, schema = found
            if role == owner:
                raise CommandError(f"{role} owns the tables: the app must run as another role")
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
            row = cursor.fetchone()
            if apply and row is None:
                raise CommandError(f"role {role} does not exist: CREATE ROLE {role} LOGIN PASSWORD '…' first")
            if row is not None and row[0]:
                raise CommandError(f"{role} is a superuser: it could disable any trigger")
            if row is not None:
                cursor.execute("SELECT pg_has_role(%s, %s, 'USAGE')", [role, owner])
                if cursor.fetchone()[0]:
                    raise CommandError(f"{role} is a member of {owner} and so has the owner's rights")
            statements = grant_statements(role, owner, schema)
            for statement in statements:
                text = statement.as_string(cursor.connection)
                self.stdout.write(text)
                if apply:
                    cursor.execute(text)
