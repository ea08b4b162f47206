"""Commands on feedback questionnaires sent to children and families (§4.1)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from ledger.app_cases import CaseCommands, check_not_before_opening
from ledger.ids import normalise_sequential_id
from ledger.service_feedback import (
    QUESTIONNAIRE_PREFIX,
    FeedbackReason,
    FeedbackRecipient,
    NoSuchQuestionnaire,
    ServiceFeedback,
)


class FeedbackCommands(CaseCommands):
    def send_questionnaire(
        self,
        actor: str,
        *,
        case_ref: str,
        recipient: str,
        reason: str,
        on: date | None = None,
    ) -> str:
        """Record a questionnaire sent on a case's closure or transfer; returns
        its new id."""
        by = self.attribute("feedback send", actor, on)
        recipient_ = FeedbackRecipient.parse(recipient)
        reason_ = FeedbackReason.parse(reason)
        case = self.case_file(case_ref)
        check_not_before_opening(case, by.occurred_on)

        def sent(questionnaire_id: str) -> list[ServiceFeedback]:
            return [
                ServiceFeedback.send(
                    by,
                    questionnaire_id=questionnaire_id,
                    case_ref=case.case_ref,
                    recipient=recipient_,
                    reason=reason_,
                )
            ]

        return self.save_with_new_id(QUESTIONNAIRE_PREFIX, by, sent)

    def return_questionnaire(
        self,
        actor: str,
        *,
        questionnaire_id: str,
        ratings: Mapping[str, object],
        comments: str = "",
        on: date | None = None,
    ) -> None:
        by = self.attribute("feedback return", actor, on)
        questionnaire = self.questionnaire_record(questionnaire_id)
        questionnaire.record_return(by, ratings=ratings, comments=comments)
        self.save_all(questionnaire)

    def questionnaire_record(self, questionnaire_id: str) -> ServiceFeedback:
        readable = normalise_sequential_id(QUESTIONNAIRE_PREFIX, questionnaire_id)
        return self.load(
            ServiceFeedback,
            ServiceFeedback.id_for(readable),
            NoSuchQuestionnaire(questionnaire_id),
        )

    def questionnaire(self, questionnaire_id: str) -> dict[str, Any]:
        return self.questionnaire_record(questionnaire_id).as_dict()
