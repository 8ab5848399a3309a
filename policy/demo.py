"""Demo content for the policy record: MOFCOM, the rare earths it controls, the legal
instruments, and the 2025 chain of events up to the general licences.

Every statement is ours, written from public facts. Loading is idempotent: reference
data is found by slug and refreshed; the tracker and events are created once and then
left alone, so analysts' edits and revision history survive a reload.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from wagtail.models import Page

from rexchange.publication.streamfield_roundtrip import page_streams_as_admin_saves

from .models import Instrument, LicenceEventPage, Material, PolicyTrackerPage, Regulator

MOFCOM_URL = "https://www.mofcom.gov.cn/"
ASIAN_METAL_URL = "https://www.asianmetal.com/"

MOFCOM = {
    "slug": "mofcom",
    "name": "Ministry of Commerce of the People's Republic of China",
    "short_name": "MOFCOM",
    "jurisdiction": "CN",
    "website": MOFCOM_URL,
}

HEAVY = Material.Category.HEAVY_RARE_EARTH
LIGHT = Material.Category.LIGHT_RARE_EARTH
# The seven medium and heavy rare earths of the April 2025 controls, then the two
# light rare earths at the heart of NdFeB magnets.
APRIL_MATERIALS = [
    ("samarium", "Samarium", "Sm", HEAVY),
    ("gadolinium", "Gadolinium", "Gd", HEAVY),
    ("terbium", "Terbium", "Tb", HEAVY),
    ("dysprosium", "Dysprosium", "Dy", HEAVY),
    ("lutetium", "Lutetium", "Lu", HEAVY),
    ("scandium", "Scandium", "Sc", HEAVY),
    ("yttrium", "Yttrium", "Y", HEAVY),
]
MAGNET_MATERIALS = [
    ("neodymium", "Neodymium", "Nd", LIGHT),
    ("praseodymium", "Praseodymium", "Pr", LIGHT),
]
APRIL = [slug for slug, *_ in APRIL_MATERIALS]
ALL = APRIL + [slug for slug, *_ in MAGNET_MATERIALS]

INSTRUMENTS = [
    {
        "slug": "mofcom-gac-announcement-18-2025",
        "title": "Export controls on medium and heavy rare earths",
        "document_reference": "MOFCOM/GAC Announcement No. 18 of 2025",
        "status": Instrument.Status.IN_FORCE,
        "materials": APRIL,
    },
    {
        "slug": "mofcom-october-2025-rare-earth-controls",
        "title": "October 2025 expansion of rare-earth export controls",
        "document_reference": "MOFCOM announcements of 9 October 2025",
        "status": Instrument.Status.SUSPENDED,
        "materials": ALL,
    },
]


def _cite(label: str, url: str) -> dict:
    return {"label": label, "url": url}


def _fact(dimension: str, state: str, statement: str, *citations: dict) -> tuple:
    return (
        "fact",
        {
            "dimension": dimension,
            "state": state,
            "statement": statement,
            "citations": list(citations),
        },
    )


MOFCOM_CITE = _cite("MOFCOM announcement", MOFCOM_URL)

# In chain order; `previous` names the event each one follows when it is not simply
# the latest earlier event on the same instrument (which is linked automatically).
EVENTS = [
    {
        "slug": "april-2025-controls-seven-rare-earths",
        "title": "Licences required for seven medium and heavy rare earths",
        "instrument": "mofcom-gac-announcement-18-2025",
        "event_type": LicenceEventPage.EventType.CONTROL_IMPOSED,
        "announced_on": dt.date(2025, 4, 4),
        "effective_on": dt.date(2025, 4, 4),
        "materials": APRIL,
        "summary": "MOFCOM put samarium, gadolinium, terbium, dysprosium, lutetium, "
        "scandium and yttrium, and related items, under export control. Exporters "
        "now need a licence before shipping them.",
        "assessment": LicenceEventPage.Assessment.TIGHTENING,
        "assessment_reason": "Shipments that needed no approval now need one, case "
        "by case.",
        "facts": [
            _fact(
                "products",
                "changed",
                "Seven medium and heavy rare earths and related items join the "
                "export-control list.",
                MOFCOM_CITE,
            ),
            _fact(
                "procedure",
                "changed",
                "Each export needs a licence approved case by case.",
                MOFCOM_CITE,
            ),
            _fact(
                "exporters",
                "changed",
                "Every exporter of the listed items falls under the requirement.",
            ),
            _fact(
                "scope",
                "changed",
                "Medium and heavy rare earths come under export control for the "
                "first time.",
            ),
            _fact(
                "legal_basis",
                "changed",
                "A joint announcement of MOFCOM and the General Administration of "
                "Customs.",
                MOFCOM_CITE,
            ),
            _fact(
                "volumes",
                "undisclosed",
                "No quantity ceilings or approval targets have been published.",
            ),
            _fact(
                "destinations",
                "undisclosed",
                "Whether some destinations will be treated differently is not said.",
            ),
            _fact(
                "duration",
                "undisclosed",
                "How long reviews take and how long a licence lasts is not stated.",
            ),
        ],
    },
    {
        "slug": "october-2025-expansion",
        "title": "Rare-earth export controls expanded",
        "instrument": "mofcom-october-2025-rare-earth-controls",
        # The expansion builds on the April controls, though under a new instrument.
        "previous": "april-2025-controls-seven-rare-earths",
        "event_type": LicenceEventPage.EventType.CONTROL_EXPANDED,
        "announced_on": dt.date(2025, 10, 9),
        "effective_on": None,
        "materials": ALL,
        "summary": "MOFCOM announced a broader set of rare-earth export controls, "
        "reaching further along the supply chain than the April measures.",
        "assessment": LicenceEventPage.Assessment.TIGHTENING,
        "assessment_reason": "More items and more of the supply chain need a licence.",
        "facts": [
            _fact(
                "scope",
                "changed",
                "Controls reach further along the supply chain than in April.",
                MOFCOM_CITE,
            ),
            _fact(
                "products",
                "changed",
                "More rare-earth items are covered than the April list.",
                MOFCOM_CITE,
            ),
            _fact(
                "procedure",
                "unchanged",
                "Exporters still apply to MOFCOM for a licence case by case.",
            ),
            _fact(
                "legal_basis",
                "changed",
                "New MOFCOM announcements, separate from the April one.",
                MOFCOM_CITE,
            ),
            _fact(
                "destinations",
                "undisclosed",
                "How destinations will weigh in licence decisions is not said.",
            ),
            _fact(
                "volumes",
                "undisclosed",
                "No quantity limits or approval rates have been published.",
            ),
        ],
    },
    {
        "slug": "october-2025-expansion-suspended",
        "title": "October expansion suspended for one year",
        "instrument": "mofcom-october-2025-rare-earth-controls",
        "event_type": LicenceEventPage.EventType.CONTROL_SUSPENDED,
        "announced_on": dt.date(2025, 11, 7),
        "effective_on": dt.date(2025, 11, 10),
        # A one-year suspension: the regime computation lets it lapse by itself.
        "ends_on": dt.date(2026, 11, 10),
        "materials": ALL,
        "summary": "MOFCOM suspended the October 2025 expansion for one year. The "
        "April 2025 licensing requirement for the seven medium and heavy rare "
        "earths stays in force.",
        "assessment": LicenceEventPage.Assessment.LIBERALIZING,
        "assessment_reason": "The added controls are paused, but only for a year, "
        "and the April controls are untouched.",
        "facts": [
            _fact(
                "scope",
                "changed",
                "The October expansion is suspended; the April controls remain.",
                MOFCOM_CITE,
            ),
            _fact(
                "duration",
                "changed",
                "The suspension runs for one year.",
                MOFCOM_CITE,
            ),
            _fact(
                "products",
                "unchanged",
                "The seven rare earths listed in April still need a licence.",
            ),
            _fact(
                "procedure",
                "unchanged",
                "Exporters of the April items still apply case by case.",
            ),
            _fact(
                "legal_basis",
                "unchanged",
                "The October measures are suspended, not repealed.",
            ),
            _fact(
                "destinations",
                "undisclosed",
                "Whether the suspension applies alike to every destination is not "
                "said.",
            ),
        ],
    },
    {
        "slug": "general-licences-granted",
        "title": "General licences for some rare-earth exporters",
        "instrument": "mofcom-gac-announcement-18-2025",
        "event_type": LicenceEventPage.EventType.GENERAL_LICENCE_GRANTED,
        "announced_on": dt.date(2025, 12, 4),
        "effective_on": None,
        "materials": APRIL,
        "summary": "MOFCOM said exporters with enough export experience and a clean "
        "compliance record could apply for general licences, and that it had "
        "approved some applications.",
        "assessment": LicenceEventPage.Assessment.CONSOLIDATING,
        "assessment_reason": "A faster procedure for a vetted few; the controls and "
        "the ministry's power to revoke licences are unchanged.",
        "confidence": LicenceEventPage.Confidence.CONFIRMED,
        "facts": [
            _fact(
                "procedure",
                "changed",
                "For qualifying exporters a general licence replaces case-by-case "
                "approval.",
                _cite("MOFCOM statement", MOFCOM_URL),
                _cite("Asian Metal report", ASIAN_METAL_URL),
            ),
            _fact(
                "exporters",
                "undisclosed",
                "Eligibility rests on export experience and a clean compliance "
                "record; the approved firms are not named.",
                _cite("MOFCOM statement", MOFCOM_URL),
            ),
            _fact(
                "products",
                "undisclosed",
                "Which controlled items the general licences cover is not said.",
            ),
            _fact(
                "volumes",
                "undisclosed",
                "Any quantity limits attached to the licences are not published.",
            ),
            _fact(
                "destinations",
                "undisclosed",
                "Which countries or buyers shipments may go to is not said.",
            ),
            _fact(
                "duration",
                "undisclosed",
                "How long a general licence stays valid is not stated.",
            ),
            _fact(
                "scope",
                "unchanged",
                "The export-control regime on rare-earth items stays in force.",
            ),
            _fact(
                "legal_basis",
                "unchanged",
                "Licences remain conditional and can be revoked.",
            ),
        ],
    },
]

GENERAL_LICENCE_EVENT = "general-licences-granted"


def _tracker(home: Page) -> PolicyTrackerPage:
    tracker = PolicyTrackerPage.objects.first()
    if tracker is None:
        tracker = home.add_child(
            instance=PolicyTrackerPage(
                title="Policy tracker",
                slug="policy",
                intro="Licence and export-control events, fact by fact: what each "
                "one changed, left alone or left undisclosed.",
                show_in_menus=True,
            )
        )
    return tracker


def _event(tracker, spec: dict, regulator, instruments, materials) -> LicenceEventPage:
    event = LicenceEventPage.objects.filter(slug=spec["slug"]).first()
    if event is not None:
        # Already loaded: leave analysts' changes and revision history alone.
        return event
    event = LicenceEventPage(
        title=spec["title"],
        slug=spec["slug"],
        regulator=regulator,
        instrument=instruments[spec["instrument"]],
        event_type=spec["event_type"],
        announced_on=spec["announced_on"],
        effective_on=spec["effective_on"],
        ends_on=spec.get("ends_on"),
        summary=spec["summary"],
        assessment=spec["assessment"],
        assessment_reason=spec["assessment_reason"],
        confidence=spec.get("confidence", LicenceEventPage.Confidence.CONFIRMED),
        facts=spec["facts"],
    )
    if spec.get("previous"):
        event.previous_event = LicenceEventPage.objects.get(slug=spec["previous"])
    event.materials = [materials[slug] for slug in spec["materials"]]
    # Stored as the admin stores it, so Compare after an unchanged save shows nothing.
    page_streams_as_admin_saves(event, "facts")
    # Saving runs the page's clean(), which links the previous event on the same
    # instrument when none was named.
    tracker.add_child(instance=event)
    event.save_revision().publish()
    return event


@transaction.atomic
def demo_policy_load(*, home: Page) -> dict[str, int]:
    """Create or refresh the demo policy record under `home`: MOFCOM, nine rare
    earths, two instruments, the tracker and four linked events."""
    regulator, _ = Regulator.objects.update_or_create(
        slug=MOFCOM["slug"], defaults={k: v for k, v in MOFCOM.items() if k != "slug"}
    )
    materials = {}
    for slug, name, symbol, category in APRIL_MATERIALS + MAGNET_MATERIALS:
        materials[slug], _ = Material.objects.update_or_create(
            slug=slug, defaults={"name": name, "symbol": symbol, "category": category}
        )
    instruments = {}
    for spec in INSTRUMENTS:
        instrument, _ = Instrument.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "regulator": regulator,
                "title": spec["title"],
                "document_reference": spec["document_reference"],
                "status": spec["status"],
            },
        )
        instrument.materials.set([materials[s] for s in spec["materials"]])
        instrument.save()
        instruments[spec["slug"]] = instrument
    tracker = _tracker(home)
    events = [
        _event(tracker, spec, regulator, instruments, materials) for spec in EVENTS
    ]
    return {
        "regulators": 1,
        "materials": len(materials),
        "instruments": len(instruments),
        "events": len(events),
    }
