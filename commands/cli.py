"""qaledger: the quality-assurance ledger for children's social care."""

from __future__ import annotations

from datetime import date

import click

from commands.action import action
from commands.audit import audit
from commands.case import case
from commands.common import Output, ledger_command, on_option
from commands.complaint import complaint, compliment
from commands.cycle import cycle
from commands.db import db
from commands.demo import demo
from commands.export import export
from commands.feedback import feedback
from commands.history import history
from commands.keygen import keygen
from commands.meeting import meeting
from commands.observe import observe
from commands.projections import migrate_command, projections
from commands.reads import actions, compliance, due
from commands.report import report
from commands.staff import staff
from commands.supervision import supervision
from commands.verify import checkpoint, verify
from ledger.application import QALedger
from ledger.store import Store
from projections.registry import ReadModels

SECTIONS = {
    "Record oversight": [
        "staff",
        "case",
        "audit",
        "action",
        "supervision",
        "cycle",
        "complaint",
        "compliment",
        "feedback",
        "observe",
        "meeting",
    ],
    "See what is due": ["due", "compliance", "actions", "report"],
    "Inspect and verify": ["history", "verify", "checkpoint", "export"],
    "Run the ledger": [
        "init",
        "migrate",
        "projections",
        "db",
        "keygen",
        "demo",
    ],
}


class SectionedGroup(click.Group):
    """Lists commands under plain headings, in the order people need them."""

    def format_commands(
        self, ctx: click.Context, formatter: click.HelpFormatter
    ) -> None:
        listed = {name for names in SECTIONS.values() for name in names}
        sections = dict(SECTIONS)
        others = sorted(set(self.list_commands(ctx)) - listed)
        if others:
            sections["Other"] = others
        longest = max(len(name) for names in sections.values() for name in names)
        width = formatter.width - 6 - longest
        for heading, names in sections.items():
            rows = [
                (name, command.get_short_help_str(width))
                for name in names
                if (command := self.get_command(ctx, name)) is not None
            ]
            if rows:
                with formatter.section(heading):
                    formatter.write_dl(rows)


@click.group(
    cls=SectionedGroup, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(package_name="qaledger")
def main() -> None:
    """Record and check management oversight and quality assurance of
    children's social care: audits, gradings, actions, follow-ups.

    Every command that records something needs --as STAFF_ID (who you are)
    and takes --on YYYY-MM-DD for the date it happened. Add --json to any
    command for output a script can read.

    Start with:

        qaledger init --admin ADM1 --name "Alex Admin"
    """


@main.command()
@click.option("--admin", "admin_id", required=True, metavar="STAFF_ID")
@click.option("--name", required=True, help="The administrator's name.")
@on_option
@ledger_command(writes=False)
def init(
    ledger: QALedger,
    output: Output,
    admin_id: str,
    name: str,
    on: date | None,
    store: Store,
) -> None:
    """Create the ledger, its read-model tables and its first administrator.

    Example:

        qaledger init --admin ADM1 --name "Alex Admin"
    """
    ledger.init(admin_id=admin_id, name=name, on=on)
    with ReadModels(ledger, store, ledger.settings) as models:
        models.catch_up()
    output.done(f"ledger ready; administrator {admin_id}", staff_id=admin_id)


main.add_command(staff)
main.add_command(case)
main.add_command(audit)
main.add_command(action)
main.add_command(supervision)
main.add_command(cycle)
main.add_command(complaint)
main.add_command(compliment)
main.add_command(feedback)
main.add_command(observe)
main.add_command(meeting)
main.add_command(history)
main.add_command(due)
main.add_command(compliance)
main.add_command(actions)
main.add_command(migrate_command)
main.add_command(projections)
main.add_command(demo)
main.add_command(verify)
main.add_command(checkpoint)
main.add_command(export)
main.add_command(db)
main.add_command(keygen)
main.add_command(report)
