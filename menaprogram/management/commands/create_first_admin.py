"""Create the first administrator on a new installation, and only then."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from menaprogram.roles import ADMINISTRATOR


class Command(BaseCommand):
    help = (
        "Create the user `admin` in the role «Адміністратор» if there is no superuser yet; "
        "the password is ADMIN_PASSWORD or a generated one, printed once."
    )

    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            return
        password = os.environ.get("ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        user = User.objects.create_superuser("admin", password=password)
        user.groups.add(Group.objects.get(name=ADMINISTRATOR))
        if os.environ.get("ADMIN_PASSWORD"):
            self.stdout.write(self.style.SUCCESS("Created administrator `admin` (ADMIN_PASSWORD)."))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created administrator `admin` with password {password} "
                    "(shown once: write it down or change it in the admin)."
                )
            )
