"""The API contract changes only on purpose: /api/schema/ matches a committed snapshot.

When a change to the contract is intended, regenerate the snapshots with
`REXCHANGE_UPDATE_SCHEMA_SNAPSHOT=1 pytest tests/api/test_schema_snapshot.py`, once on
SQLite and once with DATABASE_URL pointing at PostgreSQL, and commit them with the
change, so the diff shows consumers what moved.

There is one snapshot per database: drf-spectacular takes integer bounds from the
database's column ranges (32767 for a small integer on PostgreSQL, none on SQLite).
"""

import os
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_served_schema_matches_the_committed_snapshot(client):
    snapshot = Path(__file__).parent / f"schema_snapshot.{connection.vendor}.yaml"
    response = client.get("/api/schema/")
    assert response.status_code == 200
    served = response.content.decode()
    if os.environ.get("REXCHANGE_UPDATE_SCHEMA_SNAPSHOT") == "1":
        snapshot.write_text(served)
    assert served == snapshot.read_text(), (
        "the API schema changed; if that is intended, regenerate the snapshot "
        "(see this module's docstring) and commit it with the change"
    )
