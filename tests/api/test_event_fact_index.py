"""The fact index follows publishing, so events can be filtered by their facts."""

import pytest

from policy.models import LicenceEventFact
from tests.factories.api import LicenceEventPageFactory, fact, publish

pytestmark = pytest.mark.django_db


def _index(event):
    return dict(
        LicenceEventFact.objects.filter(event_id=event.pk).values_list(
            "dimension", "state"
        )
    )


def test_publishing_indexes_each_dimension_with_its_state(tracker):
    event = publish(
        LicenceEventPageFactory(
            parent=tracker,
            facts=[fact("procedure", "changed"), fact("destinations", "undisclosed")],
        )
    )
    assert _index(event) == {"procedure": "changed", "destinations": "undisclosed"}


def test_a_new_revision_replaces_the_index_and_a_draft_does_not(tracker):
    event = publish(
        LicenceEventPageFactory(parent=tracker, facts=[fact("volumes", "undisclosed")])
    )
    event.facts = [fact("volumes", "changed")]
    event.save_revision()
    assert _index(event) == {"volumes": "undisclosed"}
    publish(event)
    assert _index(event) == {"volumes": "changed"}


def test_unpublishing_clears_the_index(tracker):
    event = publish(
        LicenceEventPageFactory(parent=tracker, facts=[fact("scope", "unchanged")])
    )
    event.unpublish()
    assert _index(event) == {}
