"""Domain errors: every refusal the ledger can give, each with a plain message.

The CLI shows the message after ``Error:`` and exits with status 1; nothing is
written when one of these is raised, because every check runs before any event
is saved.
"""

from __future__ import annotations

from collections.abc import Iterable


class LedgerError(Exception):
    """Base class for everything the ledger refuses."""


class NotFound(LedgerError):
    """Raised for an id that names nothing in the ledger."""

    def __init__(self, what: str, ident: str, hint: str = "") -> None:
        message = f"no such {what}: {ident!r}"
        super().__init__(f"{message}. {hint}" if hint else message)


class NoSuchStaffMember(NotFound):
    def __init__(self, staff_id: str) -> None:
        super().__init__("staff member", staff_id)


class NoSuchCase(NotFound):
    def __init__(self, case_ref: str) -> None:
        super().__init__("case", case_ref, "Open it first with 'qaledger case open'.")


class NoSuchAudit(NotFound):
    def __init__(self, audit_id: str) -> None:
        super().__init__("audit", audit_id)


class NoSuchAction(NotFound):
    def __init__(self, action_id: str) -> None:
        super().__init__("action", action_id)


class UnknownChoice(LedgerError):
    """Raised for a value outside a fixed vocabulary; lists what is allowed."""

    def __init__(self, what: str, given: str, allowed: Iterable[str]) -> None:
        self.allowed = list(allowed)
        super().__init__(
            f"unknown {what} {given!r}; allowed: {', '.join(self.allowed)}"
        )


class InvalidValue(LedgerError):
    """Raised for a malformed or missing value (an empty rationale, a bad id)."""


class IdAlreadyUsed(LedgerError):
    """Raised when an id was used before: ids are never reused."""

    def __init__(self, what: str, ident: str) -> None:
        super().__init__(f"{what} id {ident!r} is already used; ids are never reused")


class LedgerNotInitialised(LedgerError):
    def __init__(self) -> None:
        super().__init__("this ledger has no staff yet; run 'qaledger init' first")


class LedgerAlreadyInitialised(LedgerError):
    def __init__(self) -> None:
        super().__init__("this ledger is already initialised")


class RoleNotPermitted(LedgerError):
    """Raised when the acting staff member's role may not issue a command."""

    def __init__(self, command: str, role: str, allowed: Iterable[str]) -> None:
        self.allowed = list(allowed)
        super().__init__(
            f"the {role} role may not {command}; "
            f"that needs one of: {', '.join(self.allowed)}"
        )


class StaffMemberHasLeft(LedgerError):
    def __init__(self, staff_id: str, left_on: str) -> None:
        super().__init__(f"staff member {staff_id!r} left on {left_on}")


class DateInFuture(LedgerError):
    def __init__(self, given: str, today: str) -> None:
        super().__init__(
            f"date {given} is in the future (today is {today}); "
            "events record what has happened"
        )


class DateTooEarly(LedgerError):
    """Raised for an event dated before the thing it is about existed."""


class InvalidTransition(LedgerError):
    """Raised for a step the lifecycle does not allow from the current state."""


class AuditClosed(InvalidTransition):
    def __init__(self, audit_id: str, status: str) -> None:
        super().__init__(
            f"audit {audit_id} is {status}; only a moderation of its grading "
            "may still be recorded"
        )


class GradingRequired(InvalidTransition):
    def __init__(self, audit_id: str, kind: str) -> None:
        super().__init__(
            f"audit {audit_id} is a {kind.replace('-', ' ')} audit and cannot "
            "complete without an overall judgement; grade it first with "
            "'qaledger audit grade'"
        )


class NotAssignedAuditor(LedgerError):
    def __init__(self, audit_id: str, auditor: str, actor: str) -> None:
        super().__init__(
            f"only the assigned auditor ({auditor}) may do this on audit "
            f"{audit_id}, not {actor}"
        )


class ModerationMismatch(LedgerError):
    """Raised when a moderation names a grade other than the one it replaces."""


class FollowUpOutOfOrder(LedgerError):
    """Raised for a follow-up dated before its action or after its completion."""


class ClosureFunctionRequired(LedgerError):
    def __init__(self, case_ref: str, function: str) -> None:
        super().__init__(
            f"case {case_ref} can only be closed with the Case Closure Function "
            f"(--function case-closure, §2.2), not {function!r}"
        )


class NotALineManager(LedgerError):
    """Raised when a supervisor is not a manager of the supervisee's team or above."""


class SuperviseeHasLeft(LedgerError):
    def __init__(self, staff_id: str, left_on: str, on: str) -> None:
        super().__init__(
            f"{staff_id} left on {left_on} and cannot be supervised on {on}; "
            "their supervision file is kept for 2 years after leaving"
        )


class NoSuchCycle(NotFound):
    def __init__(self, period: str) -> None:
        super().__init__("audit cycle", period, "Open it with 'qaledger cycle open'.")


class NoSuchSample(NotFound):
    def __init__(self, key: str) -> None:
        super().__init__("sample", key)


class AllocationRefused(LedgerError):
    """Raised when auditors cannot be given one fair case each."""


class ActingAsSomeoneElse(LedgerError):
    def __init__(self, login: str, staff_id: str, claimed: str) -> None:
        super().__init__(
            f"you are connected as {login}, which is staff member {staff_id}; "
            f"you cannot act as {claimed}"
        )


class ActorRequired(LedgerError):
    def __init__(self, login: str | None) -> None:
        who = f"login {login} is not mapped to a staff member" if login else ""
        super().__init__(
            "say who is recording this with --as STAFF_ID"
            + (f" ({who}; see 'qaledger staff grant-login')" if who else "")
        )
