"""The API contract changes only on purpose: /api/schema/ matches a committed snapshot.

When a change to the contract is intended, regenerate the snapshot with
`REXCHANGE_UPDATE_SCHEMA_SNAPSHOT=1 pytest tests/api/test_schema_snapshot.py` and
commit it with the change, so the diff shows consumers what moved.
"""

import os
from pathlib import Path

import pytest

SNAPSHOT = Path(__file__).parent / "schema_snapshot.yaml"

pytestmark = pytest.mark.django_db


def test_served_schema_matches_the_committed_snapshot(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    served = response.content.decode()
    if os.environ.get("REXCHANGE_UPDATE_SCHEMA_SNAPSHOT") == "1":
        SNAPSHOT.write_text(served)
    assert served == SNAPSHOT.read_text(), (
        "the API schema changed; if that is intended, regenerate the snapshot "
        "(see this module's docstring) and commit it with the change"
    )
