"""qaledger cycle: the audit programme: cycles, samples, thematic schedules."""

from __future__ import annotations

from datetime import date, datetime

import click

from commands.common import Output, ledger_command
from ledger.application import QALedger

DAY = click.DateTime(formats=["%Y-%m-%d"])
PERIOD = click.argument("period", metavar="PERIOD")


@click.group()
def cycle() -> None:
    """The audit programme: six-monthly whole case file audit cycles (§3.3),
    monthly thematic audits (§3.2) and heads of service's samples (§3.5)."""


@cycle.command("open")
@PERIOD
@click.option(
    "--size", type=click.IntRange(1), help="Cases to sample (default 35, §3.3)."
)
@ledger_command(writes=True)
def open_(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    period: str,
    size: int | None,
) -> None:
    """Open the whole case file audit cycle for PERIOD (like 2026H2).

    Example:

    \b
        qaledger cycle open 2026H2 --size 35 --as QA01
    """
    ledger.programme.open_cycle(actor, period=period, target_size=size, on=on)
    output.done(f"cycle {period} opened", period=period)


@cycle.command()
@PERIOD
@click.option("--seed", type=int, help="Random seed (default: chosen and recorded).")
@ledger_command(writes=True)
def draw(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    period: str,
    seed: int | None,
) -> None:
    """Draw PERIOD's random sample of open cases, in proportion to each team's
    open cases, leaving out cases audited in the last 12 months.

    The seed and the population are recorded, so anyone can redraw it.

    Example:

    \b
        qaledger cycle draw 2026H2 --seed 20261101 --as QA01
    """
    sample = ledger.programme.draw_sample(actor, period=period, seed=seed, on=on)
    population = sum(len(refs) for refs in sample["population"].values())
    output.done(
        f"{len(sample['drawn'])} cases drawn from {population} "
        f"(seed {sample['seed']}): {', '.join(sample['drawn'])}",
        period=period,
        seed=sample["seed"],
        drawn=sample["drawn"],
    )


@cycle.command()
@PERIOD
@click.option(
    "--auditor",
    "auditors",
    multiple=True,
    required=True,
    metavar="STAFF_ID",
    help="An auditor (repeat; one per drawn case).",
)
@click.option("--week", type=DAY, required=True, metavar="YYYY-MM-DD")
@ledger_command(writes=True)
def allocate(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    period: str,
    auditors: tuple[str, ...],
    week: datetime,
) -> None:
    """Give each drawn case of PERIOD its own auditor and schedule the audits.

    Nobody audits a case they hold or whose team they manage.

    Example:

    \b
        qaledger cycle allocate 2026H2 --auditor TM03 --auditor HOS2 \\
            --week 2026-11-09 --as QA01
    """
    allocations = ledger.programme.allocate(
        actor, period=period, auditors=list(auditors), week=week.date(), on=on
    )
    lines = [
        f"{plan['audit_id']}: {ref} audited by {plan['auditor']}"
        for ref, plan in allocations.items()
    ]
    output.done("\n".join(lines), period=period, allocations=allocations)


@cycle.command()
@PERIOD
@click.option("--findings", required=True, help="The cycle's key findings.")
@click.option(
    "--action",
    "actions",
    multiple=True,
    metavar="OWNER=DESCRIPTION",
    help="An action of the plan (repeat).",
)
@ledger_command(writes=True)
def close(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    period: str,
    findings: str,
    actions: tuple[str, ...],
) -> None:
    """Close PERIOD with its key findings and action plan.

    Example:

    \b
        qaledger cycle close 2026H2 --findings "Plans lack timescales" \\
            --action "TM03=Plan workshop for the team" --as QA01
    """
    planned = []
    for item in actions:
        owner, sep, description = item.partition("=")
        if not sep:
            raise click.BadParameter(
                f"{item!r} is not OWNER=DESCRIPTION", param_hint="--action"
            )
        planned.append((owner.strip(), description.strip()))
    action_ids = ledger.programme.close_cycle(
        actor, period=period, findings=findings, actions=planned, on=on
    )
    output.done(
        f"cycle {period} closed; actions {', '.join(action_ids) or 'none'}",
        period=period,
        action_ids=action_ids,
    )


@cycle.command()
@click.option("--month", required=True, metavar="YYYY-MM")
@click.option("--theme", required=True, help="What the audits look at.")
@click.option("--week", type=DAY, required=True, metavar="YYYY-MM-DD")
@click.option("--auditor", "auditors", multiple=True, required=True, metavar="STAFF_ID")
@click.option(
    "--findings-due",
    type=DAY,
    required=True,
    metavar="YYYY-MM-DD",
    help="The management team (SSMT) meeting the findings go to.",
)
@ledger_command(writes=True)
def thematic(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    month: str,
    theme: str,
    week: datetime,
    auditors: tuple[str, ...],
    findings_due: datetime,
) -> None:
    """Put a month's thematic audit on the schedule.

    Example:

    \b
        qaledger cycle thematic --month 2026-11 --theme "Child's voice" \\
            --week 2026-11-09 --auditor TM03 --auditor HOS2 \\
            --findings-due 2026-11-25 --as QA01
    """
    key = ledger.programme.plan_thematic(
        actor,
        month=month,
        theme=theme,
        week=week.date(),
        auditors=list(auditors),
        findings_due_on=findings_due.date(),
        on=on,
    )
    output.done(f"thematic audit {key} scheduled", key=key)


@cycle.command("hos-sample")
@click.option("--team", required=True)
@click.option("--month", required=True, metavar="YYYY-MM")
@click.option("--size", type=click.IntRange(1), default=3, show_default=True)
@click.option("--week", type=DAY, required=True, metavar="YYYY-MM-DD")
@click.option("--seed", type=int, help="Random seed (default: chosen and recorded).")
@ledger_command(writes=True)
def hos_sample(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    team: str,
    month: str,
    size: int,
    week: datetime,
    seed: int | None,
) -> None:
    """Draw your monthly random sample of a team's open cases and schedule
    your audits of them (heads of service).

    Example:

    \b
        qaledger cycle hos-sample --team safeguarding --month 2026-11 \\
            --size 3 --week 2026-11-16 --as HOS1
    """
    record = ledger.programme.draw_hos_sample(
        actor, team=team, month=month, size=size, week=week.date(), seed=seed, on=on
    )
    output.done(
        f"sample {record['key']}: {', '.join(record['sample']['drawn'])}; "
        f"audits {', '.join(record['audit_ids'])}",
        key=record["key"],
        audit_ids=record["audit_ids"],
        drawn=record["sample"]["drawn"],
    )


@cycle.command("cross-district")
@click.option("--month", required=True, metavar="YYYY-MM")
@click.option("--theme", required=True, help="What the audits look at.")
@click.option(
    "--manager",
    "managers",
    multiple=True,
    required=True,
    metavar="STAFF_ID",
    help="A team manager who audits; repeat, from two districts or more.",
)
@click.option("--size", type=click.IntRange(1), default=4, show_default=True)
@click.option("--week", type=DAY, required=True, metavar="YYYY-MM-DD")
@click.option("--team", help="Only this team's cases (default: every team's).")
@click.option("--seed", type=int, help="Random seed (default: chosen and recorded).")
@ledger_command(writes=True)
def cross_district(
    ledger: QALedger,
    output: Output,
    actor: str,
    on: date | None,
    month: str,
    theme: str,
    managers: tuple[str, ...],
    size: int,
    week: datetime,
    team: str | None,
    seed: int | None,
) -> None:
    """Draw the month's random thematic sample across districts and schedule
    each case's joint audit by two team managers of different districts,
    led by one from outside the case's district (§3.6).

    The sample is drawn in proportion to each district's eligible cases and
    recorded, so 'cycle redraw-check MONTH/across-districts' redraws it.

    Example:

    \b
        qaledger cycle cross-district --month 2026-11 \\
            --theme "Consistency of threshold decisions" \\
            --manager TM03 --manager TM07 --size 4 --week 2026-11-16 --as QA01
    """
    record = ledger.programme.draw_cross_district_sample(
        actor,
        month=month,
        theme=theme,
        managers=list(managers),
        size=size,
        week=week.date(),
        team=team,
        seed=seed,
        on=on,
    )
    audits = record["audits"]
    output.done(
        f"sample {record['key']}: "
        + "; ".join(
            f"{a['case_ref']} {a['audit_id']} by {a['auditor']} with "
            f"{a['joint_auditor']}"
            for a in audits
        ),
        key=record["key"],
        audits=audits,
        drawn=record["sample"]["drawn"],
    )


@cycle.command("redraw-check")
@click.argument("sample", metavar="PERIOD|MONTH/TEAM|MONTH/across-districts")
@ledger_command(writes=False)
def redraw_check(ledger: QALedger, output: Output, sample: str) -> None:
    """Redraw a recorded sample from the ledger and check it is the same.

    Exits 1 when the population or the sample differs.

    Example:

    \b
        qaledger cycle redraw-check 2026H2
        qaledger cycle redraw-check 2026-11/safeguarding
        qaledger cycle redraw-check 2026-11/across-districts
    """
    result = ledger.programme.redraw_check(sample)
    same = result["population_matches"] and result["sample_matches"]
    if output.as_json:
        output.record(result)
    elif same:
        click.echo(
            f"{sample}: redrawn from {result['population_size']} cases at position "
            f"{result['as_of_position']} with seed {result['seed']}: the same "
            f"{len(result['drawn'])} cases"
        )
    if not same:
        raise click.ClickException(
            f"{sample}: the redraw differs (population matches: "
            f"{result['population_matches']}, sample matches: "
            f"{result['sample_matches']})"
        )


@cycle.command()
@PERIOD
@ledger_command(writes=False)
def show(ledger: QALedger, output: Output, period: str) -> None:
    """Show the cycle for PERIOD: its sample, allocations and findings.

    Example:

    \b
        qaledger cycle show 2026H2 --json
    """
    output.record(ledger.programme.show_cycle(period))
