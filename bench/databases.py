"""Where the benchmarks keep their data: a database of their own on the server of
DATABASE_URL (from the environment, else the project's .env), never the working one."""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://127.0.0.1:5432/menaprogram"


def bench_database_url(suffix):
    """DATABASE_URL with the database renamed `menaprogram_bench<suffix>`."""
    if (ROOT / ".env").exists():
        environ.Env.read_env(ROOT / ".env")  # fills only what the environment lacks
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    return urlunsplit(urlsplit(url)._replace(path=f"/menaprogram_bench{suffix}"))
