"""With DEBUG off the app refuses the public default SECRET_KEY, and production needs an anchor key of its own."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings

from tests.test_deployment import production_env


def _run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def _without(env: dict, *names: str) -> dict:
    return {k: v for k, v in env.items() if k not in names}


def test_manage_py_refuses_the_default_secret_key_with_debug_off(tmp_path):
    result = _run(["manage.py", "check"], _without(production_env(tmp_path), "SECRET_KEY"))
    assert result.returncode != 0
    assert "accounts.E001" in result.stderr and "SECRET_KEY" in result.stderr


def test_the_web_server_refuses_the_default_secret_key_with_debug_off(tmp_path):
    env = _without(production_env(tmp_path), "SECRET_KEY")
    result = _run(["-c", "import recordings_admin.wsgi"], env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SECRET_KEY" in result.stderr


def test_a_celery_worker_refuses_the_default_secret_key_with_debug_off(tmp_path):
    env = {**_without(production_env(tmp_path), "SECRET_KEY"), "CELERY_BROKER_URL": "memory://"}
    result = _run(["-m", "celery", "-A", "recordings_admin", "worker", "--pool=solo", "--loglevel=WARNING"], env)
    assert result.returncode != 0
    assert "SECRET_KEY is the public development default" in result.stderr + result.stdout


def test_the_demo_with_debug_on_starts_with_the_default_key(tmp_path):
    env = {**_without(production_env(tmp_path), "SECRET_KEY"), "DEBUG": "true"}
    assert _run(["manage.py", "check"], env).returncode == 0
    assert _run(["-c", "import recordings_admin.wsgi"], env).returncode == 0


def test_check_deploy_demands_an_anchor_key_apart_from_secret_key(tmp_path):
    env = _without(production_env(tmp_path), "AUDIT_ANCHOR_KEY")
    result = _run(["manage.py", "check", "--deploy"], env)
    assert result.returncode != 0 and "audit.E001" in result.stderr
    env["AUDIT_ANCHOR_KEY"] = env["SECRET_KEY"]
    result = _run(["manage.py", "check", "--deploy"], env)
    assert result.returncode != 0 and "audit.E001" in result.stderr


def test_check_deploy_refuses_an_anchor_folder_on_this_machine(tmp_path):
    """Whoever controls the machine can delete a folder's anchors; production keeps them in a locked bucket."""
    env = {**production_env(tmp_path), "AUDIT_ANCHOR_URL": f"file://{tmp_path}/anchors"}
    result = _run(["manage.py", "check", "--deploy"], env)
    assert result.returncode != 0 and "audit.E003" in result.stderr + result.stdout


def test_an_anchor_folder_admitted_by_its_setting_is_only_a_warning(tmp_path):
    env = {
        **production_env(tmp_path),
        "AUDIT_ANCHOR_URL": f"file://{tmp_path}/anchors",
        "AUDIT_ANCHOR_ALLOW_FOLDER": "true",
    }
    assert _run(["manage.py", "check", "--deploy"], env).returncode == 0
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode != 0 and "audit.W001" in result.stderr + result.stdout


def test_an_unknown_anchor_store_is_refused_by_name(tmp_path):
    env = {**production_env(tmp_path), "AUDIT_ANCHOR_URL": "ftp://anchors.example.fi/x"}
    result = _run(["manage.py", "check"], env)
    assert result.returncode != 0 and "audit.E002" in result.stderr and "ftp" in result.stderr


def test_the_test_run_itself_uses_a_key_of_its_own():
    assert not settings.SECRET_KEY.startswith("django-insecure")
    assert os.environ.get("SECRET_KEY") == settings.SECRET_KEY
