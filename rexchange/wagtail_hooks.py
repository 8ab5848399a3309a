"""Admin hooks for the whole publication."""

from wagtail import hooks

from .services import newsroom_permissions_ensure

# Page types whose subtrees the newsroom groups' permissions hang on.
_ROLE_ANCHORS = {"articleindexpage", "policytrackerpage"}


@hooks.register("after_create_page")
def grant_newsroom_permissions(request, page):
    """A new analysis index or policy tracker gets the groups' permissions at once."""
    if page.specific_class._meta.model_name in _ROLE_ANCHORS:
        newsroom_permissions_ensure()
