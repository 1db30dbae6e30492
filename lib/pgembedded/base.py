"""Django's PostgreSQL engine on the embedded server: the first connection of a process starts it if it is down."""

from __future__ import annotations

from django.conf import settings
from django.db.backends.postgresql.base import DatabaseWrapper as PostgreSQLDatabaseWrapper

from lib.pgembedded import attach


class DatabaseWrapper(PostgreSQLDatabaseWrapper):
    def get_new_connection(self, conn_params):
        attach(settings.EMBEDDED_POSTGRES_DIR)
        return super().get_new_connection(conn_params)
