"""Create the PostgreSQL database named in the settings if it does not exist yet."""

import psycopg
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.db.utils import OperationalError
from psycopg import sql


class Command(BaseCommand):
    help = "Create the configured PostgreSQL database if it is missing (used by `make run`)."

    def handle(self, *args, **options):
        connection = connections["default"]
        try:
            connection.ensure_connection()
            self.stdout.write(f"Database {connection.settings_dict['NAME']} is ready.")
            return
        except OperationalError as error:
            if "does not exist" not in str(error):
                raise
        params = connection.get_connection_params()
        name = params.pop("dbname")
        params.pop("cursor_factory", None)
        params.pop("context", None)
        try:
            with psycopg.connect(dbname="postgres", autocommit=True, **params) as server:
                server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        except psycopg.Error as error:
            raise CommandError(f"Could not create the database {name}: {error}".strip()) from None
        self.stdout.write(self.style.SUCCESS(f"Created database {name}."))
