"""Bring group permissions in line with the role table.

Editors keep what policy migration 0003 used to grant them (they add and edit sources
and delete annotations), now written in the role table; Wagtail's Moderators group,
which the role table does not mention, loses the reporting inbox that migration gave
it. Self-contained: the codenames are copied here, not imported.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS_ADD = ("add_source", "change_source", "delete_annotation")
MODERATORS_REMOVE = (
    "view_report",
    "change_report",
    "view_annotation",
    "add_annotation",
    "change_annotation",
    "delete_annotation",
    "view_source",
    "add_source",
    "change_source",
)


def _policy_permissions(apps, codenames):
    app_config = apps.get_app_config("policy")
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
            content_type__app_label="policy", codename__in=codenames
        )
    )


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="Editors"):
        group.permissions.add(*_policy_permissions(apps, EDITORS_ADD))
    for group in Group.objects.filter(name="Moderators"):
        group.permissions.remove(*_policy_permissions(apps, MODERATORS_REMOVE))


class Migration(migrations.Migration):
    dependencies = [
        ("rexchange", "0003_newsroom_groups"),
        ("policy", "0003_inbox_permissions_for_editors"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
