"""The Celery application: configuration comes from Django settings (CELERY_*)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rexchange.settings.dev")

app = Celery("rexchange")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Apps register tasks kept in subpackages when Django is ready (AppConfig.ready).
app.autodiscover_tasks()
