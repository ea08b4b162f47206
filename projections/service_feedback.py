"""questionnaires: feedback from children and families (§4.1), one row per
questionnaire sent on closure or transfer, with its ratings once returned."""

from __future__ import annotations

from typing import Any, ClassVar

from ledger.records.feedback import FeedbackQuestion, ServiceFeedback
from projections.engine.projection import Position, Projection
from projections.engine.read_store import Cursor

# Rating columns in the questionnaire's order: listened_to, understood, ...
RATING_COLUMNS = tuple(q.value.replace("-", "_") for q in FeedbackQuestion)


class ServiceFeedbackReturns(Projection):
    name = "service_feedback"
    tables: ClassVar[tuple[str, ...]] = ("questionnaires",)

    def handle(self, event: Any, at: Position, cursor: Cursor) -> None:
        match event:
            case ServiceFeedback.QuestionnaireSent():
                cursor.execute(
                    "INSERT INTO questionnaires VALUES "
                    "(?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL, NULL, NULL, ?, ?)",
                    (
                        at.position,
                        event.questionnaire_id,
                        event.case_ref,
                        event.recipient,
                        event.reason,
                        event.occurred_on,
                        event.actor_id,
                        False,
                        str(event.originator_id),
                    ),
                )
            case ServiceFeedback.QuestionnaireReturned():
                ratings = [event.ratings.get(q.value) for q in FeedbackQuestion]
                assignments = ", ".join(f"{c} = ?" for c in RATING_COLUMNS)
                cursor.execute(
                    f"UPDATE questionnaires SET returned_on = ?, {assignments}, "
                    "has_comments = ? WHERE aggregate_id = ?",
                    (
                        event.occurred_on,
                        *ratings,
                        bool(event.comments),
                        str(event.originator_id),
                    ),
                )
