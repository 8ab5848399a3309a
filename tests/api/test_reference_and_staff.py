"""Reference data is public; reports and annotations need a staff user's key."""

import pytest
from django.contrib.auth import get_user_model

from rexchange.api.keys import ApiKey, api_key_revoke
from tests.factories.api import (
    AnnotationFactory,
    InstrumentFactory,
    MaterialFactory,
    RegulatorFactory,
    ReportFactory,
    api_key,
)

pytestmark = pytest.mark.django_db


def _staff_key(**kwargs):
    user = get_user_model().objects.create_user(
        "editor", password="x", is_staff=True, **kwargs
    )
    return api_key(user=user)


def test_reference_lists_and_details(client, mofcom, dysprosium):
    instrument = InstrumentFactory(
        regulator=mofcom, materials=[dysprosium], control_codes="1C902.a, 1E902.a"
    )
    regulators = client.get("/api/v1/regulators/").json()
    assert [r["short_name"] for r in regulators["results"]] == ["MOFCOM"]
    assert regulators["rights"]["copyright_holder"]
    materials = client.get("/api/v1/materials/").json()["results"]
    assert materials[0]["symbol"] == "Dy"
    detail = client.get(f"/api/v1/instruments/{instrument.pk}/").json()
    assert detail["regulator"]["slug"] == "mofcom"
    assert detail["control_codes"] == ["1C902.a", "1E902.a"]
    assert [m["slug"] for m in detail["materials"]] == ["dysprosium"]
    assert detail["rights"] == regulators["rights"]


def test_reference_filters(client, mofcom, dysprosium):
    MaterialFactory(slug="neodymium", category="light_rare_earth")
    bis = RegulatorFactory(slug="bis")
    InstrumentFactory(regulator=mofcom, title="Announcement 18", materials=[dysprosium])
    InstrumentFactory(regulator=bis, title="EAR rule", status="suspended")
    light = client.get("/api/v1/materials/", {"category": "light_rare_earth"}).json()
    assert [m["slug"] for m in light["results"]] == ["neodymium"]
    by_material = client.get("/api/v1/instruments/", {"material": "dysprosium"}).json()
    assert [i["title"] for i in by_material["results"]] == ["Announcement 18"]
    by_status = client.get("/api/v1/instruments/", {"status": "suspended"}).json()
    assert [i["title"] for i in by_status["results"]] == ["EAR rule"]
    assert client.get("/api/v1/materials/", {"category": "metal"}).status_code == 400


@pytest.mark.parametrize("path", ["/api/v1/reports/", "/api/v1/annotations/"])
def test_staff_endpoints_need_a_key(client, path):
    response = client.get(path)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Api-Key"
    assert "API key" in response.json()["detail"]


@pytest.mark.parametrize("path", ["/api/v1/reports/", "/api/v1/annotations/"])
def test_staff_endpoints_refuse_a_key_without_a_staff_owner(client, path):
    plain = api_key()
    non_staff = api_key(
        user=get_user_model().objects.create_user("reader", password="x")
    )
    for key in (plain, non_staff):
        response = client.get(path, HTTP_X_API_KEY=key)
        assert response.status_code == 403, response.content


def test_a_staff_key_reads_reports_and_annotations_privately(client):
    annotation = AnnotationFactory(report=ReportFactory(title="Asian Metal report"))
    key = _staff_key()
    reports = client.get("/api/v1/reports/", HTTP_AUTHORIZATION=f"Api-Key {key}")
    assert reports.status_code == 200
    assert [r["title"] for r in reports.json()["results"]] == ["Asian Metal report"]
    assert "private" in reports["Cache-Control"]
    assert "public" not in reports["Cache-Control"]
    notes = client.get(
        "/api/v1/annotations/", {"report": annotation.report_id}, HTTP_X_API_KEY=key
    ).json()
    assert [n["note"] for n in notes["results"]] == [annotation.note]


def test_a_revoked_or_unknown_key_is_refused_everywhere(client):
    key = _staff_key()
    api_key_revoke(key=ApiKey.objects.get())
    for path in ("/api/v1/reports/", "/api/v1/regulators/"):
        response = client.get(path, HTTP_X_API_KEY=key)
        assert response.status_code == 401
        assert response.json() == {"detail": "This API key has been revoked."}
    response = client.get("/api/v1/regulators/", HTTP_X_API_KEY="rx_not-a-key")
    assert response.status_code == 401
    assert response.json() == {"detail": "Unknown API key."}


def test_a_staff_key_stops_working_when_its_owner_loses_staff_status(client):
    key = _staff_key()
    get_user_model().objects.update(is_staff=False)
    assert client.get("/api/v1/reports/", HTTP_X_API_KEY=key).status_code == 403


def test_keys_are_stored_hashed_and_their_use_is_recorded(client):
    key = api_key(name="Dashboard")
    stored = ApiKey.objects.get()
    assert key not in {stored.key_hash, stored.prefix}
    assert key.startswith(stored.prefix)
    assert stored.last_used_at is None
    assert client.get("/api/v1/regulators/", HTTP_X_API_KEY=key).status_code == 200
    stored.refresh_from_db()
    assert stored.last_used_at is not None
