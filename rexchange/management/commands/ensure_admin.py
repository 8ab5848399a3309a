"""Make sure a local admin account exists (development only)."""

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create the local 'admin' superuser once, printing its generated password."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError("ensure_admin is for local development (DEBUG) only.")
        user_model = get_user_model()
        if user_model.objects.filter(username=username).exists():
            self.stdout.write(f"Admin account '{username}' already exists; unchanged.")
            return
        password = secrets.token_urlsafe(12)
        port = os.environ.get("PORT", "8000")
        user_model.objects.create_superuser(
            username=username, email=f"{username}@example.com", password=password
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Created admin account for http://127.0.0.1:{port}/admin/\n"
                f"  login:    {username}\n  password: {password}\n"
                "This password is shown only once."
            )
        )
