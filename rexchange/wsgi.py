"""WSGI entry point for gunicorn."""

from django.core.wsgi import get_wsgi_application

from rexchange.settings_module import settings_module_choose

settings_module_choose()  # the one rule: see rexchange/settings_module.py

application = get_wsgi_application()
