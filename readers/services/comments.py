"""Writes for readers' comments: posting, moderating, trusting addresses, closing
threads."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from rexchange.api.changes import ChangeKind, ChangeType, change_record
from rexchange.publication.visibility import pages_visible

from ..limits import limit_reached
from ..models import ApprovedCommenter, Comment, PageComments
from ..signals import comment_approved


class CommentRefused(ValidationError):
    """A comment that may not be posted now, with a message for the reader."""


def _approved_announce(comment: Comment) -> None:
    # The change feed records it in the same transaction, so a consumer never sees
    # a comment the database does not hold, nor misses one it does.
    # Consumers see what readers see: a comment on a page behind a view restriction
    # (or in an unpublished section) is never published to the feed.
    public = (
        comment.status == Comment.Status.APPROVED
        and pages_visible(Page.objects.filter(pk=comment.page_id)).exists()
    )
    change_record(
        object_type=ChangeType.COMMENT,
        object_ids=[comment.pk],
        kind=ChangeKind.PUBLISH if public else ChangeKind.UNPUBLISH,
    )
    # After commit: a cache purged before the row is visible would refill with the
    # old page.
    transaction.on_commit(
        lambda: comment_approved.send(
            sender=Comment, page_id=comment.page_id, comment=comment
        )
    )


def comment_submit(
    *, page: Page, name: str, email: str, body: str, ip_address: str | None
) -> Comment:
    """Post a reader's comment: it waits for an editor unless the address is
    approved. Refused when the address or the IP posted too often lately."""
    email = email.strip().lower()
    window = settings.COMMENT_RATE_WINDOW
    if limit_reached(
        scope="comment-address",
        value=email,
        limit=settings.COMMENT_RATE_PER_ADDRESS,
        window=window,
    ) or (
        ip_address
        and limit_reached(
            scope="comment-ip",
            value=ip_address,
            limit=settings.COMMENT_RATE_PER_IP,
            window=window,
        )
    ):
        raise CommentRefused(
            "You have posted several comments in a short time. Please wait a few "
            "minutes and try again."
        )
    trusted = ApprovedCommenter.objects.filter(email=email).exists()
    now = timezone.now()
    with transaction.atomic():
        comment = Comment.objects.create(
            page=page,
            name=name.strip(),
            email=email,
            body=body,
            ip_address=ip_address or None,
            status=Comment.Status.APPROVED if trusted else Comment.Status.PENDING,
            created_at=now,
            moderated_at=now if trusted else None,
        )
        if trusted:
            _approved_announce(comment)
    return comment


def comment_moderate(
    *, comment: Comment, status: str, user=None, trust_address: bool = False
) -> Comment:
    """Approve, reject or mark a comment as spam; approving can also let the
    address post directly from now on."""
    if status not in Comment.Status.values or status == Comment.Status.PENDING:
        raise ValidationError("Choose approve, reject or spam.")
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        was_approved = comment.status == Comment.Status.APPROVED
        comment.status = status
        comment.moderated_at = timezone.now()
        comment.moderated_by = user
        comment.save(update_fields=["status", "moderated_at", "moderated_by"])
        if status == Comment.Status.APPROVED:
            if trust_address:
                ApprovedCommenter.objects.get_or_create(
                    email=comment.email, defaults={"approved_by": user}
                )
            if not was_approved:
                _approved_announce(comment)
        elif was_approved:
            # The page still shows it until the cache learns otherwise.
            _approved_announce(comment)
        if status == Comment.Status.SPAM:
            # Spam never comes from a trusted address again.
            ApprovedCommenter.objects.filter(email=comment.email).delete()
    return comment


def comment_page_close(*, page: Page) -> PageComments:
    """Close a page to new comments; its approved thread stays."""
    setting, _ = PageComments.objects.update_or_create(
        page_id=page.pk, defaults={"state": PageComments.State.CLOSED}
    )
    return setting
