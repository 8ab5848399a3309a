"""API keys in the Wagtail admin: shown once at creation, stored hashed, revocable."""

import re

import pytest
from django.urls import reverse

from rexchange.api.keys import ApiKey, api_key_hash

pytestmark = pytest.mark.django_db


def _create(admin_client, name="Trading desk dashboard"):
    response = admin_client.post(reverse("api_keys:add"), {"name": name, "user": ""})
    assert response.status_code == 200, response.content[:500]
    html = response.content.decode()
    return re.search(r'value="(rx_[^"]+)"', html).group(1), html


def test_a_new_key_is_shown_once_and_only_its_hash_is_kept(admin_client, client):
    raw, html = _create(admin_client)
    assert "shown only this once" in html
    key = ApiKey.objects.get()
    assert key.name == "Trading desk dashboard"
    assert key.key_hash == api_key_hash(raw)
    assert raw not in (key.key_hash, key.prefix)
    for url in (reverse("api_keys:index"), reverse("api_keys:edit", args=[key.pk])):
        page = admin_client.get(url)
        assert page.status_code == 200
        assert raw not in page.content.decode()
    assert client.get("/api/v1/regulators/", HTTP_X_API_KEY=raw).status_code == 200


def test_revoking_a_key_in_the_admin_refuses_it(admin_client, client):
    raw, _ = _create(admin_client)
    key = ApiKey.objects.get()
    response = admin_client.post(
        reverse("api_keys:edit", args=[key.pk]),
        {"name": key.name, "user": "", "revoke": "on"},
    )
    assert response.status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert client.get("/api/v1/regulators/", HTTP_X_API_KEY=raw).status_code == 401


def test_a_key_needs_a_name(admin_client):
    response = admin_client.post(reverse("api_keys:add"), {"name": "", "user": ""})
    assert response.status_code == 200
    assert not ApiKey.objects.exists()
    assert "This field is required" in response.content.decode()
