"""Writes for the newsroom: role permissions on pages, scheduled publishing."""

from __future__ import annotations

import io

from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import transaction

from .roles import roles_pages_apply
from .scheduler import scheduler_heartbeat_record


@transaction.atomic
def newsroom_permissions_ensure() -> None:
    """Give the newsroom groups their permissions on the pages that exist now."""
    roles_pages_apply(apps=django_apps)


def scheduled_publishing_run() -> str:
    """Publish revisions whose go-live time has passed and unpublish expired pages.

    Wagtail's `publish_scheduled` command holds the logic; we run it rather than
    copy it, and return what it printed.
    """
    out = io.StringIO()
    call_command("publish_scheduled", stdout=out)
    scheduler_heartbeat_record()
    return out.getvalue()
