"""A council's first months of 2026 for the organisation read models and the
list commands: a role change, a leaver, a transfer, a closure, a moderation
changing a case's grade, and three actions (overdue, completed, open)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from ledger.application import QALedger
from tests.conftest import START, given_a_council, given_a_started_audit


def nothing() -> None:
    pass


def given_an_organisation(
    app: QALedger, between: Callable[[], object] = nothing
) -> None:
    """The council of ``given_a_council``, then (``between`` called after
    each step, to catch read models up as events arrive):

    - SW3 joins looked-after-children, South;
    - AUD-0001, a whole case file audit of LL-1001 by TM2, graded good on
      4 February and moderated to requires-improvement by HOS1 on 10 February;
    - AUD-0002, a thematic audit of LL-1001, graded outstanding (which
      grades no case);
    - SW2 becomes a deputy team manager on 1 March;
    - LL-1001 moves to looked-after-children, worker SW3, on 10 March;
    - LL-1002 opens in safeguarding, South, worker SW2, on 1 February and
      closes on 15 April;
    - SW1 leaves on 30 April;
    - ACT-0001 (SW3, due 4 March, never completed), ACT-0002 (SW2, due 4
      March, completed 1 March), ACT-0003 (SW3, due 2099, open).
    """
    given_a_council(app)
    app.staff.join(
        "ADM1",
        staff_id="SW3",
        name="Name of SW3",
        role="social-worker",
        team="looked-after-children",
        district="South",
        on=START,
    )
    between()
    whole_file = given_a_started_audit(app)
    app.audits.grade("TM2", audit_id=whole_file, grade="good", on=date(2026, 2, 4))
    between()
    app.audits.moderate(
        "HOS1",
        audit_id=whole_file,
        replaces="good",
        grade="requires-improvement",
        rationale="The plan has no timescales",
        on=date(2026, 2, 10),
    )
    between()
    thematic = given_a_started_audit(app, kind="thematic")
    app.audits.grade("TM2", audit_id=thematic, grade="outstanding", on=date(2026, 2, 5))
    between()
    for owner, audit_id, due_on in (
        ("SW3", whole_file, date(2026, 3, 4)),
        ("SW2", whole_file, date(2026, 3, 4)),
        ("SW3", thematic, date(2099, 1, 1)),
    ):
        app.actions.set(
            "TM2",
            audit_id=audit_id,
            owner=owner,
            description=f"Action for {owner}",
            due_on=due_on,
            on=date(2026, 2, 6),
        )
    app.actions.complete("SW2", action_id="ACT-0002", on=date(2026, 3, 1))
    between()
    app.staff.change_role(
        "ADM1",
        staff_id="SW2",
        role="deputy-team-manager",
        team="safeguarding",
        district="North",
        on=date(2026, 3, 1),
    )
    between()
    app.cases.transfer(
        "TM1",
        case_ref="LL-1001",
        to_team="looked-after-children",
        worker="SW3",
        on=date(2026, 3, 10),
    )
    app.cases.open(
        "TM1",
        case_ref="LL-1002",
        team="safeguarding",
        district="South",
        worker="SW2",
        on=date(2026, 2, 1),
    )
    between()
    app.cases.close(
        "TM1",
        case_ref="LL-1002",
        reason="Needs met",
        function="case-closure",
        on=date(2026, 4, 15),
    )
    app.staff.leave("ADM1", staff_id="SW1", on=date(2026, 4, 30))
    between()
