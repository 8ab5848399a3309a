"""Local development: debug on, a throwaway secret key, localhost only."""

from .base import *  # noqa: F403
from .base import env

DEBUG = True
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-change-me")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
WHITENOISE_USE_FINDERS = True
# Absolute URLs name the host and port that served the request (`PORT=8322 make run`).
ABSOLUTE_URLS_FOLLOW_REQUEST = env.bool("ABSOLUTE_URLS_FOLLOW_REQUEST", default=True)
