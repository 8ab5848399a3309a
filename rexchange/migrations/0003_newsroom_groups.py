"""Writers, Editors and Policy analysts, with their permissions and the review workflow.

Pages that do not exist yet (a fresh install has no analysis index or policy tracker)
get their permissions from `newsroom_permissions_ensure()`, which runs after every
migrate, from load_demo and when such a page is created in the admin.
"""

from django.db import migrations


def apply_roles(apps, schema_editor):
    from rexchange.roles import roles_pages_apply

    roles_pages_apply(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("rexchange", "0002_api_key"),
        ("articles", "0002_initial"),
        ("policy", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(apply_roles, migrations.RunPython.noop)]
