"""Writers draft and submit, editors review and publish, analysts keep the record.

Each permission is checked both ways, through Wagtail's own permission checks and
through the admin views a person would use.
"""

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, User
from django.urls import reverse
from wagtail.models import Page, WorkflowPage

from articles.models import ArticlePage
from policy.reporting.models import Report, Source
from rexchange.newsroom.roles import (
    ANALYSTS,
    COLLECTION_PERMISSIONS,
    EDITORS,
    MODEL_PERMISSIONS,
    REVIEW_WORKFLOW,
    WRITERS,
)
from rexchange.newsroom.services import newsroom_permissions_ensure
from rexchange.webhooks.models import WebhookSubscription
from tests.admin_forms import admin_form_data, article_streams
from tests.factories import ArticlePageFactory, LicenceEventPageFactory

pytestmark = pytest.mark.django_db


def _member(name: str, group: str) -> User:
    user = User.objects.create_user(username=name, password="not-used-here")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def newsroom(article_index, tracker):
    """The site tree with the groups' page permissions attached, and one user each."""
    newsroom_permissions_ensure()
    return {
        "writer": _member("wanda", WRITERS),
        "editor": _member("eli", EDITORS),
        "analyst": _member("ana", ANALYSTS),
        "index": article_index,
        "tracker": tracker,
    }


OUR_APPS = ("articles", "policy", "readers", "rexchange")


def _model_permissions(group: Group) -> set[str]:
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def test_every_role_group_holds_exactly_the_role_tables_model_permissions():
    # Wagtail gives its own Editors group image and document permissions of its own
    # apps; on our apps and admin access the table is the whole truth.
    apps = (*OUR_APPS, "wagtailadmin")
    for name, expected in MODEL_PERMISSIONS.items():
        held = _model_permissions(Group.objects.get(name=name))
        assert {p for p in held if p.split(".")[0] in apps} == set(expected), name


def test_every_role_group_holds_the_role_tables_collection_permissions():
    for name, expected in COLLECTION_PERMISSIONS.items():
        held = {
            f"{app}.{codename}"
            for app, codename in Group.objects.get(
                name=name
            ).collection_permissions.values_list(
                "permission__content_type__app_label", "permission__codename"
            )
        }
        assert set(expected) <= held, name


def test_groups_outside_the_role_table_hold_nothing_of_ours():
    others = Group.objects.exclude(name__in=MODEL_PERMISSIONS)
    assert others.exists()  # Wagtail's own Moderators group, at least
    for group in others:
        ours = {p for p in _model_permissions(group) if p.split(".")[0] in OUR_APPS}
        assert ours == set(), group.name


def test_migrations_create_the_three_groups_with_admin_access():
    for name in (WRITERS, EDITORS, ANALYSTS):
        group = Group.objects.get(name=name)
        assert group.permissions.filter(codename="access_admin").exists()


def test_writer_can_edit_articles_but_not_publish(newsroom):
    article = ArticlePageFactory(parent=newsroom["index"])
    perms = article.permissions_for_user(newsroom["writer"])
    assert perms.can_edit()
    assert not perms.can_publish()
    assert newsroom["index"].permissions_for_user(newsroom["writer"]).can_add_subpage()
    assert (
        not newsroom["index"]
        .permissions_for_user(newsroom["writer"])
        .can_publish_subpage()
    )


def test_writer_cannot_touch_the_policy_record(newsroom):
    event = LicenceEventPageFactory(parent=newsroom["tracker"])
    assert not event.permissions_for_user(newsroom["writer"]).can_edit()
    assert (
        not newsroom["tracker"]
        .permissions_for_user(newsroom["writer"])
        .can_add_subpage()
    )


def test_editor_can_publish_articles_and_events(newsroom):
    article = ArticlePageFactory(parent=newsroom["index"])
    event = LicenceEventPageFactory(parent=newsroom["tracker"])
    for page in (article, event):
        perms = page.permissions_for_user(newsroom["editor"])
        assert perms.can_publish()
        assert perms.can_unpublish()


def test_analyst_can_publish_events_but_not_articles(newsroom):
    article = ArticlePageFactory(parent=newsroom["index"])
    event = LicenceEventPageFactory(parent=newsroom["tracker"])
    assert event.permissions_for_user(newsroom["analyst"]).can_publish()
    assert (
        newsroom["tracker"]
        .permissions_for_user(newsroom["analyst"])
        .can_publish_subpage()
    )
    assert not article.permissions_for_user(newsroom["analyst"]).can_edit()
    assert not article.permissions_for_user(newsroom["analyst"]).can_publish()


def test_writer_pressing_publish_in_the_admin_only_saves_a_draft(client, newsroom):
    article = ArticlePageFactory(parent=newsroom["index"], title="Original title")
    client.force_login(newsroom["writer"])
    edit_url = reverse("wagtailadmin_pages:edit", args=(article.pk,))
    data = _form_data(client, edit_url, highlights=["MOFCOM approved some."])
    data["title"] = "A title the writer wants live"
    data["action-publish"] = "action-publish"
    client.post(edit_url, data)
    article.refresh_from_db()
    assert article.title == "Original title"
    assert article.has_unpublished_changes
    assert article.get_latest_revision().content["title"] == (
        "A title the writer wants live"
    )


def test_analyst_cannot_open_the_article_editor(client, newsroom):
    article = ArticlePageFactory(parent=newsroom["index"])
    client.force_login(newsroom["analyst"])
    response = client.get(reverse("wagtailadmin_pages:edit", args=(article.pk,)))
    assert response.status_code in (302, 403)
    add_url = reverse(
        "wagtailadmin_pages:add",
        args=("articles", "articlepage", newsroom["index"].pk),
    )
    assert client.get(add_url).status_code in (302, 403)


def test_analyst_can_open_the_event_form_and_writer_cannot(client, newsroom):
    add_url = reverse(
        "wagtailadmin_pages:add",
        args=("policy", "licenceeventpage", newsroom["tracker"].pk),
    )
    client.force_login(newsroom["analyst"])
    assert client.get(add_url).status_code == 200
    client.force_login(newsroom["writer"])
    assert client.get(add_url).status_code in (302, 403)


@pytest.mark.parametrize(
    ("role", "allowed"), [("analyst", True), ("editor", False), ("writer", False)]
)
def test_only_analysts_add_reference_data(client, newsroom, role, allowed):
    client.force_login(newsroom[role])
    for model in ("regulator", "material", "instrument"):
        response = client.get(reverse(f"wagtailsnippets_policy_{model}:add"))
        assert (response.status_code == 200) is allowed, model


@pytest.mark.parametrize(
    ("role", "allowed"), [("editor", True), ("analyst", False), ("writer", False)]
)
def test_only_editors_triage_reports(client, newsroom, role, allowed):
    source = Source.objects.create(name="Trade press", url="https://example.org/feed")
    report = Report.objects.create(
        source=source, dedupe_key="url:1", title="Quota news", content_hash="x"
    )
    client.force_login(newsroom[role])
    response = client.get(
        reverse("wagtailsnippets_policy_report:edit", args=(report.pk,))
    )
    assert (response.status_code == 200) is allowed
    user = newsroom[role]
    assert user.has_perm("policy.add_annotation") is allowed
    assert user.has_perm("policy.change_annotation") is allowed


def test_permissions_are_attached_again_without_duplicates(newsroom):
    newsroom_permissions_ensure()
    newsroom_permissions_ensure()
    writers = Group.objects.get(name=WRITERS)
    assert writers.page_permissions.count() == 2
    assert (
        WorkflowPage.objects.get(page=newsroom["index"]).workflow.name
        == REVIEW_WORKFLOW
    )


def test_a_new_analysis_index_created_in_the_admin_gets_the_workflow(client, home_page):
    admin = User.objects.create_superuser("root", password="not-used-here")
    client.force_login(admin)
    add_url = reverse(
        "wagtailadmin_pages:add", args=("articles", "articleindexpage", home_page.pk)
    )
    data = _form_data(client, add_url)
    data.update(title="Analysis", slug="analysis", **{"action-publish": "publish"})
    client.post(add_url, data)
    index = Page.objects.get(slug="analysis")
    assert WorkflowPage.objects.filter(page=index).exists()
    writers = Group.objects.get(name=WRITERS)
    assert writers.page_permissions.filter(page=index).exists()


def _form_data(client, url, *, highlights=None):
    streams = article_streams(*highlights) if highlights is not None else None
    return admin_form_data(client, url, streams=streams)


def test_review_flow_writer_submits_editor_compares_and_approves(client, newsroom):
    writer, editor = newsroom["writer"], newsroom["editor"]
    index = newsroom["index"]

    # The writer drafts a new piece in the admin and submits it for review.
    client.force_login(writer)
    add_url = reverse(
        "wagtailadmin_pages:add", args=("articles", "articlepage", index.pk)
    )
    data = _form_data(client, add_url, highlights=["Approvals take 45+ days."])
    data.update(
        {
            "title": "Dysprosium licences slow down",
            "slug": "dysprosium-licences-slow-down",
            "dek": "Approvals are taking longer than the rules say they should.",
            "publication_date": "2025-06-01",
            "action-submit": "submit",
        }
    )
    response = client.post(add_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = ArticlePage.objects.get(slug="dysprosium-licences-slow-down")
    assert not page.live
    assert page.workflow_in_progress
    assert page.current_workflow_task.name == "Editor approval"

    # Nobody but an editor may approve.
    state = page.current_workflow_task_state
    action_url = reverse(
        "wagtailadmin_pages:workflow_action", args=(page.pk, "approve", state.pk)
    )
    client.post(action_url, {})
    page.refresh_from_db()
    assert not page.live

    # The editor approves; the piece goes live.
    client.force_login(editor)
    response = client.post(action_url, {})
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    assert client.get(page.url).status_code == 200

    # The writer revises the live piece and submits again; the editor sees what
    # changed since the published revision before approving.
    client.force_login(writer)
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    data = _form_data(client, edit_url, highlights=["Approvals take 45+ days."])
    data["dek"] = "Approvals now take twice as long as the rules allow."
    data["action-submit"] = "submit"
    assert client.post(edit_url, data).status_code == 302
    page.refresh_from_db()
    assert page.workflow_in_progress
    latest = page.get_latest_revision()

    client.force_login(editor)
    compare_url = reverse(
        "wagtailadmin_pages:revisions_compare", args=(page.pk, "live", latest.pk)
    )
    response = client.get(compare_url)
    assert response.status_code == 200
    html = response.content.decode()
    # Wagtail marks words removed from and added to the live version.
    assert '<span class="deletion">are taking longer than</span>' in html
    assert '<span class="addition">now take twice as long as</span>' in html


@pytest.mark.parametrize(
    ("role", "allowed"), [("editor", True), ("analyst", False), ("writer", False)]
)
def test_only_editors_manage_webhooks(client, newsroom, settings, role, allowed):
    settings.INGEST_PRIVATE_ALLOWLIST = "127.0.0.1:8139"
    client.force_login(newsroom[role])
    for name in ("webhooks:index", "webhooks:add", "webhook_deliveries:index"):
        response = client.get(reverse(name))
        assert (response.status_code == 200) is allowed, name
    response = client.post(
        reverse("webhooks:add"),
        {"name": "Desk", "url": "http://127.0.0.1:8139/hook", "event_types": ["event"]},
    )
    assert WebhookSubscription.objects.filter(name="Desk").exists() is allowed
    if allowed:
        assert "whsec_" in response.content.decode(), "the secret is shown once"
    # "Send again" on the delivery log needs this one.
    assert newsroom[role].has_perm("rexchange.change_webhookdelivery") is allowed


def test_the_webhook_migration_gives_existing_editors_the_webhooks(newsroom):
    editors = Group.objects.get(name=EDITORS)
    webhook_perms = editors.permissions.filter(
        content_type__app_label="rexchange", codename__contains="webhook"
    )
    editors.permissions.remove(*webhook_perms)
    assert not editors.permissions.filter(codename__contains="webhook").exists()
    migration = import_module("rexchange.migrations.0008_editors_manage_webhooks")
    migration.forwards(django_apps, None)
    held = _model_permissions(editors)
    assert {p for p in MODEL_PERMISSIONS[EDITORS] if "webhook" in p} <= held
