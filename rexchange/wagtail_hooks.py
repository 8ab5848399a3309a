"""Admin hooks for the whole publication: the API keys screen and the newsroom
groups' page permissions."""

from wagtail import hooks
from wagtail.permissions import page_permission_policy

from .api.admin import ApiKeyViewSet
from .cache import keys as surrogate_keys
from .newsroom.choosers import page_chooser_queryset
from .newsroom.panels import SchedulerPanel
from .newsroom.services import newsroom_permissions_ensure
from .newsroom.slugs import slug_change_message
from .publication.visibility import page_serve_guard
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


@hooks.register("before_serve_page")
def refuse_pages_in_unpublished_sections(page, request, serve_args, serve_kwargs):
    """A live page under an unpublished parent answers 404, as its parent does."""
    page_serve_guard(page, request=request)


@hooks.register("construct_page_chooser_queryset")
def offer_only_readable_or_workable_pages(pages, request):
    """Choosers never show a role the titles of drafts it may not work on."""
    return page_chooser_queryset(pages=pages, user=request.user)


@hooks.register("before_serve_page")
def tag_served_page(page, request, serve_args, serve_kwargs):
    """Tag a served page with the lists it shows, so new content reaches it."""
    surrogate_keys.add(*surrogate_keys.served_page_list_keys(page))


@hooks.register("construct_homepage_panels")
def add_scheduler_panel(request, panels):
    """Publishers learn on the dashboard when nothing acts on go-live dates."""
    if page_permission_policy.user_has_permission(request.user, "publish"):
        panels.append(SchedulerPanel())


@hooks.register("after_create_page")
def say_when_a_new_page_moved_past_a_draft(request, page):
    """A new page that took the next free address says which draft held its own."""
    slug_change_message(request=request, page=page)
