"""A real OpenID Connect provider for the tests: django-oidc-provider in its own process, on its own database.

The provider runs `tests.oidc_provider.settings` under runserver on a free loopback port, with a PostgreSQL
database of its own on the tests' server (made at start, dropped at stop). Its signing key is made here, so a
test can also sign what a provider would send (a back-channel logout token).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import jwt
import psycopg
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.seaweedfs import free_port

ROOT = Path(__file__).resolve().parent.parent
CLIENT_ID = "puhelutallenteet"
CLIENT_SECRET = "test-client-secret-" + uuid.uuid4().hex
PASSWORD = "provider password"


class IdentityProvider:
    def __init__(self, database_url: str):
        parts = urlsplit(database_url)
        self.db_name = f"{parts.path.lstrip('/')}_idp_{uuid.uuid4().hex[:8]}"
        self.admin_url = urlunsplit(parts._replace(path="/postgres"))
        self.database_url = urlunsplit(parts._replace(path=f"/{self.db_name}"))
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = ""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def issuer(self) -> str:
        return f"{self.url}/openid"

    def _env(self) -> dict:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
            "IDP_DATABASE_URL": self.database_url,
            "IDP_SITE_URL": self.url,
            "PYTHONPATH": str(ROOT),
        }

    def control(self, command: str, **arguments) -> None:
        subprocess.run(
            [sys.executable, "-m", "tests.oidc_provider.control", command, json.dumps(arguments)],
            cwd=ROOT,
            env=self._env(),
            check=True,
            timeout=60,
        )

    def start(self, timeout: float = 60) -> IdentityProvider:
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.db_name}"')
        subprocess.run(
            [sys.executable, "-m", "django", "migrate", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=self._env(),
            check=True,
            timeout=180,
        )
        pem = self.private_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode()
        self.control("key", pem=pem)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{self.port}", "--noreload", "--skip-checks"],
            cwd=ROOT,
            env=self._env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while True:
            try:
                jwks = requests.get(f"{self.issuer}/jwks", timeout=2).json()
                self.kid = jwks["keys"][0]["kid"]
                return self
            except (requests.RequestException, ValueError, KeyError, IndexError):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("the test identity provider did not start") from None
                time.sleep(0.2)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')

    def register_client(self, *app_urls: str) -> None:
        uris = [f"{url.rstrip('/')}/oidc/callback/" for url in app_urls]
        self.control("client", client_id=CLIENT_ID, secret=CLIENT_SECRET, redirect_uris=uris)

    def add_user(self, username: str, groups: list[str]) -> None:
        self.control("user", username=username, password=PASSWORD, groups=groups)

    def set_groups(self, username: str, groups: list[str]) -> None:
        self.control("groups", username=username, groups=groups)

    def sign(self, claims: dict, key=None) -> str:
        """A JWT signed with the provider's key (or `key`), as the provider would send one."""
        return jwt.encode(claims, key or self.private_key, algorithm="RS256", headers={"kid": self.kid})

    def settings_for_app(self) -> dict:
        return {
            "OIDC_ISSUER": self.issuer,
            "OIDC_CLIENT_ID": CLIENT_ID,
            "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        }

    def sign_in(self, session: requests.Session, authorize_url: str, username: str) -> str:
        """A person signing in at the provider: returns the URL the provider sends the browser back to."""
        response = session.get(authorize_url, allow_redirects=False, timeout=10)
        if response.status_code == 302 and "/accounts/login/" in response.headers["Location"]:
            login_url = requests.compat.urljoin(self.url, response.headers["Location"])
            page = session.get(login_url, timeout=10)
            token = page.text.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
            response = session.post(
                login_url,
                data={"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
                allow_redirects=False,
                timeout=10,
            )
            response = session.get(
                requests.compat.urljoin(self.url, response.headers["Location"]), timeout=10, allow_redirects=False
            )
        assert response.status_code == 302, response.status_code
        return response.headers["Location"]
