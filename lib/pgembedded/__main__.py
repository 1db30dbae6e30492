"""`python -m lib.pgembedded start [--port N]|release|stop|status`: the embedded server of these settings.

scripts/run keeps the server with `start` (owner "run") and hands it back with
`release` when it stops. scripts/test starts a scratch cluster with `--port`
(it then listens on 127.0.0.1 too, so one DATABASE_URL serves the test run and
the servers it starts) and stops it with `stop`.
"""

from __future__ import annotations

import os
import sys

import django


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recordings_admin.settings")
    django.setup()
    from django.conf import settings

    from lib.pgembedded import PORT, Cluster, EmbeddedServerError

    command = argv[0] if argv else "status"
    port = int(argv[argv.index("--port") + 1]) if "--port" in argv else PORT
    cluster = Cluster(settings.EMBEDDED_POSTGRES_DIR, port=port)
    try:
        if command == "start":
            started = cluster.start(owner="run")
            print(f"embedded PostgreSQL {'started' if started else 'already running'} in {cluster.data}")
        elif command == "release":
            stopped = cluster.release()
            print(f"embedded PostgreSQL {'stopped' if stopped else 'left to the processes still using it'}")
        elif command == "stop":
            cluster.stop()
            print("embedded PostgreSQL stopped")
        elif command == "status":
            print("running" if cluster.running() else "stopped")
            return 0 if cluster.running() else 3
        else:
            print(__doc__, file=sys.stderr)
            return 2
    except EmbeddedServerError as error:
        print(f"embedded PostgreSQL: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
