"""Admin hooks for the whole publication: the API keys screen and the newsroom
groups' page permissions."""

from wagtail import hooks

from .api.admin import ApiKeyViewSet
from .newsroom.services import newsroom_permissions_ensure
from .webhooks.admin import WebhookDeliveryViewSet, WebhookSubscriptionViewSet


@hooks.register("register_admin_viewset")
def register_api_key_viewset():
    return ApiKeyViewSet("api_keys")


@hooks.register("register_admin_viewset")
def register_webhook_viewsets():
    return [
        WebhookSubscriptionViewSet("webhooks"),
        WebhookDeliveryViewSet("webhook_deliveries"),
    ]


# Page types whose subtrees the newsroom groups' permissions hang on.
_ROLE_ANCHORS = {"articleindexpage", "policytrackerpage"}


@hooks.register("after_create_page")
def grant_newsroom_permissions(request, page):
    """A new analysis index or policy tracker gets the groups' permissions at once."""
    if page.specific_class._meta.model_name in _ROLE_ANCHORS:
        newsroom_permissions_ensure()
