"""Create a person with a role from a script: `manage.py create_user olena --role editor`."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from menaprogram import users
from menaprogram.roles import ROLE_KEYS


class Command(BaseCommand):
    help = (
        "Create a user with a role (editor = «Редактор», controller = «Контроль», admin = "
        "«Адміністратор»); the password is --password or a generated one, printed once. "
        "Administrators may use the admin; the other roles work on the site's pages."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="the name to sign in with")
        parser.add_argument(
            "--role", required=True, choices=sorted(ROLE_KEYS), help="the person's role"
        )
        parser.add_argument("--email", default="", help="e-mail address (optional)")
        parser.add_argument(
            "--password",
            default=None,
            help="the password; without it one is generated and printed once",
        )

    def handle(self, *args, username, role, email, password, **options):
        if get_user_model().objects.filter(username=username).exists():
            raise CommandError(f"A user named {username!r} already exists.")
        try:
            user, password_used = users.create_user(
                username=username, role=ROLE_KEYS[role], email=email, password=password
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if password:
            self.stdout.write(
                self.style.SUCCESS(f"Created {user.username} in the role «{ROLE_KEYS[role]}».")
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created {user.username} in the role «{ROLE_KEYS[role]}» with password "
                    f"{password_used} (shown once: write it down)."
                )
            )
