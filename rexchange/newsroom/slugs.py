"""New pages never trip over drafts nobody finished.

Wagtail's create view saves a draft page as soon as a writer types (autosave), so a
writer who gives up on a new article leaves a never-published draft holding its
slug, and retyping the same title later fails with "slug already in use". A new page
whose slug only such drafts hold takes the next free one (`-2`, `-3`, ...) and says
so; a slug held by a page that has ever been published is still refused, as Wagtail
does.
"""

from __future__ import annotations

from django.contrib import messages
from django.utils.html import format_html

SLUG_MAX_LENGTH = 255


def slug_next_free(*, slug: str, siblings) -> str:
    """`slug` with the lowest `-<n>` suffix (n ≥ 2) no sibling uses."""
    taken = set(siblings.filter(slug__startswith=slug).values_list("slug", flat=True))
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = slug[: SLUG_MAX_LENGTH - len(suffix)] + suffix
        if candidate not in taken:
            return candidate
        n += 1


class FreshSlugFormMixin:
    """For `WagtailAdminPageForm`s: a new page whose slug is held only by
    never-published drafts under the same parent gets the next free slug."""

    def clean(self):
        slug = self.cleaned_data.get("slug")
        self.slug_held_by = None
        parent = getattr(self, "parent_page", None)
        if slug and self.instance.pk is None and parent is not None:
            holders = parent.get_children().filter(slug=slug)
            held = list(holders.values("slug", "title", "live", "first_published_at"))
            if held and all(
                not h["live"] and h["first_published_at"] is None for h in held
            ):
                self.slug_held_by = held[0]
                # Read by the after_create_page hook, which sees the page only.
                self.instance._slug_held_by = held[0]
                self.cleaned_data["slug"] = slug_next_free(
                    slug=slug, siblings=parent.get_children()
                )
        return super().clean()

    def get_field_updates_for_resave(self):
        # An autosaved page keeps the slug it was given, not the one the still-open
        # editor shows, or its next save would clash again.
        updates = list(super().get_field_updates_for_resave())
        if getattr(self, "slug_held_by", None):
            updates.append(("slug", self.cleaned_data["slug"]))
        return updates


def slug_change_message(*, request, page) -> None:
    """Tell the writer their new page's address moved past an unfinished draft."""
    held = getattr(page, "_slug_held_by", None)
    if held is None:
        return
    messages.info(
        request,
        format_html(
            "The address “{}” is held by “{}”, a draft that was never published, so "
            "this page is at “{}”. Delete that draft to free the address.",
            held["slug"],
            held["title"],
            page.slug,
        ),
    )
