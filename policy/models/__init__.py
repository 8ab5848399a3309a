"""The policy record's models, re-exported so `policy.models.X` keeps working."""

from .events import LicenceEventPage, PolicyTrackerPage
from .fact_index import LicenceEventFact
from .reference import Instrument, Material, Regulator
from .sources import Annotation, Report, Source

__all__ = [
    "Annotation",
    "Instrument",
    "LicenceEventFact",
    "LicenceEventPage",
    "Material",
    "PolicyTrackerPage",
    "Regulator",
    "Report",
    "Source",
]
