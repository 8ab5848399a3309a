"""ASGI entry point."""

from django.core.asgi import get_asgi_application

from rexchange.settings_module import settings_module_choose

settings_module_choose()  # the one rule: see rexchange/settings_module.py

application = get_asgi_application()
