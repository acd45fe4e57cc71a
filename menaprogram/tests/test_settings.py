"""Production settings: a real secret is required and the deploy check is clean."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "False",
    "SECRET_KEY": "Vx3-production-like-secret-key-with-enough-length-and-variety-9f8e7d6c",
    "ALLOWED_HOSTS": "program.menarada.gov.ua",
    "DATABASE_URL": "postgres://127.0.0.1:5432/menaprogram",
}


def manage(*args, **env):
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE is no part of a production environment.
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = dict(PRODUCTION, SECRET_KEY="")
    result = manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_the_development_key():
    env = dict(PRODUCTION, SECRET_KEY="django-insecure-development-only-key")
    result = manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_the_interface_speaks_ukrainian_first_in_kyiv_time():
    assert settings.LANGUAGE_CODE == "uk"
    assert [code for code, _ in settings.LANGUAGES] == ["uk", "en"]
    assert settings.TIME_ZONE == "Europe/Kyiv"
    assert settings.USE_TZ


def test_mail_goes_to_the_console_unless_an_smtp_server_is_set():
    code = "from django.conf import settings; print(settings.EMAIL_BACKEND)"
    console = manage("shell", "-c", code, EMAIL_HOST="")
    smtp = manage("shell", "-c", code, EMAIL_HOST="smtp.mena-rada.gov.ua")
    assert console.stdout.strip().splitlines()[-1].endswith("console.EmailBackend"), console.stderr
    assert smtp.stdout.strip().splitlines()[-1].endswith("smtp.EmailBackend"), smtp.stderr
