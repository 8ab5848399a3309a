"""Editors moderate readers' comments and see digest subscribers (the role table in
rexchange/newsroom/roles.py says so; this grants it on existing databases).
Self-contained: the codenames are copied here, not imported."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS_ADD = (
    "view_comment",
    "change_comment",
    "add_approvedcommenter",
    "view_approvedcommenter",
    "delete_approvedcommenter",
    "add_pagecomments",
    "change_pagecomments",
    "view_pagecomments",
    "delete_pagecomments",
    "view_subscriber",
)


def _readers_permissions(apps, codenames):
    app_config = apps.get_app_config("readers")
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
            content_type__app_label="readers", codename__in=codenames
        )
    )


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="Editors"):
        group.permissions.add(*_readers_permissions(apps, EDITORS_ADD))


class Migration(migrations.Migration):
    dependencies = [
        ("readers", "0001_comments_and_digest"),
        ("rexchange", "0004_role_table_is_the_only_grant"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
