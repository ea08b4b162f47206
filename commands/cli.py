"""qaledger: the quality-assurance ledger for children's social care.

Commands are imported only when used, so ``qaledger --help`` and a write
command do not pay for the report libraries; the table below names each
command's module and the line ``qaledger --help`` shows for it.
"""

from __future__ import annotations

import importlib

import click

# Heading: [(name, "module:attribute", short help)], in the order people need.
SECTIONS: dict[str, list[tuple[str, str, str]]] = {
    "Record oversight": [
        ("staff", "commands.staff:staff", "Staff members: joiners, role changes and leavers."),
        ("case", "commands.case:case", "Cases: opened, transferred between teams, closed."),
        ("audit", "commands.audit:audit", "Audits: schedule, start, grade, feed back, moderate, complete."),
        ("action", "commands.action:action", "Actions: set from an audit, followed up, completed or escalated."),
        ("supervision", "commands.supervision:supervision", "Supervision (§2.3): sessions, development reviews, annual file audits."),
        ("cycle", "commands.cycle:cycle", "The audit programme: audit cycles, samples, thematic schedules."),
        ("complaint", "commands.complaint:complaint", "Complaints: receive, escalate, respond, lessons."),
        ("compliment", "commands.complaint:compliment", "Compliments: praise for a team or a member of staff."),
        ("feedback", "commands.feedback:feedback", "Feedback: questionnaires to families, and answers."),
        ("observe", "commands.observe:observe", "Staff observation: practice seen by a manager."),
        ("meeting", "commands.meeting:meeting", "Performance management meetings, held monthly."),
    ],
    "See what is due": [
        ("due", "commands.due:due", "What is due or overdue, soonest first."),
        ("compliance", "commands.due:compliance", "Every requirement, when it was due and whether it was met."),
        ("actions", "commands.due:actions", "Actions from audits and cycles: open, due, overdue or completed."),
        ("report", "commands.report:report", "Reports (HTML, CSV, Parquet): benchmark, PMM pack, Ofsted pack..."),
    ],
    "Inspect and verify": [
        ("history", "commands.history:history", "The full history of a case, an audit or a member of staff."),
        ("verify", "commands.verify:verify", "Check no event was changed, removed, added or reordered."),
        ("checkpoint", "commands.verify:checkpoint", "Sign off the ledger's tree head, or list those signed off."),
        ("export", "commands.export:export", "Evidence bundles and event files, checkable offline."),
    ],
    "Run the ledger": [
        ("init", "commands.init:init", "Create the ledger, its read-model tables and its first administrator."),
        ("migrate", "commands.projections:migrate_command", "Create or update the read-model tables."),
        ("projections", "commands.projections:projections", "Read models: position, rebuilding, following live."),
        ("import", "commands.import_:import_", "Bring events or an audit spreadsheet into the ledger."),
        ("db", "commands.db:db", "The database under the ledger (PostgreSQL)."),
        ("keygen", "commands.keygen:keygen", "Make a key for encrypting event payloads at rest."),
        ("demo", "commands.demo:demo", "Sample ledgers for trying qaledger out."),
    ],
}  # fmt: skip
LAZY = {name: target for rows in SECTIONS.values() for name, target, _ in rows}


class LedgerGroup(click.Group):
    """Loads each command when it is used, and lists them under headings."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*LAZY, *sorted(set(self.commands) - set(LAZY))]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.commands or name not in LAZY:
            return self.commands.get(name)
        module, _, attribute = LAZY[name].partition(":")
        command = getattr(importlib.import_module(module), attribute)
        assert isinstance(command, click.Command)
        return command

    def format_commands(
        self, ctx: click.Context, formatter: click.HelpFormatter
    ) -> None:
        for heading, rows in SECTIONS.items():
            with formatter.section(heading):
                formatter.write_dl([(name, short) for name, _, short in rows])
        others = sorted(set(self.commands) - set(LAZY))
        if others:
            with formatter.section("Other"):
                formatter.write_dl(
                    [
                        (name, self.commands[name].get_short_help_str())
                        for name in others
                    ]
                )


@click.group(cls=LedgerGroup, context_settings={"help_option_names": ["-h", "--help"]})
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
