"""Supervision (§2.3): one file per supervisee, holding supervision sessions,
annual personal development reviews and the annual audit of the file; and the
annual supervision survey, recorded once a year for the service.

Records are kept while the supervisee is employed and at least 2 years after
employment ends (the supervision_retention read model follows this).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from ledger.events import Attribution, LedgerAggregate, LedgerCreated, LedgerEvent
from ledger.ids import aggregate_id
from ledger.vocabulary import Vocabulary


class FileAuditOutcome(Vocabulary):
    EFFECTIVE = "effective"
    PARTLY_EFFECTIVE = "partly-effective"
    NOT_EFFECTIVE = "not-effective"

    @classmethod
    def noun(cls) -> str:
        return "supervision file audit outcome"


class SupervisionFile(LedgerAggregate):
    TOPIC = "ledger.supervision:SupervisionFile"
    supervisee: str
    sessions: list[dict[str, Any]]
    development_reviews: list[dict[str, Any]]
    file_audits: list[dict[str, Any]]

    def __init__(self) -> None:
        """State is set by the created event's ``apply``, never by arguments."""

    @staticmethod
    def id_for(supervisee: str) -> UUID:
        return aggregate_id("supervision-file", supervisee)

    @classmethod
    def open(cls, by: Attribution, *, supervisee: str) -> SupervisionFile:
        return cls._create(
            cls.Opened, id=cls.id_for(supervisee), supervisee=supervisee, **by.stamp()
        )

    class Opened(LedgerCreated):
        TOPIC = "ledger.supervision:SupervisionFile.Opened"
        class_version = 1
        supervisee: str

        def apply(self, aggregate: Any) -> None:
            aggregate.supervisee = self.supervisee
            aggregate.sessions = []
            aggregate.development_reviews = []
            aggregate.file_audits = []

    def record_supervision(
        self,
        by: Attribution,
        *,
        cases_discussed: list[str],
        decisions_recorded_on_child_files: bool,
        reflective_discussion_held: bool,
        note: str,
    ) -> None:
        self.trigger_event(
            self.SupervisionRecorded,
            supervisor=by.actor_id,
            cases_discussed=cases_discussed,
            decisions_recorded_on_child_files=decisions_recorded_on_child_files,
            reflective_discussion_held=reflective_discussion_held,
            note=note,
            **by.stamp(),
        )

    class SupervisionRecorded(LedgerEvent):
        TOPIC = "ledger.supervision:SupervisionFile.SupervisionRecorded"
        class_version = 1
        supervisor: str
        cases_discussed: list[str]
        decisions_recorded_on_child_files: bool
        reflective_discussion_held: bool
        note: str

        def apply(self, aggregate: Any) -> None:
            aggregate.sessions.append(
                {
                    "supervised_on": self.occurred_on.isoformat(),
                    "supervisor": self.supervisor,
                    "cases_discussed": list(self.cases_discussed),
                    "decisions_recorded_on_child_files": (
                        self.decisions_recorded_on_child_files
                    ),
                    "reflective_discussion_held": self.reflective_discussion_held,
                    "note": self.note,
                }
            )

    def record_development_review(self, by: Attribution, *, needs: str) -> None:
        self.trigger_event(
            self.DevelopmentReviewRecorded,
            reviewer=by.actor_id,
            needs=needs,
            **by.stamp(),
        )

    class DevelopmentReviewRecorded(LedgerEvent):
        TOPIC = "ledger.supervision:SupervisionFile.DevelopmentReviewRecorded"
        class_version = 1
        reviewer: str
        needs: str

        def apply(self, aggregate: Any) -> None:
            aggregate.development_reviews.append(
                {
                    "reviewed_on": self.occurred_on.isoformat(),
                    "reviewer": self.reviewer,
                    "needs": self.needs,
                }
            )

    def audit_file(
        self, by: Attribution, *, outcome: FileAuditOutcome, note: str
    ) -> None:
        self.trigger_event(
            self.FileAudited,
            auditor=by.actor_id,
            outcome=outcome.value,
            note=note,
            **by.stamp(),
        )

    class FileAudited(LedgerEvent):
        TOPIC = "ledger.supervision:SupervisionFile.FileAudited"
        class_version = 1
        auditor: str
        outcome: str
        note: str

        def apply(self, aggregate: Any) -> None:
            aggregate.file_audits.append(
                {
                    "audited_on": self.occurred_on.isoformat(),
                    "auditor": self.auditor,
                    "outcome": self.outcome,
                    "note": self.note,
                }
            )

    def as_dict(self) -> dict[str, Any]:
        return {
            "supervisee": self.supervisee,
            "sessions": list(self.sessions),
            "development_reviews": list(self.development_reviews),
            "file_audits": list(self.file_audits),
        }


class SupervisionSurvey(LedgerAggregate):
    """The annual supervision survey (§2.3), one per year for the service."""

    TOPIC = "ledger.supervision:SupervisionSurvey"

    year: int
    responses: int
    summary: str

    def __init__(self) -> None:
        """State is set by the created event's ``apply``, never by arguments."""

    @staticmethod
    def id_for(year: int) -> UUID:
        return aggregate_id("supervision-survey", str(year))

    @classmethod
    def record(
        cls, by: Attribution, *, year: int, responses: int, summary: str
    ) -> SupervisionSurvey:
        return cls._create(
            cls.Recorded,
            id=cls.id_for(year),
            year=year,
            responses=responses,
            summary=summary,
            **by.stamp(),
        )

    class Recorded(LedgerCreated):
        TOPIC = "ledger.supervision:SupervisionSurvey.Recorded"
        class_version = 1
        year: int
        responses: int
        summary: str

        def apply(self, aggregate: Any) -> None:
            aggregate.year = self.year
            aggregate.responses = self.responses
            aggregate.summary = self.summary

    def as_dict(self) -> dict[str, Any]:
        return {"year": self.year, "responses": self.responses, "summary": self.summary}
