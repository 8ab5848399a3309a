"""The newsroom's roles: who may write, review, publish and keep the policy record.

The role table below is the only place the newsroom's permissions are defined
(`tests/rexchange/test_roles.py` compares every group with it). The runtime service
`newsroom_permissions_ensure()` applies it after every migrate; migrations that
changed it carry their own copies. Everything here is idempotent: it adds what is
missing and removes nothing an administrator granted by hand.
"""

from __future__ import annotations

from django.contrib.auth.management import create_permissions

WRITERS = "Writers"
EDITORS = "Editors"
ANALYSTS = "Policy analysts"
ROLES = (WRITERS, EDITORS, ANALYSTS)

REVIEW_WORKFLOW = "Editorial review"
REVIEW_TASK = "Editor approval"
POLICY_REVIEW_WORKFLOW = "Policy review"
POLICY_REVIEW_TASK = "Policy editor approval"

# Review workflows: (workflow, its one task, the group that reviews, the page type
# the workflow is assigned to). Writers' articles go to editors; analysts' licence
# events go to the editors too, instead of Wagtail's default "Moderators approval",
# whose group has no members. Analysts keep their publish right for corrections, but
# "Submit to Policy review" lands on every editor's dashboard ("Awaiting your review").
REVIEWS: list[tuple[str, str, str, str]] = [
    (REVIEW_WORKFLOW, REVIEW_TASK, EDITORS, "articles.articleindexpage"),
    (POLICY_REVIEW_WORKFLOW, POLICY_REVIEW_TASK, EDITORS, "policy.policytrackerpage"),
]

# Model permissions as "app_label.codename". Everyone needs the admin; choosing
# snippets in a page form needs at least view permission on them.
MODEL_PERMISSIONS: dict[str, list[str]] = {
    WRITERS: [
        "wagtailadmin.access_admin",
        "articles.view_author",
        "articles.view_topic",
    ],
    EDITORS: [
        "wagtailadmin.access_admin",
        "articles.add_author",
        "articles.change_author",
        "articles.view_author",
        "articles.add_topic",
        "articles.change_topic",
        "articles.view_topic",
        # Triage: editors move reports through the inbox and annotate them.
        "policy.view_report",
        "policy.change_report",
        "policy.view_source",
        "policy.add_annotation",
        "policy.change_annotation",
        "policy.view_annotation",
        "policy.delete_annotation",
        # ... and look after the sources the inbox is fed from.
        "policy.add_source",
        "policy.change_source",
        # Open questions: editors word them and mark them answered by reporting.
        "policy.view_openquestion",
        "policy.change_openquestion",
        # Readers' comments: moderate them, trust or revoke addresses, open event
        # pages to comments and close threads; see who takes the digest.
        "readers.view_comment",
        "readers.change_comment",
        "readers.add_approvedcommenter",
        "readers.view_approvedcommenter",
        "readers.delete_approvedcommenter",
        "readers.add_pagecomments",
        "readers.change_pagecomments",
        "readers.view_pagecomments",
        "readers.delete_pagecomments",
        "readers.view_subscriber",
        # Webhooks: editors subscribe consumers' endpoints to the change feed, read
        # the delivery log and send a delivery again (README, Roles and review).
        "rexchange.add_webhooksubscription",
        "rexchange.change_webhooksubscription",
        "rexchange.view_webhooksubscription",
        "rexchange.delete_webhooksubscription",
        "rexchange.view_webhookdelivery",
        "rexchange.change_webhookdelivery",
    ],
    ANALYSTS: [
        "wagtailadmin.access_admin",
        "policy.add_regulator",
        "policy.change_regulator",
        "policy.view_regulator",
        "policy.add_material",
        "policy.change_material",
        "policy.view_material",
        "policy.add_instrument",
        "policy.change_instrument",
        "policy.view_instrument",
        # Analysts read the inbox to turn reports into events, but do not triage it.
        "policy.view_report",
        "policy.view_source",
        # ... and word the questions their events leave open.
        "policy.view_openquestion",
        "policy.change_openquestion",
    ],
}

# Image and document permissions on the root collection.
_MEDIA = [
    "wagtailimages.add_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.choose_document",
]
COLLECTION_PERMISSIONS: dict[str, list[str]] = {
    WRITERS: _MEDIA,
    EDITORS: [*_MEDIA, "wagtailimages.change_image", "wagtaildocs.change_document"],
    ANALYSTS: _MEDIA,
}

# Page permissions, granted on every page of the given type (or on the tree root,
# "wagtailcore.page" at depth 1). Wagtail page permissions cover the whole subtree, so
# the type of the page they sit on is what confines a role: writers work under the
# analysis index only, analysts under the policy tracker only.
PAGE_PERMISSIONS: list[tuple[str, str, list[str]]] = [
    (WRITERS, "articles.articleindexpage", ["add_page", "change_page"]),
    (
        EDITORS,
        "wagtailcore.page",
        ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    ),
    (
        ANALYSTS,
        "policy.policytrackerpage",
        ["add_page", "change_page", "publish_page", "lock_page"],
    ),
]

# Apps whose permissions must exist before we can grant them. On a fresh database the
# post_migrate signal that normally creates them has not run yet; after a test
# database flush they are all gone.
_PERMISSION_APPS = ("wagtailcore", "wagtailimages", "wagtaildocs", "articles", "policy")
_PERMISSION_APPS += ("readers", "rexchange", "wagtailadmin")


def _permissions_create(apps) -> None:
    for label in _PERMISSION_APPS:
        try:
            app_config = apps.get_app_config(label)
        except LookupError:
            # In migrations wagtailadmin has no models yet; its first migration, which
            # ours depends on, created access_admin already.
            continue
        # Historical app configs have no models module, which create_permissions takes
        # to mean "nothing to do"; Wagtail's own migrations use the same workaround.
        had_module = getattr(app_config, "models_module", None)
        if had_module is None:
            app_config.models_module = True
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = had_module


def _permission(apps, dotted: str):
    Permission = apps.get_model("auth", "Permission")
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def roles_groups_apply(*, apps) -> dict[str, object]:
    """Create the three groups and grant their model and collection permissions."""
    _permissions_create(apps)
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model(
        "wagtailcore", "GroupCollectionPermission"
    )
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}
    for name, perms in MODEL_PERMISSIONS.items():
        groups[name].permissions.add(*(_permission(apps, p) for p in perms))
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for name, perms in COLLECTION_PERMISSIONS.items():
            for p in perms:
                GroupCollectionPermission.objects.get_or_create(
                    group=groups[name],
                    collection=root_collection,
                    permission=_permission(apps, p),
                )
    return groups


def roles_pages_apply(*, apps) -> None:
    """Grant page permissions on the pages that exist, and put the analysis index under
    editorial review. Pages created later are covered the next time this runs."""
    groups = roles_groups_apply(apps=apps)
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")

    for group_name, page_type, perms in PAGE_PERMISSIONS:
        app_label, model = page_type.split(".")
        pages = Page.objects.filter(
            content_type__app_label=app_label, content_type__model=model
        )
        if page_type == "wagtailcore.page":
            pages = Page.objects.filter(depth=1)
        for page in pages:
            for codename in perms:
                GroupPagePermission.objects.get_or_create(
                    group=groups[group_name],
                    page=page,
                    permission=_permission(apps, f"wagtailcore.{codename}"),
                )

    for workflow_name, task_name, group_name, page_type in REVIEWS:
        _review_apply(
            apps,
            workflow_name=workflow_name,
            task_name=task_name,
            group=groups[group_name],
            page_type=page_type,
        )


def _review_apply(apps, *, workflow_name, task_name, group, page_type) -> None:
    """Assign one review workflow, reviewed by `group`, to every page of a type."""
    app_label, model = page_type.split(".")
    Page = apps.get_model("wagtailcore", "Page")
    pages = list(
        Page.objects.filter(
            content_type__app_label=app_label, content_type__model=model
        )
    )
    if not pages:
        return
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    task = GroupApprovalTask.objects.filter(name=task_name).first()
    if task is None:
        # Set explicitly: historical models cannot work out their own content type.
        task_type, _ = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(
            name=task_name, content_type=task_type, active=True
        )
    task.groups.add(group)
    workflow, _ = Workflow.objects.get_or_create(
        name=workflow_name, defaults={"active": True}
    )
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    for page in pages:
        # A page has at most one directly assigned workflow; leave a different one an
        # administrator chose in place.
        WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": workflow})
