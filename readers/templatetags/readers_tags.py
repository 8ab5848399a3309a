"""Comments on article and event pages: the count under the title, the thread and
form below. Both tags share one read per page and request."""

from __future__ import annotations

from django import template
from django.urls import reverse

from ..forms import CommentForm
from ..selectors import comment_state_and_thread
from ..text import comment_text_html

register = template.Library()


def _comments(context, page) -> dict:
    request = context.get("request")
    store = getattr(request, "_reader_comments", None) if request else None
    if store is None:
        store = {}
        if request is not None:
            request._reader_comments = store
    if page.pk not in store:
        state, thread = comment_state_and_thread(page=page)
        store[page.pk] = {
            "page": page,
            "state": state,
            "comments": [(c, comment_text_html(c.body)) for c in thread],
            "count": len(thread),
        }
    return store[page.pk]


@register.inclusion_tag("readers/comment_count.html", takes_context=True)
def comment_count(context, page):
    """'3 Comments', linking to the thread, where the page shows one."""
    return _comments(context, page)


@register.inclusion_tag("readers/comment_thread.html", takes_context=True)
def comment_thread_block(context, page):
    """The approved comments, oldest first, and the form when comments are open."""
    data = dict(_comments(context, page))
    request = context.get("request")
    data["notice"] = request.GET.get("comment", "") if request else ""
    data["form"] = CommentForm()
    # A preview of a page never saved has no id to post to, and no thread yet.
    data["post_url"] = (
        reverse("readers:comment_post", args=[page.pk]) if page.pk else ""
    )
    return data
