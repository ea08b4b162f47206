"""The projections of the §4.1 and §3.7 records the reports read:
complaints and compliments, feedback questionnaires, practice observations
and performance management meetings."""

from __future__ import annotations

from projections.complaints import Complaints
from projections.engine.projection import Projection
from projections.meetings import Meetings
from projections.observations import Observations
from projections.service_feedback import ServiceFeedbackReturns


def oversight_record_projections() -> list[Projection]:
    return [Complaints(), ServiceFeedbackReturns(), Observations(), Meetings()]
