"""Database helpers for statements that carry whole batches as parameters."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


@contextmanager
def batch_cursor() -> Iterator:
    """A cursor whose parameters travel apart from the statement (server-side binding).

    Django's psycopg cursors bind on the client: a batch of a thousand ids or
    UUIDs passed as one array is first quoted, element by element, into the SQL
    text, which cost the purge more than the statements themselves. Here the
    array goes to the server as a parameter. The cursor is wrapped as Django
    wraps its own (debug logging, execute wrappers, the connection's thread
    check), so query counting and fault injection see these statements too.
    """
    import psycopg

    connection.ensure_connection()
    with connection.wrap_database_errors:
        raw = psycopg.Cursor(connection.connection)
    with connection._prepare_cursor(raw) as cursor:
        yield cursor


def array_literal(values) -> str:
    """Ids, UUIDs, dates or numbers as PostgreSQL's array text ('{1,2,3}'), built in one join.

    Use it as `%s::bigint[]` (or `::uuid[]`, `::date[]`...) with batch_cursor:
    psycopg's own list dumping handles each element in Python, which for a
    purge batch of a thousand ids cost more than the statement. For values
    that may need quoting (names), use text_array.
    """
    return "{" + ",".join("NULL" if v is None else str(v) for v in values) + "}"


def text_array(values) -> str:
    """Any values as array text, each element quoted (see array_literal): for `%s::varchar[]`."""

    def quoted(value) -> str:
        if value is None:
            return "NULL"
        return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'

    return "{" + ",".join(map(quoted, values)) + "}"


def delete_in(model, field: str, values) -> None:
    """Delete the rows of `model` whose `field` is among `values`: one statement, one array."""
    values = list(values)
    if not values:
        return
    column = model._meta.get_field(field)
    quote = connection.ops.quote_name
    with batch_cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {quote(model._meta.db_table)} WHERE {quote(column.column)} "
            f"= ANY(%s::{column.db_type(connection)}[])",
            [array_literal(values)],
        )
