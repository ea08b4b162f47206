"""Which role may issue which command: the one table the application checks.

Read-only roles (inspector, data analyst) appear nowhere here, so they can
change nothing. The README shows this table; keep the two in step
(``tests/test_permissions.py`` checks that they agree).
"""

from __future__ import annotations

from ledger.errors import RoleNotPermitted
from ledger.vocabulary import (
    AUDITOR_ROLES,
    MANAGERS,
    READ_ONLY_ROLES,
    SENIOR_MANAGERS,
    Role,
    in_order,
)

# Who may issue each command, built from the groups in ledger/vocabulary.py.
STAFF_ADMIN = SENIOR_MANAGERS | {Role.ADMINISTRATOR}
CASE_ADMIN = MANAGERS | {Role.ADMINISTRATOR}
AUDIT_PLANNERS = SENIOR_MANAGERS | {
    Role.QA_OFFICER,
    Role.TEAM_MANAGER,
    Role.IRO_TEAM_MANAGER,
    Role.FAMILY_SUPPORT_MANAGER,
}
# Who runs the audit programme: the QA team and senior managers.
QA_LEADS = SENIOR_MANAGERS | {Role.QA_OFFICER}
PRACTITIONERS = frozenset(Role) - READ_ONLY_ROLES - {Role.ADMINISTRATOR}

PERMISSIONS: dict[str, frozenset[Role]] = {
    "staff join": STAFF_ADMIN,
    "staff change-role": STAFF_ADMIN,
    "staff leave": STAFF_ADMIN,
    "staff heads": STAFF_ADMIN,
    "staff grant-login": STAFF_ADMIN,
    "case open": CASE_ADMIN,
    "case transfer": CASE_ADMIN,
    "case allocate": CASE_ADMIN,
    "case close": MANAGERS,
    "case trigger": CASE_ADMIN | (PRACTITIONERS - {Role.QA_OFFICER}),
    "case decide": CASE_ADMIN,
    "audit schedule": AUDIT_PLANNERS,
    "audit start": AUDITOR_ROLES,
    "audit assess": AUDITOR_ROLES,
    "audit grade": AUDITOR_ROLES,
    "audit concern": AUDITOR_ROLES,
    "audit feedback": AUDITOR_ROLES,
    "audit alert": AUDITOR_ROLES,
    "audit record": AUDITOR_ROLES,
    "audit moderate": frozenset({Role.HEAD_OF_SERVICE}),
    "audit complete": AUDITOR_ROLES,
    "audit cancel": AUDIT_PLANNERS,
    "action set": AUDITOR_ROLES,
    "action review": MANAGERS,
    "action complete": PRACTITIONERS,
    "action oversee": MANAGERS,
    "action escalate": MANAGERS,
    "supervision record": MANAGERS,
    "supervision pdr": MANAGERS,
    "supervision audit-file": SENIOR_MANAGERS,
    "supervision survey": SENIOR_MANAGERS | {Role.QA_OFFICER},
    "cycle open": QA_LEADS,
    "cycle draw": QA_LEADS,
    "cycle allocate": QA_LEADS,
    "cycle close": QA_LEADS,
    "cycle thematic": QA_LEADS,
    "cycle hos-sample": frozenset({Role.HEAD_OF_SERVICE}),
    "cycle cross-district": QA_LEADS,
    # Complaints, compliments, feedback from users, staff observation (§4.1)
    # and performance management meetings (§3.7).
    "complaint receive": CASE_ADMIN,
    "complaint escalate": CASE_ADMIN,
    "complaint respond": CASE_ADMIN,
    "complaint lesson": CASE_ADMIN,
    # §4.1: the Staying Safe Management Team's consideration.
    "complaint consider": SENIOR_MANAGERS,
    "compliment receive": CASE_ADMIN,
    "feedback send": CASE_ADMIN,
    "feedback return": CASE_ADMIN,
    "observe record": MANAGERS,
    "meeting record": frozenset({Role.ASSISTANT_DIRECTOR, Role.QA_OFFICER}),
    # Report jobs (§3.3 benchmarks, §3.7 packs, §4.1): the QA team and senior
    # managers. Each run records a ReportGenerated event; verifying a file
    # and listing what is due record nothing and need no permission.
    "report benchmark": QA_LEADS,
    "report pmm": QA_LEADS,
    "report supervision": QA_LEADS,
    "report complaints": QA_LEADS,
    "report ofsted": QA_LEADS,
    # Signing off a tree head: those accountable for the ledger's records.
    "checkpoint record": QA_LEADS | {Role.ADMINISTRATOR},
}


def allowed_roles(command: str) -> list[str]:
    """The roles that may issue ``command``, in the vocabulary's order."""
    return in_order(PERMISSIONS[command])


def check_permitted(command: str, role: str) -> None:
    if Role.parse(role) not in PERMISSIONS[command]:
        raise RoleNotPermitted(command, role, allowed_roles(command))


def permissions_markdown() -> str:
    """The permissions table as it appears in the README."""
    lines = ["| command | roles that may issue it |", "| --- | --- |"]
    for command in PERMISSIONS:
        lines.append(f"| `{command}` | {', '.join(allowed_roles(command))} |")
    return "\n".join(lines)
