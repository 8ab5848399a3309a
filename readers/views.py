"""Reader-facing views: posting a comment, subscribing, confirming, unsubscribing.

None of these may be cached: every response says `private, no-store`. Article pages
stay cacheable because the comment form on them carries no CSRF token (which would
set a cookie and vary per reader). It posts here first for a preview; the preview,
served from this uncached URL, carries the token, and posting from it is checked
against CSRF as usual.
"""

from __future__ import annotations

from django.http import Http404, HttpResponseNotAllowed
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from rexchange.security.logins import client_ip

from .forms import CommentForm, SubscribeForm
from .selectors import comment_page_for_posting
from .services.comments import CommentRefused, comment_submit
from .services.subscriptions import (
    SubscriptionRefused,
    confirmation_token_state,
    subscriber_from_unsubscribe_token,
    subscriber_unsubscribe,
    subscription_confirm,
    subscription_request,
)
from .text import comment_text_html


def _csrf_refusal(request):
    """Django's own CSRF check, run by hand for the second step only."""
    return CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})


@never_cache
@csrf_exempt  # the first step only previews; the second is checked below
def comment_post(request, page_id: int):
    """Preview a comment (first POST), then post it (second POST, with CSRF) and
    go back to the page."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    page = comment_page_for_posting(page_id=page_id)
    if page is None:
        raise Http404("This page does not take comments.")
    form = CommentForm(request.POST)
    if form.is_robot:
        return redirect(page.url + "?comment=waiting#comments")
    context = {"page": page, "form": form}
    if not form.is_valid():
        return render(request, "readers/comment_form.html", context, status=400)
    if request.POST.get("step") != "post":
        context["preview"] = comment_text_html(form.cleaned_data["body"])
        return render(request, "readers/comment_form.html", context)
    refusal = _csrf_refusal(request)
    if refusal is not None:
        return refusal
    try:
        comment = comment_submit(
            page=page,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            body=form.cleaned_data["body"],
            ip_address=client_ip(request),
        )
    except CommentRefused as exc:
        form.add_error(None, exc)
        return render(request, "readers/comment_form.html", context, status=429)
    if comment.status == comment.Status.APPROVED:
        return redirect(page.url + f"?comment=posted#comment-{comment.pk}")
    return redirect(page.url + "?comment=waiting#comments")


@never_cache
@csrf_protect
def digest_subscribe(request):
    """Ask for the digest: a confirmation link goes to the address given."""
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if request.POST.get("website", "").strip():
            return render(request, "readers/digest_check_inbox.html")
        data = form.cleaned_data
        try:
            subscription_request(
                email=data["email"],
                topic_ids=[t.pk for t in data["topics"]],
                material_ids=[m.pk for m in data["materials"]],
                weekly_digest=data["weekly_digest"],
                event_alerts=data["event_alerts"],
                ip_address=client_ip(request),
            )
        except SubscriptionRefused as exc:
            form.add_error(None, exc)
            return render(
                request, "readers/digest_subscribe.html", {"form": form}, status=429
            )
        return render(request, "readers/digest_check_inbox.html")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "readers/digest_subscribe.html", {"form": form}, status=status
    )


@never_cache
@csrf_exempt  # the signed token is the proof; there is no session to forge
def digest_confirm(request, token: str):
    """A confirmation link: a button to confirm (link scanners only GET), or a clear
    page when the link has expired or was altered."""
    state = confirmation_token_state(token=token)
    if state == "invalid":
        return render(request, "readers/digest_link_invalid.html", status=400)
    if state == "expired":
        return render(request, "readers/digest_link_expired.html", status=410)
    if request.method == "POST":
        subscriber = subscription_confirm(token=token)
        return render(
            request, "readers/digest_confirmed.html", {"subscriber": subscriber}
        )
    return render(request, "readers/digest_confirm.html")


@never_cache
@csrf_exempt  # RFC 8058: mail clients POST here with no session; the token is proof
def digest_unsubscribe(request, token: str):
    """Unsubscribe: one POST (the mail client's one-click, or the button here)."""
    subscriber = subscriber_from_unsubscribe_token(token=token)
    if subscriber is None:
        return render(request, "readers/digest_link_invalid.html", status=400)
    if request.method == "POST":
        subscriber_unsubscribe(subscriber=subscriber)
        return render(request, "readers/digest_unsubscribed.html")
    return render(
        request, "readers/digest_unsubscribe.html", {"subscriber": subscriber}
    )
