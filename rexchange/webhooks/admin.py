"""The webhooks screens in the Wagtail admin: subscriptions (secret shown once) and
the delivery log with a "send again" action."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log

from rexchange.api.changes import ChangeType

from .models import WebhookDelivery, WebhookSubscription
from .services import webhook_send_again, webhook_subscription_create, webhook_url_check
from .tasks import deliver_webhook


class WebhookSubscriptionForm(WagtailAdminModelForm):
    """Where to send, and which types of change."""

    event_types = forms.MultipleChoiceField(
        choices=ChangeType.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Changes to these types of object are sent.",
    )

    class Meta:
        model = WebhookSubscription
        fields = ["name", "url", "event_types", "active"]

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            webhook_url_check(url=url)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["url"]) from exc
        return url


class WebhookCreateView(generic.CreateView):
    """Creates the subscription through the service and shows the secret once."""

    def save_instance(self):
        data = self.form.cleaned_data
        subscription, self.secret = webhook_subscription_create(
            name=data["name"], url=data["url"], event_types=data["event_types"]
        )
        log(instance=subscription, action="wagtail.create", user=self.request.user)
        return subscription

    def save_action(self):
        # Rendered, never redirected: the secret must not travel in a URL or cookie.
        return TemplateResponse(
            self.request,
            "rexchange/webhook_created.html",
            {
                "subscription": self.object,
                "secret": self.secret,
                "index_url": self.get_success_url(),
                "header_title": "Webhook created",
            },
        )


class WebhookSubscriptionViewSet(ModelViewSet):
    """Webhook subscriptions for consumers of the change feed."""

    model = WebhookSubscription
    icon = "link-external"
    menu_label = "Webhooks"
    add_to_settings_menu = True
    add_view_class = WebhookCreateView
    list_display = ["name", "url", "event_types", "active", "created_at"]
    search_fields = ["name", "url"]

    def get_form_class(self, for_update=False):
        return WebhookSubscriptionForm


class SendAgainColumn(Column):
    """A "Send again" button on each row of the delivery log."""

    cell_template_name = "rexchange/webhook_send_again_cell.html"


class WebhookDeliveryViewSet(ModelViewSet):
    """The delivery log: every change sent to every subscription, and its outcome."""

    model = WebhookDelivery
    icon = "list-ul"
    menu_label = "Webhook deliveries"
    add_to_settings_menu = True
    list_display = [
        "change",
        "subscription",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
        "next_attempt_at",
        "delivered_at",
        SendAgainColumn("send_again", label="Send again", accessor="pk"),
    ]
    list_filter = ["subscription", "status"]
    form_fields = ["status"]
    inspect_view_enabled = True

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("send-again/<int:pk>/", self.send_again_view, name="send_again"),
        ]

    def send_again_view(self, request, pk):
        return send_again(request, pk, index_url=reverse(self.get_url_name("index")))


@require_POST
def send_again(request, pk, *, index_url):
    """Queue one delivery again (the receiver sees the same webhook-id)."""
    if not request.user.has_perm("rexchange.change_webhookdelivery"):
        raise PermissionDenied
    delivery = get_object_or_404(WebhookDelivery, pk=pk)
    webhook_send_again(delivery=delivery, enqueue=deliver_webhook.delay)
    messages.success(request, f"Queued again: {delivery}.")
    return redirect(index_url)
