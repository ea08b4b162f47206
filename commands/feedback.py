"""qaledger feedback: questionnaires sent to children and families when a case
closes or transfers, and what they said (§4.1)."""

from __future__ import annotations

from datetime import date

import click

from commands.common import Output, ledger_command
from ledger.application import QALedger
from ledger.records.feedback import (
    HIGHEST_RATING,
    LOWEST_RATING,
    QUESTIONS,
    FeedbackReason,
    FeedbackRecipient,
    parse_ratings,
)

QUESTIONS_HELP = "; ".join(f"{q.value}: {text}" for q, text in QUESTIONS.items())


@click.group()
def feedback() -> None:
    """Feedback: questionnaires to families, and answers.

    A questionnaire goes to the family (or the child) when a case closes or
    transfers; the answers rate the service from 1 to 5.
    """


@feedback.command()
@click.argument("case_ref")
@click.option(
    "--to",
    "recipient",
    required=True,
    help="Who it went to. One of: " + ", ".join(FeedbackRecipient.choices()) + ".",
)
@click.option(
    "--reason",
    required=True,
    help="Why it was sent. One of: " + ", ".join(FeedbackReason.choices()) + ".",
)
@ledger_command(writes=True)
def send(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    case_ref: str,
    recipient: str,
    reason: str,
) -> None:
    """Record that a questionnaire was sent on case CASE_REF; prints its id.

    Send it to the family, or to the child if appropriate, when the case
    closes or transfers. --on is the date it was sent.

    Example:

    \b
        qaledger feedback send LL-204311 --to family --reason closure --as ADM1
    """
    questionnaire_id = ledger.feedback.send(
        actor, case_ref=case_ref, recipient=recipient, reason=reason, on=on
    )
    output.done(
        f"{questionnaire_id} sent to the {recipient} on case {case_ref}",
        questionnaire_id=questionnaire_id,
    )


@feedback.command("return")
@click.argument("questionnaire_id")
@click.option(
    "--rating",
    "ratings",
    multiple=True,
    metavar="QUESTION=N",
    help=f"A rating from {LOWEST_RATING} (poor) to {HIGHEST_RATING} (very good); "
    f"repeat for each question answered. Questions: {QUESTIONS_HELP}.",
)
@click.option("--comments", default="", help="What they wrote (no names).")
@ledger_command(writes=True)
def return_(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    questionnaire_id: str,
    ratings: tuple[str, ...],
    comments: str,
) -> None:
    """Record the answers on a returned questionnaire QUESTIONNAIRE_ID.

    Give a --rating for each question answered; questions left blank may be
    left out. --on is the date it came back.

    Example:

    \b
        qaledger feedback return FBK-0012 --rating listened-to=4 \\
            --rating treated-with-respect=5 --rating overall=4 \\
            --comments "Sam always explained things" --as ADM1
    """
    ledger.feedback.record_return(
        actor,
        questionnaire_id=questionnaire_id,
        ratings=parse_ratings(ratings),
        comments=comments,
        on=on,
    )
    shown = ledger.feedback.show(questionnaire_id)
    output.done(
        f"{shown['questionnaire_id']} returned "
        f"({len(shown['ratings'])} of {len(QUESTIONS)} questions rated)",
        questionnaire_id=shown["questionnaire_id"],
    )


@feedback.command()
@click.argument("questionnaire_id")
@ledger_command(writes=False)
def show(ledger: QALedger, output: Output, questionnaire_id: str) -> None:
    """Show questionnaire QUESTIONNAIRE_ID and its answers.

    Example:

    \b
        qaledger feedback show FBK-0012
    """
    output.record(ledger.feedback.show(questionnaire_id))
