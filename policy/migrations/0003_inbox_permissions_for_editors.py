"""Formerly granted the reporting inbox to Wagtail's Editors and Moderators groups.

Superseded: the newsroom's role table (`rexchange.newsroom.roles`) is the one place
permissions are defined, and `rexchange` migration 0004 brings databases that ran the
old grant in line with it. Kept, doing nothing, so the migration graph stays the same.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("policy", "0002_licence_event_fact_index"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = []
