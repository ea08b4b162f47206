"""The fixed words of the framework: roles, teams, grades, audit kinds.

Each is a ``StrEnum`` whose values are the kebab-case words typed at the CLI
and stored in events; ``parse`` refuses anything else with the list of what is
allowed.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self

from ledger.errors import UnknownChoice


class Vocabulary(StrEnum):
    @classmethod
    def parse(cls, value: str | Self) -> Self:
        if isinstance(value, cls):
            return value
        normalised = str(value).strip().lower().replace("_", "-").replace(" ", "-")
        try:
            return cls(normalised)
        except ValueError:
            raise UnknownChoice(cls.noun(), str(value), cls.choices()) from None

    @classmethod
    def choices(cls) -> list[str]:
        return [member.value for member in cls]

    @classmethod
    def noun(cls) -> str:
        return cls.__name__.lower()

    @property
    def label(self) -> str:
        return self.value.replace("-", " ")


class Role(Vocabulary):
    SOCIAL_WORKER = "social-worker"
    DEPUTY_TEAM_MANAGER = "deputy-team-manager"
    TEAM_MANAGER = "team-manager"
    IRO = "iro"
    IRO_TEAM_MANAGER = "iro-team-manager"
    HEAD_OF_SERVICE = "head-of-service"
    ASSISTANT_DIRECTOR = "assistant-director"
    SENIOR_MANAGER = "senior-manager"
    QA_OFFICER = "qa-officer"
    FAMILY_SUPPORT_MANAGER = "family-support-manager"
    ADMINISTRATOR = "administrator"
    INSPECTOR = "inspector"
    DATA_ANALYST = "data-analyst"


# The groups of roles the framework names, each once. The permissions table
# (ledger/permissions.py) builds who may issue each command from these.

READ_ONLY_ROLES = frozenset({Role.INSPECTOR, Role.DATA_ANALYST})

# Roles that work across a whole service rather than inside one team.
SERVICE_WIDE_ROLES = frozenset(
    {
        Role.HEAD_OF_SERVICE,
        Role.ASSISTANT_DIRECTOR,
        Role.SENIOR_MANAGER,
        Role.QA_OFFICER,
        Role.ADMINISTRATOR,
        Role.INSPECTOR,
        Role.DATA_ANALYST,
    }
)

# Those who manage a team: barred from auditing their own team's cases (§3.3).
TEAM_MANAGERS = frozenset(
    {
        Role.DEPUTY_TEAM_MANAGER,
        Role.TEAM_MANAGER,
        Role.IRO_TEAM_MANAGER,
        Role.FAMILY_SUPPORT_MANAGER,
    }
)
SENIOR_MANAGERS = frozenset(
    {Role.HEAD_OF_SERVICE, Role.ASSISTANT_DIRECTOR, Role.SENIOR_MANAGER}
)
MANAGERS = TEAM_MANAGERS | SENIOR_MANAGERS
# A team's own manager (not a deputy): who is told of an audit's findings, its
# alert and any urgent concern (§3.3).
TEAM_MANAGER_ROLES = TEAM_MANAGERS - {Role.DEPUTY_TEAM_MANAGER}

# §4.1: practice is observed by "a team manager or above".
OBSERVERS = MANAGERS - {Role.DEPUTY_TEAM_MANAGER}
# §4.1: what observation looks at is front-line practice.
OBSERVED_ROLES = frozenset({Role.SOCIAL_WORKER, Role.IRO, Role.DEPUTY_TEAM_MANAGER})

# §2.3: everyone who has a supervisor and a supervision file.
SUPERVISED_ROLES = frozenset(
    {
        Role.SOCIAL_WORKER,
        Role.IRO,
        Role.DEPUTY_TEAM_MANAGER,
        Role.TEAM_MANAGER,
        Role.IRO_TEAM_MANAGER,
        Role.FAMILY_SUPPORT_MANAGER,
        Role.QA_OFFICER,
        Role.HEAD_OF_SERVICE,
        Role.SENIOR_MANAGER,
    }
)

# §3.2, §3.3: who undertakes audits.
AUDITOR_ROLES = frozenset(
    {
        Role.DEPUTY_TEAM_MANAGER,
        Role.TEAM_MANAGER,
        Role.IRO,
        Role.IRO_TEAM_MANAGER,
        Role.HEAD_OF_SERVICE,
        Role.ASSISTANT_DIRECTOR,
        Role.SENIOR_MANAGER,
        Role.QA_OFFICER,
        Role.FAMILY_SUPPORT_MANAGER,
    }
)


def in_order(roles: frozenset[Role]) -> list[str]:
    """The group's roles in the vocabulary's order, as typed at the CLI."""
    return [role.value for role in Role if role in roles]


class Team(Vocabulary):
    REFERRAL_AND_ASSESSMENT = "referral-and-assessment"
    SAFEGUARDING = "safeguarding"
    LOOKED_AFTER_CHILDREN = "looked-after-children"
    CHILDREN_WITH_DISABILITIES = "children-with-disabilities"
    FAMILY_SUPPORT = "family-support"
    LEAVING_CARE = "leaving-care"
    IRO = "iro"


class Grade(Vocabulary):
    """Best first: the order grades are shown in. Practice observations
    (§4.1) are graded on the same scale."""

    OUTSTANDING = "outstanding"
    GOOD = "good"
    REQUIRES_IMPROVEMENT = "requires-improvement"
    INADEQUATE = "inadequate"


GOOD_OR_BETTER = frozenset({Grade.OUTSTANDING, Grade.GOOD})


class AuditKind(Vocabulary):
    THEMATIC = "thematic"
    WHOLE_CASE_FILE = "whole-case-file"
    TRANSFER = "transfer"
    HOS_RANDOM_SAMPLE = "hos-random-sample"
    FAMILY_SUPPORT = "family-support"
    CROSS_DISTRICT_THEMATIC = "cross-district-thematic"
    SUPERVISION_FILE = "supervision-file"

    @classmethod
    def noun(cls) -> str:
        return "audit kind"


THEMED_AUDIT_KINDS = frozenset({AuditKind.THEMATIC, AuditKind.CROSS_DISTRICT_THEMATIC})
# Audits that make an overall judgement of the file, added to the case (§3.3).
GRADED_AUDIT_KINDS = frozenset({AuditKind.WHOLE_CASE_FILE, AuditKind.TRANSFER})


def auditors_of(kind: AuditKind) -> frozenset[Role]:
    """Who may undertake an audit of ``kind``: heads of service audit files
    at transfer and sample their teams' cases (§3.3, §3.5); supervision files
    are audited by a senior manager or head of service (§2.3, §3.5); team
    managers audit across districts (§3.6); any auditor undertakes the rest
    (§3.2, §3.3)."""
    if kind in (AuditKind.TRANSFER, AuditKind.HOS_RANDOM_SAMPLE):
        return frozenset({Role.HEAD_OF_SERVICE})
    if kind == AuditKind.SUPERVISION_FILE:
        return SENIOR_MANAGERS
    if kind == AuditKind.CROSS_DISTRICT_THEMATIC:  # §3.6 "Team Managers"
        return TEAM_MANAGER_ROLES
    return AUDITOR_ROLES


class FollowUpOutcome(Vocabulary):
    ON_TRACK = "on-track"
    ACHIEVED = "achieved"
    NOT_PROGRESSING = "not-progressing"

    @classmethod
    def noun(cls) -> str:
        return "follow-up outcome"


class Trigger(Vocabulary):
    """§2.2: when the Case Management Decision or Supervision Record Function
    must be used."""

    TRANSFER_TO_LEAVING_CARE = "transfer-to-leaving-care"
    TRANSFER_TO_LOOKED_AFTER_CHILDREN = "transfer-to-looked-after-children"
    TRANSFER_TO_FAMILY_SUPPORT = "transfer-to-family-support"
    CASE_CLOSURE = "case-closure"
    CP_CONFERENCE = "cp-conference"
    ACCOMMODATION = "accommodation"
    CARE_PROCEEDINGS = "care-proceedings"
    PUBLIC_LAW_OUTLINE = "public-law-outline"
    REVOKE_CARE_ORDER = "revoke-care-order"
    REHABILITATION_TO_FAMILY = "rehabilitation-to-family"
    PRIVATE_FOSTERING = "private-fostering"
    CHANGE_OF_PLACEMENT = "change-of-placement"

    @classmethod
    def noun(cls) -> str:
        return "trigger"


# Triggers recorded by the case's own transfer and close commands.
TRANSFER_TRIGGERS = {
    Team.LEAVING_CARE: Trigger.TRANSFER_TO_LEAVING_CARE,
    Team.LOOKED_AFTER_CHILDREN: Trigger.TRANSFER_TO_LOOKED_AFTER_CHILDREN,
    Team.FAMILY_SUPPORT: Trigger.TRANSFER_TO_FAMILY_SUPPORT,
}


class DecisionFunction(Vocabulary):
    """The case-system functions a management decision is recorded with."""

    CASE_MANAGEMENT_DECISION = "case-management-decision"
    SUPERVISION_RECORD = "supervision-record"

    @classmethod
    def noun(cls) -> str:
        return "decision function"


# Seniority for "a manager of the supervisee's team or above" (§2.3).
SENIORITY = {
    Role.SOCIAL_WORKER: 0,
    Role.IRO: 0,
    Role.QA_OFFICER: 0,
    Role.ADMINISTRATOR: 0,
    Role.INSPECTOR: 0,
    Role.DATA_ANALYST: 0,
    Role.DEPUTY_TEAM_MANAGER: 1,
    Role.TEAM_MANAGER: 2,
    Role.IRO_TEAM_MANAGER: 2,
    Role.FAMILY_SUPPORT_MANAGER: 2,
    Role.HEAD_OF_SERVICE: 3,
    Role.SENIOR_MANAGER: 3,
    Role.ASSISTANT_DIRECTOR: 4,
}
# From this seniority a manager may supervise across teams.
SERVICE_MANAGER_SENIORITY = 3
