"""Feedback from children and families (§4.1).

When a case closes or transfers, a letter and questionnaire go to the family
(or the child, if appropriate) asking about the service they had from the
team. A returned questionnaire rates a fixed set of questions from 1 (poor)
to 5 (very good) and may carry free comments. It comes back once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any
from uuid import UUID

from ledger.errors import DateTooEarly, InvalidTransition, InvalidValue, NotFound
from ledger.events import Attribution, LedgerAggregate, LedgerCreated, LedgerEvent
from ledger.ids import aggregate_id
from ledger.vocabulary import Vocabulary

QUESTIONNAIRE_PREFIX = "FBK"

LOWEST_RATING = 1
HIGHEST_RATING = 5


class FeedbackRecipient(Vocabulary):
    CHILD = "child"
    FAMILY = "family"

    @classmethod
    def noun(cls) -> str:
        return "recipient"


class FeedbackReason(Vocabulary):
    CLOSURE = "closure"
    TRANSFER = "transfer"

    @classmethod
    def noun(cls) -> str:
        return "reason for sending"


class FeedbackQuestion(Vocabulary):
    LISTENED_TO = "listened-to"
    UNDERSTOOD = "understood"
    HELPED = "helped"
    TREATED_WITH_RESPECT = "treated-with-respect"
    OVERALL = "overall"

    @classmethod
    def noun(cls) -> str:
        return "question"


# The questionnaire as the family reads it; every question is rated 1 to 5.
QUESTIONS: Mapping[FeedbackQuestion, str] = {
    FeedbackQuestion.LISTENED_TO: "Did the team listen to you?",
    FeedbackQuestion.UNDERSTOOD: "Did the team understand what mattered to you?",
    FeedbackQuestion.HELPED: "Did the team help you and your family?",
    FeedbackQuestion.TREATED_WITH_RESPECT: "Were you treated with respect?",
    FeedbackQuestion.OVERALL: "Overall, how good was the service you received?",
}


class NoSuchQuestionnaire(NotFound):
    def __init__(self, questionnaire_id: str) -> None:
        super().__init__(
            "questionnaire", questionnaire_id, "Questionnaire ids look like FBK-0001."
        )


class RatingOutOfRange(InvalidValue):
    """Raised for a rating that is not a whole number from 1 to 5."""

    def __init__(self, question: str, given: object) -> None:
        super().__init__(
            f"the rating for {question} must be a whole number from "
            f"{LOWEST_RATING} to {HIGHEST_RATING}, not {given!r}"
        )


class ReturnBeforeSending(DateTooEarly):
    """Raised for a return dated before the questionnaire was sent."""


class QuestionnaireAlreadyReturned(InvalidTransition):
    def __init__(self, questionnaire_id: str, returned_on: date) -> None:
        super().__init__(
            f"questionnaire {questionnaire_id} was already returned on "
            f"{returned_on}; a questionnaire comes back once"
        )


def check_ratings(ratings: Mapping[str, object]) -> dict[str, int]:
    """Ratings keyed by question word, each a whole number from 1 to 5, in the
    questionnaire's order; an unknown question is refused listing them all."""
    checked: dict[FeedbackQuestion, int] = {}
    for question, rating in ratings.items():
        question_ = FeedbackQuestion.parse(question)
        if question_ in checked:
            raise InvalidValue(f"{question_.value} is rated twice; rate it once")
        checked[question_] = check_rating(question_, rating)
    return {q.value: checked[q] for q in FeedbackQuestion if q in checked}


def check_rating(question: FeedbackQuestion, rating: object) -> int:
    if isinstance(rating, bool):
        raise RatingOutOfRange(question.value, rating)
    if isinstance(rating, str):
        if not rating.strip().isdigit():
            raise RatingOutOfRange(question.value, rating)
        rating = int(rating.strip())
    if not isinstance(rating, int) or not LOWEST_RATING <= rating <= HIGHEST_RATING:
        raise RatingOutOfRange(question.value, rating)
    return rating


def parse_ratings(pairs: Iterable[str]) -> dict[str, int]:
    """Ratings typed as ``QUESTION=N`` (``listened-to=4``), checked."""
    typed: dict[str, str] = {}
    for pair in pairs:
        question, sep, rating = pair.partition("=")
        if not sep or not question.strip():
            raise InvalidValue(
                f"give each rating as QUESTION=1..5 (for example listened-to=4), "
                f"not {pair!r}; questions: {', '.join(FeedbackQuestion.choices())}"
            )
        key = FeedbackQuestion.parse(question).value
        if key in typed:
            raise InvalidValue(f"{key} is rated twice; rate it once")
        typed[key] = rating
    return check_ratings(typed)


class ServiceFeedback(LedgerAggregate):
    TOPIC = "ledger.service_feedback:ServiceFeedback"
    questionnaire_id: str
    case_ref: str
    recipient: str
    reason: str
    sent_on: date
    sent_by: str
    returned_on: date | None
    ratings: dict[str, int]
    comments: str | None

    def __init__(self) -> None:
        """State is set by the created event's ``apply``, never by arguments."""

    @staticmethod
    def id_for(questionnaire_id: str) -> UUID:
        return aggregate_id("questionnaire", questionnaire_id)

    @classmethod
    def send(
        cls,
        by: Attribution,
        *,
        questionnaire_id: str,
        case_ref: str,
        recipient: FeedbackRecipient,
        reason: FeedbackReason,
    ) -> ServiceFeedback:
        return cls._create(
            cls.QuestionnaireSent,
            id=cls.id_for(questionnaire_id),
            questionnaire_id=questionnaire_id,
            case_ref=case_ref,
            recipient=recipient.value,
            reason=reason.value,
            **by.stamp(),
        )

    class QuestionnaireSent(LedgerCreated):
        TOPIC = "ledger.service_feedback:ServiceFeedback.QuestionnaireSent"
        class_version = 1
        questionnaire_id: str
        case_ref: str
        recipient: str
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.questionnaire_id = self.questionnaire_id
            aggregate.case_ref = self.case_ref
            aggregate.recipient = self.recipient
            aggregate.reason = self.reason
            aggregate.sent_on = self.occurred_on
            aggregate.sent_by = self.actor_id
            aggregate.returned_on = None
            aggregate.ratings = {}
            aggregate.comments = None

    def record_return(
        self, by: Attribution, *, ratings: Mapping[str, object], comments: str
    ) -> None:
        if self.returned_on is not None:
            raise QuestionnaireAlreadyReturned(self.questionnaire_id, self.returned_on)
        if by.occurred_on < self.sent_on:
            raise ReturnBeforeSending(
                f"a return dated {by.occurred_on} cannot precede the sending of "
                f"questionnaire {self.questionnaire_id} on {self.sent_on}"
            )
        checked = check_ratings(ratings)
        if not checked and not comments.strip():
            raise InvalidValue(
                "a returned questionnaire needs at least one rating or a comment"
            )
        self.trigger_event(
            self.QuestionnaireReturned,
            ratings=checked,
            comments=comments.strip() or None,
            **by.stamp(),
        )

    class QuestionnaireReturned(LedgerEvent):
        TOPIC = "ledger.service_feedback:ServiceFeedback.QuestionnaireReturned"
        class_version = 1
        ratings: dict[str, int]
        comments: str | None

        def apply(self, aggregate: Any) -> None:
            aggregate.returned_on = self.occurred_on
            aggregate.ratings = dict(self.ratings)
            aggregate.comments = self.comments

    @property
    def status(self) -> str:
        return "returned" if self.returned_on else "sent"

    def as_dict(self) -> dict[str, Any]:
        return {
            "questionnaire_id": self.questionnaire_id,
            "case_ref": self.case_ref,
            "recipient": self.recipient,
            "reason": self.reason,
            "sent_on": self.sent_on.isoformat(),
            "sent_by": self.sent_by,
            "status": self.status,
            "returned_on": self.returned_on.isoformat() if self.returned_on else None,
            "ratings": dict(self.ratings),
            "comments": self.comments,
        }
