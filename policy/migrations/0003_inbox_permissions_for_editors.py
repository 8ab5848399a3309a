"""Give Wagtail's Editors and Moderators groups the reporting inbox.

Editors triage and annotate reports and look after sources; without these
permissions the inbox would be visible to superusers only.
"""

from django.db import migrations

GRANTS = {
    "report": ("view", "change"),
    "annotation": ("view", "add", "change", "delete"),
    "source": ("view", "add", "change"),
}
GROUPS = ("Editors", "Moderators")


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; make sure ours exist.
    # The historical app config has no models module, which create_permissions
    # takes to mean "no models": say there is one for the duration of the call.
    app_config = apps.get_app_config("policy")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [
        f"{action}_{model}" for model, actions in GRANTS.items() for action in actions
    ]
    permissions = list(
        Permission.objects.filter(
            content_type__app_label="policy", codename__in=codenames
        )
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [
        f"{action}_{model}" for model, actions in GRANTS.items() for action in actions
    ]
    permissions = Permission.objects.filter(
        content_type__app_label="policy", codename__in=codenames
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("policy", "0002_licence_event_fact_index"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
