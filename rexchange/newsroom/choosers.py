"""What the admin's page chooser offers each role.

Wagtail's page chooser lists every page, drafts included, to anyone in the admin. A
writer choosing an event to cite would read the titles of events analysts have not
published yet. Here a user sees the pages readers see, plus the pages the role table
lets them work on (add, change or publish); superusers see everything.
"""

from __future__ import annotations

from django.db.models import Q
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.query import PageQuerySet

from rexchange.publication.visibility import hidden_sections

WORK = ["add", "change", "publish"]


def page_chooser_queryset(*, pages: PageQuerySet, user) -> PageQuerySet:
    """The pages of `pages` this user may see in a chooser."""
    if user.is_superuser:
        return pages
    workable = PagePermissionPolicy().instances_user_has_any_permission_for(user, WORK)
    readable = Page.objects.live().exclude(hidden_sections())
    return pages.filter(
        Q(pk__in=readable.values("pk")) | Q(pk__in=workable.values("pk"))
    )
