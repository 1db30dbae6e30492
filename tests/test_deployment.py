"""Production settings pass `check --deploy`, and real responses carry the security headers."""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
import sys

from django.conf import settings


def production_env(tmp_path) -> dict:
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "AUDIT_ANCHOR_KEY": secrets.token_urlsafe(50),
        "CALL_ID_DIGEST_KEY": secrets.token_urlsafe(50),
        "AUDIT_ANCHOR_URL": "s3://audit-anchors/tallenteet/",
        "HTTPS": "true",
        "ALLOWED_HOSTS": "tallenteet.example.fi",
        "RECORDINGS_KEYS": "k1:" + base64.b64encode(os.urandom(32)).decode(),
        "DATA_DIR": str(tmp_path),
    }


def _check_deploy(env: dict) -> subprocess.CompletedProcess:
    """`manage.py check --deploy` failing on warnings too, in a process with `env`."""
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = _check_deploy(production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_complains_about_the_embedded_defaults(tmp_path):
    env = {**production_env(tmp_path), "HTTPS": "false", "RECORDINGS_KEYS": ""}
    env.pop("SECRET_KEY")
    result = _check_deploy(env)
    assert result.returncode != 0
    for check_id in ("security.W009", "security.W004", "vault.W001"):
        assert check_id in result.stderr + result.stdout


def test_a_malformed_key_ring_stops_start_up_with_a_clear_message(tmp_path):
    env = {**production_env(tmp_path), "RECORDINGS_KEYS": "k1:not-a-key"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "vault.E001" in result.stderr and "not valid base64" in result.stderr


def test_pages_carry_security_headers(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_templates_have_no_inline_script_or_style():
    root = settings.BASE_DIR / "templates"
    for path in root.rglob("*.html"):
        text = path.read_text()
        assert "<script>" not in text and '<script type="text/javascript">' not in text, path
        assert ' style="' not in text and "<style" not in text, path
        assert "onclick=" not in text and "onload=" not in text, path


def test_check_deploy_warns_while_deleted_calls_ids_are_kept_under_secret_key(tmp_path):
    """Rotating SECRET_KEY after a leak must not let deleted calls be stored again: their digests need a key of
    their own."""
    env = production_env(tmp_path)
    env.pop("CALL_ID_DIGEST_KEY")
    result = _check_deploy(env)
    assert result.returncode != 0 and "recordings.W001" in result.stderr + result.stdout
