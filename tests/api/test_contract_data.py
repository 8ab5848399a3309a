"""The data the live contract check serves (manage.py load_contract_data)."""

import io

import pytest
from django.core.management import call_command

from articles.models import ArticlePage

pytestmark = pytest.mark.django_db


def test_contract_data_holds_every_block_type_a_comment_and_a_staff_key(client):
    out = io.StringIO()
    call_command("load_contract_data", stdout=out, stderr=io.StringIO())
    key = out.getvalue().strip()

    article = ArticlePage.objects.get(slug="every-block-once")
    allowed = set(ArticlePage.body.field.stream_block.child_blocks)
    assert {block.block_type for block in article.body} == allowed

    detail = client.get(f"/api/v1/articles/{article.pk}/").json()
    assert {block["type"] for block in detail["body"]} == allowed
    comments = client.get("/api/v1/comments/", {"page_id": article.pk}).json()
    assert len(comments["results"]) == 1

    assert client.get("/api/v1/reports/").status_code == 401
    reports = client.get("/api/v1/reports/", headers={"X-Api-Key": key})
    assert reports.status_code == 200
    assert reports.json()["results"], "a stored report for the staff endpoints"
