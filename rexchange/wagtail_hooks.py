"""Admin hooks for the whole publication: the API keys screen and the newsroom
groups' page permissions."""

from wagtail import hooks
from wagtail.permissions import page_permission_policy

from .api.admin import ApiKeyViewSet
from .newsroom.panels import SchedulerPanel
from .newsroom.services import newsroom_permissions_ensure


@hooks.register("register_admin_viewset")
def register_api_key_viewset():
    return ApiKeyViewSet("api_keys")


# Page types whose subtrees the newsroom groups' permissions hang on.
_ROLE_ANCHORS = {"articleindexpage", "policytrackerpage"}


@hooks.register("after_create_page")
def grant_newsroom_permissions(request, page):
    """A new analysis index or policy tracker gets the groups' permissions at once."""
    if page.specific_class._meta.model_name in _ROLE_ANCHORS:
        newsroom_permissions_ensure()


@hooks.register("construct_homepage_panels")
def add_scheduler_panel(request, panels):
    """Publishers learn on the dashboard when nothing acts on go-live dates."""
    if page_permission_policy.user_has_permission(request.user, "publish"):
        panels.append(SchedulerPanel())
