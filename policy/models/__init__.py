"""The policy app's models, gathered here so Django's app registry finds them.

The policy record's models live in this package; outside reporting's (Source,
Report, Annotation) in `policy.reporting.models`. Import each from its own module.
"""

from policy.reporting.models import Annotation, Report, Source

from .events import LicenceEventPage, PolicyTrackerPage
from .fact_index import LicenceEventFact
from .questions import OpenQuestion
from .reference import Instrument, Material, Regulator

__all__ = [
    "Annotation",
    "Instrument",
    "LicenceEventFact",
    "LicenceEventPage",
    "Material",
    "OpenQuestion",
    "PolicyTrackerPage",
    "Regulator",
    "Report",
    "Source",
]
