"""The API keys screen in the Wagtail admin: secrets shown once, keys revocable."""

from django import forms
from django.template.response import TemplateResponse
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log

from .keys import ApiKey, api_key_create, api_key_revoke


class ApiKeyCreateForm(WagtailAdminModelForm):
    """Name a new key and, optionally, its owner."""

    class Meta:
        model = ApiKey
        fields = ["name", "user"]


class ApiKeyEditForm(WagtailAdminModelForm):
    """Rename a key, or revoke it for good."""

    revoke = forms.BooleanField(
        required=False,
        label="Revoke this key",
        help_text="Requests with it are refused from now on. This cannot be undone.",
    )

    class Meta:
        model = ApiKey
        fields = ["name", "user"]


class ApiKeyCreateView(generic.CreateView):
    """Creates the key through the service and shows the secret once."""

    def save_instance(self):
        key, self.raw_key = api_key_create(
            name=self.form.cleaned_data["name"], user=self.form.cleaned_data["user"]
        )
        log(instance=key, action="wagtail.create", user=self.request.user)
        return key

    def save_action(self):
        # Render instead of redirecting: the secret must not travel in a URL, a
        # message cookie or the session, and it is never stored in clear.
        return TemplateResponse(
            self.request,
            "rexchange/api_key_created.html",
            {
                "key": self.object,
                "raw_key": self.raw_key,
                "index_url": self.get_success_url(),
                "header_title": "API key created",
            },
        )


class ApiKeyEditView(generic.EditView):
    """Saves name and owner; revokes through the service when asked."""

    def save_instance(self):
        instance = super().save_instance()
        if self.form.cleaned_data.get("revoke"):
            api_key_revoke(key=instance)
            log(instance=instance, action="wagtail.edit", user=self.request.user)
        return instance


class ApiKeyViewSet(ModelViewSet):
    """API keys for consumers of /api/v1/."""

    model = ApiKey
    icon = "key"
    menu_label = "API keys"
    add_to_settings_menu = True
    add_view_class = ApiKeyCreateView
    edit_view_class = ApiKeyEditView
    list_display = [
        "name",
        "user",
        "prefix",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    search_fields = ["name", "prefix"]

    def get_form_class(self, for_update=False):
        return ApiKeyEditForm if for_update else ApiKeyCreateForm
