"""Feedback questionnaires to children and families (§4.1): on the aggregate
alone, then the application's rules on both stores."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ledger.application import QALedger
from ledger.errors import (
    DateTooEarly,
    InvalidValue,
    NoSuchCase,
    RoleNotPermitted,
    UnknownChoice,
)
from ledger.events import Attribution
from ledger.records.feedback import (
    QUESTIONS,
    FeedbackQuestion,
    FeedbackReason,
    FeedbackRecipient,
    NoSuchQuestionnaire,
    QuestionnaireAlreadyReturned,
    RatingOutOfRange,
    ReturnBeforeSending,
    ServiceFeedback,
    parse_ratings,
)
from tests.helpers.refusals import refused

SENT = date(2026, 3, 2)
ALL_QUESTIONS = "listened-to, understood, helped, treated-with-respect, overall"


def on(day: date) -> Attribution:
    return Attribution("ADM1", "administrator", day)


def sent() -> ServiceFeedback:
    return ServiceFeedback.send(
        on(SENT),
        questionnaire_id="FBK-0001",
        case_ref="LL-1001",
        recipient=FeedbackRecipient.FAMILY,
        reason=FeedbackReason.CLOSURE,
    )


# The aggregate.


def test_every_question_has_its_wording() -> None:
    assert set(QUESTIONS) == set(FeedbackQuestion)
    assert ", ".join(FeedbackQuestion.choices()) == ALL_QUESTIONS


def test_a_returned_questionnaire_keeps_ratings_in_question_order() -> None:
    questionnaire = sent()
    questionnaire.record_return(
        on(date(2026, 3, 20)),
        ratings={"overall": 4, "listened-to": "5"},
        comments=" Helpful ",
    )
    assert [type(e).__name__ for e in questionnaire.collect_events()] == [
        "QuestionnaireSent",
        "QuestionnaireReturned",
    ]
    assert list(questionnaire.ratings.items()) == [("listened-to", 5), ("overall", 4)]
    assert questionnaire.comments == "Helpful"
    assert questionnaire.status == "returned"


def test_a_questionnaire_comes_back_once() -> None:
    questionnaire = sent()
    questionnaire.record_return(
        on(date(2026, 3, 20)), ratings={"overall": 3}, comments=""
    )
    with pytest.raises(QuestionnaireAlreadyReturned, match="already returned"):
        questionnaire.record_return(
            on(date(2026, 3, 21)), ratings={"overall": 5}, comments=""
        )


def test_a_return_cannot_precede_the_sending() -> None:
    with pytest.raises(ReturnBeforeSending, match="cannot precede the sending"):
        sent().record_return(on(date(2026, 3, 1)), ratings={"overall": 3}, comments="")


@pytest.mark.parametrize("rating", [0, 6, -1, "five", "4.5", True, 3.0])
def test_a_rating_outside_1_to_5_is_refused(rating: object) -> None:
    with pytest.raises(RatingOutOfRange, match="whole number from 1 to 5"):
        sent().record_return(
            on(date(2026, 3, 20)), ratings={"helped": rating}, comments=""
        )


def test_an_unknown_question_is_refused_listing_the_questions() -> None:
    with pytest.raises(UnknownChoice, match="unknown question 'speed'; allowed: "):
        sent().record_return(on(date(2026, 3, 20)), ratings={"speed": 3}, comments="")
    with pytest.raises(UnknownChoice, match=ALL_QUESTIONS):
        sent().record_return(on(date(2026, 3, 20)), ratings={"speed": 3}, comments="")


def test_a_return_with_nothing_in_it_is_refused() -> None:
    with pytest.raises(InvalidValue, match="at least one rating or a comment"):
        sent().record_return(on(date(2026, 3, 20)), ratings={}, comments=" ")


def test_a_return_with_only_comments_is_accepted() -> None:
    questionnaire = sent()
    questionnaire.record_return(on(date(2026, 3, 20)), ratings={}, comments="Thanks")
    assert questionnaire.ratings == {}


def test_typed_ratings_are_parsed_and_checked() -> None:
    assert parse_ratings(["overall=4", "Treated with respect=5"]) == {
        "treated-with-respect": 5,
        "overall": 4,
    }
    with pytest.raises(InvalidValue, match=r"QUESTION=1\.\.5"):
        parse_ratings(["overall"])
    with pytest.raises(InvalidValue, match="rated twice"):
        parse_ratings(["overall=4", "overall=5"])
    with pytest.raises(RatingOutOfRange):
        parse_ratings(["overall=9"])
    with pytest.raises(UnknownChoice, match=ALL_QUESTIONS):
        parse_ratings(["speed=3"])


# The application, on both stores.

MARCH = date(2026, 3, 2)


@pytest.fixture
def council(council: QALedger) -> QALedger:
    """The test council with LL-1001 closed the day before ``MARCH``: a
    questionnaire follows a closure or transfer (§4.1)."""
    council.cases.close(
        "TM1",
        case_ref="LL-1001",
        reason="Needs met",
        function="case-closure",
        on=MARCH - timedelta(days=1),
    )
    return council


def send(app: QALedger, **overrides: object) -> str:
    arguments: dict[str, object] = {
        "case_ref": "LL-1001",
        "recipient": "family",
        "reason": "closure",
        "on": MARCH,
    }
    arguments.update(overrides)
    return app.feedback.send("ADM1", **arguments)  # type: ignore[arg-type]


def test_a_questionnaire_is_sent_and_returned(council: QALedger) -> None:
    assert (send(council), send(council, recipient="child")) == ("FBK-0001", "FBK-0002")
    council.feedback.record_return(
        "TM1",
        questionnaire_id="fbk-1",
        ratings={"listened-to": 4, "overall": 5},
        comments="Sam explained things",
        on=date(2026, 3, 25),
    )
    assert council.feedback.show("FBK-0001") == {
        "questionnaire_id": "FBK-0001",
        "case_ref": "LL-1001",
        "recipient": "family",
        "reason": "closure",
        "sent_on": "2026-03-02",
        "sent_by": "ADM1",
        "status": "returned",
        "returned_on": "2026-03-25",
        "ratings": {"listened-to": 4, "overall": 5},
        "comments": "Sam explained things",
    }
    assert council.feedback.show("2")["status"] == "sent"


def test_the_case_must_exist(council: QALedger) -> None:
    refused(council, NoSuchCase, lambda: send(council, case_ref="LL-404"))


def test_a_questionnaire_cannot_be_sent_before_the_case_was_opened(
    council: QALedger,
) -> None:
    refused(council, DateTooEarly, lambda: send(council, on=date(2026, 1, 4)))


def test_unknown_recipient_or_reason_is_refused_listing_what_is_allowed(
    council: QALedger,
) -> None:
    refused(
        council,
        UnknownChoice,
        lambda: send(council, recipient="neighbour"),
        match="allowed: child, family",
    )
    refused(
        council,
        UnknownChoice,
        lambda: send(council, reason="review"),
        match="allowed: closure, transfer",
    )


def test_refused_returns_write_nothing(council: QALedger) -> None:
    questionnaire_id = send(council)

    def give_back(ratings: dict[str, object], day: date = date(2026, 3, 20)) -> None:
        council.feedback.record_return(
            "ADM1", questionnaire_id=questionnaire_id, ratings=ratings, on=day
        )

    refused(
        council,
        ReturnBeforeSending,
        lambda: give_back({"overall": 3}, MARCH.replace(day=1)),
    )
    refused(council, RatingOutOfRange, lambda: give_back({"overall": 6}))
    refused(
        council, UnknownChoice, lambda: give_back({"speed": 3}), match=ALL_QUESTIONS
    )
    give_back({"overall": 3})
    refused(council, QuestionnaireAlreadyReturned, lambda: give_back({"overall": 4}))


def test_an_unknown_questionnaire_is_refused(council: QALedger) -> None:
    refused(
        council,
        NoSuchQuestionnaire,
        lambda: council.feedback.record_return(
            "ADM1", questionnaire_id="FBK-0404", ratings={"overall": 3}
        ),
        match="no such questionnaire: 'FBK-0404'",
    )


def test_a_social_worker_may_not_record_questionnaires(council: QALedger) -> None:
    refused(
        council,
        RoleNotPermitted,
        lambda: council.feedback.send(
            "SW1", case_ref="LL-1001", recipient="family", reason="closure"
        ),
    )
