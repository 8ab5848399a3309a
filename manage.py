#!/usr/bin/env python
"""Django's command-line utility. Settings are picked as every entry point picks
them (rexchange/settings_module.py): DJANGO_SETTINGS_MODULE, else .env, else
production; `make` targets pass development settings."""

import sys

if __name__ == "__main__":
    from rexchange.settings_module import settings_module_choose

    settings_module_choose()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
