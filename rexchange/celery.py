"""The Celery application: configuration comes from Django settings (CELERY_*)."""

from celery import Celery

from .settings_module import settings_module_choose

settings_module_choose()  # the one rule: see rexchange/settings_module.py

app = Celery("rexchange")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Apps register tasks kept in subpackages when Django is ready (AppConfig.ready).
app.autodiscover_tasks()
