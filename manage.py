#!/usr/bin/env python
"""Django's command-line utility for menaprogram."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "menaprogram.settings")
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError

    try:
        execute_from_command_line(sys.argv)
    except OperationalError as error:
        reason = str(error).strip().splitlines()[0]
        if "connection" not in reason and "connect" not in reason:
            raise
        # One clear line instead of a traceback: the usual cause is a stopped server.
        sys.exit(
            f"PostgreSQL cannot be reached ({reason}). Start it "
            "(pg_ctlcluster 15 main start) or point DATABASE_URL in .env at a running server."
        )


if __name__ == "__main__":
    main()
