"""The newsroom: roles and their permissions (the role table in `roles`), the review
workflow, and scheduled publishing (a Celery beat task)."""
