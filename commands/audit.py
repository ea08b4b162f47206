"""qaledger audit: the audit lifecycle, from scheduling to moderation."""

from __future__ import annotations

from datetime import date, datetime

import click

from commands.common import Output, ledger_command
from commands.read_models import Table, read_model_command
from ledger.application import QALedger
from ledger.vocabulary import AuditKind, Grade
from projections import lists
from projections.registry import ReadModels

GRADE_HELP = ", ".join(Grade.choices())
AUDIT_ID = click.argument("audit_id")


@click.group()
def audit() -> None:
    """Audits: schedule, start, grade, feed back, moderate, complete."""


@audit.command()
@click.option(
    "--kind", required=True, help="One of: " + ", ".join(AuditKind.choices()) + "."
)
@click.option("--auditor", required=True, metavar="STAFF_ID", help="Who audits.")
@click.option(
    "--week",
    required=True,
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help="Any day in the week the audit is to be done.",
)
@click.option("--case", "case_ref", metavar="CASE_REF", help="The case audited.")
@click.option(
    "--supervisee",
    metavar="STAFF_ID",
    help="Whose supervision file (supervision-file).",
)
@click.option("--theme", help="Theme (thematic and cross-district-thematic audits).")
@click.option(
    "--with",
    "joint_auditor",
    metavar="STAFF_ID",
    help="The team manager of another district who audits it jointly "
    "(cross-district-thematic only, and needed there: §3.6).",
)
@ledger_command(writes=True)
def schedule(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    kind: str,
    auditor: str,
    week: datetime,
    case_ref: str | None,
    supervisee: str | None,
    theme: str | None,
    joint_auditor: str | None,
) -> None:
    """Schedule an audit; prints the new audit id.

    Examples:

    \b
        qaledger audit schedule --kind whole-case-file --case LL-204311 \\
            --auditor TM03 --week 2026-11-02 --as QA01
        qaledger audit schedule --kind cross-district-thematic --case LL-204311 \\
            --theme "Threshold decisions" --auditor TM07 --with TM12 \\
            --week 2026-11-16 --as QA01
    """
    audit_id = ledger.audits.schedule(
        actor,
        kind=kind,
        auditor=auditor,
        week=week.date(),
        case_ref=case_ref,
        supervisee=supervisee,
        theme=theme,
        joint_auditor=joint_auditor,
        on=on,
    )
    auditors = " and ".join(filter(None, (auditor, joint_auditor)))
    output.done(f"{audit_id} scheduled ({kind}, auditor {auditors})", audit_id=audit_id)


@audit.command()
@AUDIT_ID
@click.option(
    "--look-back",
    "look_back_months",
    type=click.IntRange(1, 120),
    help="Months of the file to look back over (default 12).",
)
@ledger_command(writes=True)
def start(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    audit_id: str,
    look_back_months: int | None,
) -> None:
    """Start audit AUDIT_ID (the assigned auditor).

    Example:

    \b
        qaledger audit start AUD-0042 --as TM03
    """
    outside = ledger.audits.start(
        actor, audit_id=audit_id, look_back_months=look_back_months, on=on
    )
    shown = ledger.audits.show(audit_id)
    output.done(
        f"{audit_id} started"
        + (f", outside its scheduled week of {shown['week']}" if outside else ""),
        audit_id=audit_id,
        started_outside_week=outside,
    )


@audit.command()
@AUDIT_ID
@click.option("--section", required=True, help="Section of the audit tool.")
@click.option("--finding", required=True, help="What the auditor found.")
@ledger_command(writes=True)
def assess(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    audit_id: str,
    section: str,
    finding: str,
) -> None:
    """Record the finding on one section (not every section is needed).

    Example:

    \b
        qaledger audit assess AUD-0042 --section "Assessment" \\
            --finding "Up to date, child's voice clear" --as TM03
    """
    ledger.audits.assess_section(
        actor, audit_id=audit_id, section=section, finding=finding, on=on
    )
    output.done(f"{audit_id}: {section} assessed", audit_id=audit_id)


@audit.command()
@AUDIT_ID
@click.argument("grade", metavar="GRADE")
@ledger_command(writes=True)
def grade(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    audit_id: str,
    grade: str,
) -> None:
    """Give audit AUDIT_ID its GRADE: outstanding, good, requires-improvement
    or inadequate.

    Example:

    \b
        qaledger audit grade AUD-0042 good --as TM03
    """
    ledger.audits.grade(actor, audit_id=audit_id, grade=grade, on=on)
    output.done(f"{audit_id} graded {grade}", audit_id=audit_id)


@audit.command()
@AUDIT_ID
@click.option("--concern", required=True, help="The child-protection concern.")
@click.option("--team-manager", required=True, metavar="STAFF_ID")
@click.option(
    "--social-worker", metavar="STAFF_ID", help="Default: the allocated worker."
)
@click.option(
    "--found-on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help="When the audit found it (default: the day it is raised).",
)
@ledger_command(writes=True)
def concern(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    audit_id: str,
    concern: str,
    team_manager: str,
    social_worker: str | None,
    found_on: datetime | None,
) -> None:
    """Raise an urgent child-protection concern found by the audit, at once.

    Example:

    \b
        qaledger audit concern AUD-0042 --concern "No visit for 10 weeks" \\
            --team-manager TM03 --as HOS1
    """
    ledger.audits.raise_concern(
        actor,
        audit_id=audit_id,
        concern=concern,
        team_manager=team_manager,
        social_worker=social_worker,
        found_on=found_on.date() if found_on else None,
        on=on,
    )
    output.done(f"{audit_id}: urgent concern raised", audit_id=audit_id)


@audit.command()
@AUDIT_ID
@click.option("--summary", required=True, help="Findings, actions and timescales.")
@click.option("--team-manager", required=True, metavar="STAFF_ID")
@click.option(
    "--social-worker", metavar="STAFF_ID", help="Default: the allocated worker."
)
@ledger_command(writes=True)
def feedback(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    audit_id: str,
    summary: str,
    team_manager: str,
    social_worker: str | None,
) -> None:
    """Record feedback given to the social worker and team manager.

    Example:

    \b
        qaledger audit feedback AUD-0042 --summary "Plan needs dates" \\
            --team-manager TM03 --as HOS1
    """
    ledger.audits.give_feedback(
        actor,
        audit_id=audit_id,
        summary=summary,
        team_manager=team_manager,
        social_worker=social_worker,
        on=on,
    )
    output.done(f"{audit_id}: feedback given", audit_id=audit_id)


@audit.command()
@AUDIT_ID
@click.option("--team-manager", required=True, metavar="STAFF_ID")
@click.option("--head-of-service", required=True, metavar="STAFF_ID")
@ledger_command(writes=True)
def alert(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    audit_id: str,
    team_manager: str,
    head_of_service: str,
) -> None:
    """Record the alert sent to the team manager and head of service.

    Example:

    \b
        qaledger audit alert AUD-0042 --team-manager TM03 \\
            --head-of-service HOS2 --as HOS1
    """
    ledger.audits.send_alert(
        actor,
        audit_id=audit_id,
        team_manager=team_manager,
        head_of_service=head_of_service,
        on=on,
    )
    output.done(f"{audit_id}: alert sent", audit_id=audit_id)


@audit.command()
@AUDIT_ID
@click.option("--note", default="", help="Case note reference or text.")
@ledger_command(writes=True)
def record(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    audit_id: str,
    note: str,
) -> None:
    """Record that the audit was noted on the case system (Liquid Logic).

    Example:

    \b
        qaledger audit record AUD-0042 --note "Case note 2026-11-03" --as TM03
    """
    ledger.audits.record_on_case_system(actor, audit_id=audit_id, note=note, on=on)
    output.done(f"{audit_id}: recorded on the case system", audit_id=audit_id)


@audit.command()
@AUDIT_ID
@click.option("--replaces", required=True, metavar="GRADE", help="The grade now held.")
@click.option("--grade", "new_grade", required=True, metavar="GRADE", help=GRADE_HELP)
@click.option("--rationale", required=True, help="Why the moderator decided so.")
@ledger_command(writes=True)
def moderate(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    audit_id: str,
    replaces: str,
    new_grade: str,
    rationale: str,
) -> None:
    """Moderate the grading of AUDIT_ID (heads of service only).

    Give the same grade to agree with it, or another to change it.

    Example:

    \b
        qaledger audit moderate AUD-0042 --replaces good \\
            --grade requires-improvement --rationale "Plan not SMART" --as HOS2
    """
    ledger.audits.moderate(
        actor,
        audit_id=audit_id,
        replaces=replaces,
        grade=new_grade,
        rationale=rationale,
        on=on,
    )
    output.done(f"{audit_id}: grading moderated to {new_grade}", audit_id=audit_id)


@audit.command()
@AUDIT_ID
@click.option("--findings", default="", help="Key findings.")
@ledger_command(writes=True)
def complete(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    audit_id: str,
    findings: str,
) -> None:
    """Complete audit AUDIT_ID (a whole case file audit must be graded first).

    Example:

    \b
        qaledger audit complete AUD-0042 --findings "Good plan" --as TM03
    """
    ledger.audits.complete(actor, audit_id=audit_id, findings=findings, on=on)
    output.done(f"{audit_id} completed", audit_id=audit_id)


@audit.command()
@AUDIT_ID
@click.option("--reason", required=True, help="Why it is cancelled.")
@ledger_command(writes=True)
def cancel(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    audit_id: str,
    reason: str,
) -> None:
    """Cancel audit AUDIT_ID, with a reason.

    Example:

    \b
        qaledger audit cancel AUD-0042 --reason "Case closed" --as QA01
    """
    ledger.audits.cancel(actor, audit_id=audit_id, reason=reason, on=on)
    output.done(f"{audit_id} cancelled", audit_id=audit_id)


@audit.command()
@AUDIT_ID
@ledger_command(writes=False)
def show(ledger: QALedger, output: Output, audit_id: str) -> None:
    """Show audit AUDIT_ID: its state, grading, moderations and actions.

    Example:

    \b
        qaledger audit show AUD-0042 --json
    """
    output.record(ledger.audits.show(audit_id))


@audit.command("list")
@click.option("--kind", help="One of: " + ", ".join(AuditKind.choices()) + ".")
@click.option("--team", help="The case's (or supervisee's) team when scheduled.")
@click.option("--district", help="Likewise, the district.")
@click.option(
    "--status", metavar="STATUS", help="scheduled, started, completed or cancelled."
)
@click.option("--cycle", metavar="PERIOD", help="Only this audit cycle's (2026H2).")
@click.option(
    "--auditor", metavar="STAFF_ID", help="Only this auditor's, lead or joint."
)
@read_model_command
def list_(
    models: ReadModels,
    table: Table,
    kind: str | None,
    team: str | None,
    district: str | None,
    status: str | None,
    cycle: str | None,
    auditor: str | None,
) -> None:
    """Audits by kind, team, district, status, cycle or auditor.

    Example:

    \b
        qaledger audit list --cycle 2026H2 --status started
        qaledger audit list --kind whole-case-file --team safeguarding --csv
    """
    rows = lists.audits(
        models,
        kind=kind,
        team=team,
        district=district,
        status=status,
        cycle=cycle,
        auditor=auditor,
    )
    table.show(rows, lists.AUDIT_COLUMNS, "No audits match.")
