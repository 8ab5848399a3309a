"""Where Django finds the rexchange app's models.

Each model is defined beside the code that uses it — the publication settings in
`rexchange.publication`, API keys in `rexchange.api.keys` — and imported here only so
the app registry sees them. Import them from their own modules.
"""

from rexchange.api.changes import Change
from rexchange.api.keys import ApiKey
from rexchange.publication.models import PublicationSettings
from rexchange.webhooks.models import WebhookDelivery, WebhookSubscription

__all__ = [
    "ApiKey",
    "Change",
    "PublicationSettings",
    "WebhookDelivery",
    "WebhookSubscription",
]
