"""Editors manage webhook subscriptions and the delivery log (the role table in
rexchange/newsroom/roles.py says so since this migration; before it, only superusers
could). Self-contained: the codenames are copied here, not imported."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS_ADD = (
    "add_webhooksubscription",
    "change_webhooksubscription",
    "view_webhooksubscription",
    "delete_webhooksubscription",
    "view_webhookdelivery",
    "change_webhookdelivery",
)


def _permissions(apps):
    app_config = apps.get_app_config("rexchange")
    # Historical app configs have no models module, which create_permissions takes
    # to mean "nothing to do"; say there is one for the duration of the call.
    had_module = getattr(app_config, "models_module", None)
    app_config.models_module = True
    try:
        create_permissions(app_config, verbosity=0, apps=apps)
    finally:
        app_config.models_module = had_module
    Permission = apps.get_model("auth", "Permission")
    return list(
        Permission.objects.filter(
            content_type__app_label="rexchange", codename__in=EDITORS_ADD
        )
    )


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="Editors"):
        group.permissions.add(*_permissions(apps))


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="Editors"):
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [("rexchange", "0007_change_feed_lists_comments")]

    operations = [migrations.RunPython(forwards, backwards)]
