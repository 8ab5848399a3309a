"""Email out of the readers app: plain-text and HTML parts, absolute links."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from wagtail.models import Site


def site_url(path: str) -> str:
    """An absolute URL on the public site (the default Wagtail site's root URL)."""
    site = Site.objects.filter(is_default_site=True).first()
    root = site.root_url if site is not None else settings.WAGTAILADMIN_BASE_URL
    return root.rstrip("/") + path


def mail_send(
    *, to: str, subject: str, template: str, context: dict, headers=None
) -> None:
    """Render `template`.txt and `template`.html and send them as one email."""
    text = render_to_string(f"{template}.txt", context)
    html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers or {},
    )
    message.attach_alternative(html, "text/html")
    message.send(fail_silently=False)
