"""A plausible year of one council's quality assurance, recorded through the
real application commands (never by writing events directly), so every rule
the ledger enforces holds for the demo too.

The year is kept as a diary: each activity records what happens on a day and
books its next step on a later working day; the diary is worked through in
date order, so the log reads as the year happened. A step that would fall
after the year's last day is left undone, as at any year end (actions still
open, complaints still unanswered). One seeded ``random.Random`` makes every
choice and every date counts from the start, so the same seed gives the same
ledger.

What the year holds:

- staff (§2.1): an assistant director, heads of service, a senior manager, QA
  officers, team managers and deputies in six teams and two districts, an IRO
  team, family support managers and social workers; a social worker and a
  deputy leave, a replacement joins and a social worker is promoted;
- cases: a caseload opened in the first fortnight and referrals all year,
  transfers between teams, closures with the Case Closure Function, the other
  §2.2 triggers, and management decisions for most of them: on time, late or
  never recorded;
- supervision (§2.3): sessions about every four weeks with some missed or
  late, annual development reviews, the annual audit of supervision files and
  the annual survey;
- the audit programme (§3.1 to §3.6): two six-monthly whole case file audit
  cycles (sample, allocation, audits, moderation, findings and an action
  plan), monthly thematic schedules, heads of service's monthly samples,
  transfer, family support, cross-district and supervision file audits;
  actions from audits followed up on time, late or not at all, completed or
  escalated;
- §3.7 and §4.1: monthly performance management meetings, complaints through
  the stages, compliments, feedback questionnaires and practice observations.
"""

from __future__ import annotations

import heapq
import itertools
import random
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial

from ledger.application import QALedger
from ledger.dates import add_months
from ledger.errors import InvalidValue
from ledger.vocabulary import TRANSFER_TRIGGERS, AuditKind, Grade, Role, Team, Trigger


def words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# The council.

DISTRICTS = ("North", "South")
TEAM_CODES = {
    Team.REFERRAL_AND_ASSESSMENT: "RA",
    Team.SAFEGUARDING: "SG",
    Team.LOOKED_AFTER_CHILDREN: "LAC",
    Team.CHILDREN_WITH_DISABILITIES: "CWD",
    Team.LEAVING_CARE: "LC",
    Team.FAMILY_SUPPORT: "FS",
}
SOCIAL_WORKERS_PER_DISTRICT = {
    Team.REFERRAL_AND_ASSESSMENT: 2,
    Team.SAFEGUARDING: 2,
    Team.LOOKED_AFTER_CHILDREN: 2,
    Team.CHILDREN_WITH_DISABILITIES: 1,
    Team.LEAVING_CARE: 1,
    Team.FAMILY_SUPPORT: 1,
}
# The bigger teams have a deputy team manager in each district.
TEAMS_WITH_DEPUTIES = (
    Team.REFERRAL_AND_ASSESSMENT,
    Team.SAFEGUARDING,
    Team.LOOKED_AFTER_CHILDREN,
)
IROS = 2
# Cases open in each district when the ledger starts.
CASELOAD_PER_DISTRICT = {
    Team.REFERRAL_AND_ASSESSMENT: 4,
    Team.SAFEGUARDING: 9,
    Team.LOOKED_AFTER_CHILDREN: 9,
    Team.CHILDREN_WITH_DISABILITIES: 4,
    Team.LEAVING_CARE: 4,
    Team.FAMILY_SUPPORT: 4,
}
HEADS_OF_SERVICE = {
    "HOS1": (Team.REFERRAL_AND_ASSESSMENT, Team.SAFEGUARDING),
    "HOS2": (Team.LOOKED_AFTER_CHILDREN, Team.LEAVING_CARE),
    "HOS3": (Team.CHILDREN_WITH_DISABILITIES, Team.FAMILY_SUPPORT, Team.IRO),
}
ADMIN, DIRECTOR, SENIOR_MANAGER, QA_LEAD = "ADM1", "AD1", "SM1", "QA1"
IRO_MANAGER = "IROTM1"
# The year's staff changes.
LEAVER, REPLACEMENT = "SW-SGN2", "SW-SGN3"
DEPUTY_LEAVER, PROMOTED = "DTM-LACS", "SW-LACS1"

FIRST_NAMES = words(
    "Aisha Ben Chloe Daniel Ella Farah George Hannah Imran Jess Kofi Laura "
    "Mohammed Niamh Oliver Priya Rachel Sam Tom Usha Victoria Wes Yasmin Zara "
    "Callum Grace Hamza Leah Owen Ruth"
)
LAST_NAMES = words(
    "Ahmed Baker Clarke Davies Evans Fletcher Green Hughes Iqbal Jones Khan "
    "Lewis Morris Nowak O'Brien Patel Quinn Roberts Shah Taylor Walsh Wright "
    "Young Begum Hussain Kelly Murphy Singh Ward Wood"
)

# Cases: what may happen to an open case in a month, by team (§2.2).
Move = tuple[str, Team | Trigger | None, float]
MONTHLY_MOVES: dict[Team, list[Move]] = {
    Team.REFERRAL_AND_ASSESSMENT: [
        ("close", None, 0.30),
        ("transfer", Team.SAFEGUARDING, 0.15),
        ("transfer", Team.FAMILY_SUPPORT, 0.12),
        ("trigger", Trigger.CP_CONFERENCE, 0.06),
        ("trigger", Trigger.PRIVATE_FOSTERING, 0.01),
    ],
    Team.SAFEGUARDING: [
        ("trigger", Trigger.CP_CONFERENCE, 0.05),
        ("trigger", Trigger.PUBLIC_LAW_OUTLINE, 0.03),
        ("trigger", Trigger.CARE_PROCEEDINGS, 0.02),
        ("trigger", Trigger.ACCOMMODATION, 0.03),
        ("transfer", Team.FAMILY_SUPPORT, 0.04),
        ("close", None, 0.05),
    ],
    Team.LOOKED_AFTER_CHILDREN: [
        ("trigger", Trigger.CHANGE_OF_PLACEMENT, 0.07),
        ("trigger", Trigger.REHABILITATION_TO_FAMILY, 0.015),
        ("trigger", Trigger.REVOKE_CARE_ORDER, 0.01),
        ("transfer", Team.LEAVING_CARE, 0.03),
        ("close", None, 0.01),
    ],
    Team.CHILDREN_WITH_DISABILITIES: [
        ("trigger", Trigger.ACCOMMODATION, 0.02),
        ("trigger", Trigger.CHANGE_OF_PLACEMENT, 0.02),
        ("close", None, 0.04),
    ],
    Team.LEAVING_CARE: [
        ("trigger", Trigger.CHANGE_OF_PLACEMENT, 0.04),
        ("close", None, 0.05),
    ],
    Team.FAMILY_SUPPORT: [
        ("close", None, 0.14),
        ("transfer", Team.SAFEGUARDING, 0.01),
    ],
}
CLOSURE_REASONS = {
    Team.REFERRAL_AND_ASSESSMENT: (
        "Assessment complete: no further action",
        "Assessment complete: signposted to universal services",
    ),
    Team.SAFEGUARDING: (
        "Child protection plan ended; needs met",
        "Family moved out of the area; case transferred in",
    ),
    Team.LOOKED_AFTER_CHILDREN: (
        "Returned home; care order discharged",
        "Special guardianship order granted",
    ),
    Team.CHILDREN_WITH_DISABILITIES: (
        "Needs met through the short breaks offer",
        "Transition to adult services complete",
    ),
    Team.LEAVING_CARE: (
        "Reached 21; pathway plan ended",
        "Young person declined a further service",
    ),
    Team.FAMILY_SUPPORT: (
        "Family support plan achieved",
        "Family disengaged after review",
    ),
}
DECISION_RATIONALES = {
    Trigger.TRANSFER_TO_LEAVING_CARE: "Young person is 16; pathway planning leads",
    Trigger.TRANSFER_TO_LOOKED_AFTER_CHILDREN: "Child accommodated; care plan needed",
    Trigger.TRANSFER_TO_FAMILY_SUPPORT: "Risks reduced; step down to family support",
    Trigger.CASE_CLOSURE: "Plan outcomes met; no further statutory role",
    Trigger.CP_CONFERENCE: "Strategy discussion: threshold for conference met",
    Trigger.ACCOMMODATION: "No safe family option; section 20 agreed with parent",
    Trigger.CARE_PROCEEDINGS: "Legal gateway: threshold met, proceedings to issue",
    Trigger.PUBLIC_LAW_OUTLINE: "Legal planning meeting: pre-proceedings letter",
    Trigger.REVOKE_CARE_ORDER: "Stable at home for a year; apply to discharge",
    Trigger.REHABILITATION_TO_FAMILY: "Parenting assessment positive; phased return",
    Trigger.PRIVATE_FOSTERING: "Arrangement assessed; visits every six weeks",
    Trigger.CHANGE_OF_PLACEMENT: "Placement breakdown; matched to a new carer",
}
# Decisions a head of service takes rather than the team manager.
SENIOR_DECISIONS = frozenset(
    {
        Trigger.ACCOMMODATION,
        Trigger.CARE_PROCEEDINGS,
        Trigger.PUBLIC_LAW_OUTLINE,
        Trigger.REVOKE_CARE_ORDER,
    }
)

# Audits.

GRADE_WEIGHTS = {  # outstanding, good, requires improvement, inadequate
    "first half": (1, 4, 5, 2),
    "second half": (2, 6, 3, 1),
}
SECTIONS = (
    "Assessment",
    "Child's plan",
    "Voice of the child",
    "Management oversight",
    "Chronology",
    "Visits",
)
FINDINGS = (
    "Up to date and analytical",
    "Present but not updated since the last review",
    "Evident in most records",
    "Gaps in recording over the last quarter",
    "Clear and well evidenced",
)
ACTION_DESCRIPTIONS = (
    "Update the chronology",
    "Add timescales to the child's plan",
    "Record the child's views in the assessment",
    "Record the supervision decision on the child's file",
    "Complete the overdue statutory visit",
    "Review the plan with the family and update it",
)
THEMES = (
    "Voice of the child",
    "Care planning",
    "Management oversight",
    "Chronologies",
    "Assessment quality",
    "Child protection plans",
    "Pathway plans",
    "Placement stability",
    "Supervision on file",
    "Contact arrangements",
    "Recording of visits",
    "Health and education",
)
SUPERVISION_FILE_SECTIONS = (
    ("Frequency", "Sessions roughly monthly with one gap"),
    ("Reflective discussion", "Recorded in most sessions"),
    ("Case decisions", "Decisions mirrored on child files"),
)


@dataclass(frozen=True)
class AuditStyle:
    """How a kind of audit is worked: how often graded, how often actions set."""

    grading: float
    actions: float


STYLES = {
    AuditKind.WHOLE_CASE_FILE: AuditStyle(grading=1.0, actions=0.7),
    AuditKind.HOS_RANDOM_SAMPLE: AuditStyle(grading=0.8, actions=0.5),
    AuditKind.TRANSFER: AuditStyle(grading=1.0, actions=0.4),
    AuditKind.THEMATIC: AuditStyle(grading=0.0, actions=0.35),
    AuditKind.FAMILY_SUPPORT: AuditStyle(grading=0.5, actions=0.4),
    AuditKind.CROSS_DISTRICT_THEMATIC: AuditStyle(grading=0.0, actions=0.3),
}

# §4.1.
COMPLAINT_CATEGORIES = (
    "communication",
    "delay",
    "decision",
    "quality-of-service",
    "staff-conduct",
    "contact-arrangements",
    "placement",
    "information-sharing",
)
OUTCOMES = ("upheld", "partly-upheld", "not-upheld")
LESSONS = (
    "Confirm visit times in writing",
    "Share meeting minutes within ten working days",
    "Explain the reasons for decisions to parents",
    "Return calls within one working day",
)
COMPLIMENTS = (
    "Family thanked the worker for her patience",
    "Young person said the team listened",
    "School praised joint working",
    "Carer thanked the team for support through a crisis",
)
QUESTIONS = ("listened-to", "understood", "helped", "treated-with-respect", "overall")
COMMENTS = (
    "The social worker always came when she said she would",
    "Too many changes of worker",
    "We felt listened to",
    "Meetings were hard to follow",
)
DEVELOPMENT_NEEDS = (
    "Court skills training",
    "Direct work with younger children",
    "Analysis in assessments",
    "Leadership programme",
    "Trauma-informed practice",
)
MEETING_FOCUS = (
    "Referral timeliness",
    "Child protection plans",
    "Children looked after",
    "Care leavers",
    "Family support step-downs",
    "Children with disabilities",
    "Supervision and workforce",
    "Audit cycle learning",
    "Complaints and feedback",
    "Placement stability",
    "Thematic audit learning",
    "Year-end performance",
)

COUNTS = (
    "staff joined",
    "staff left",
    "role changes",
    "cases opened",
    "cases transferred",
    "cases reallocated within a team",
    "cases closed",
    "§2.2 triggers",
    "decisions recorded on time",
    "decisions recorded late",
    "decisions never recorded",
    "supervision sessions",
    "supervision sessions missed",
    "development reviews",
    "supervision files audited",
    "supervision surveys",
    "audit cycles",
    "cases drawn for cycles",
    "thematic schedules",
    "heads of service samples",
    *(f"{kind.label} audits" for kind in AuditKind),
    "audits completed",
    "audits cancelled",
    *(f"graded {grade}" for grade in Grade),
    "gradings moderated",
    "gradings changed by moderation",
    "urgent concerns",
    "actions set",
    "follow-ups reviewed",
    "follow-ups late",
    "actions completed",
    "actions escalated",
    "complaints received",
    "complaint escalations",
    "complaint responses",
    "complaint lessons",
    "compliments",
    "questionnaires sent",
    "questionnaires returned",
    "practice observations",
    "observations needing support",
    "performance meetings",
)


@dataclass
class DemoSummary:
    counts: Counter[str] = field(
        default_factory=lambda: Counter(dict.fromkeys(COUNTS, 0))
    )
    # What each audit cycle found, as its closing findings put it.
    cycles: dict[str, str] = field(default_factory=dict)
    events: int = 0

    def lines(self) -> list[str]:
        return [
            *(f"{what}: {n}" for what, n in self.counts.items()),
            *(f"cycle {period}: {found}" for period, found in self.cycles.items()),
            f"events recorded: {self.events}",
        ]


# The diary and the council's state as the demo knows it.

Step = Callable[[date], None]


class Diary:
    """Steps booked on days, worked through in date order (ties in the order
    they were booked); steps after the last day are dropped."""

    def __init__(self, last_day: date) -> None:
        self.last_day = last_day
        self._steps: list[tuple[date, int, Step]] = []
        self._booked = itertools.count()

    def book(self, day: date, step: Step) -> None:
        if day <= self.last_day:
            heapq.heappush(self._steps, (day, next(self._booked), step))

    def run(self) -> None:
        while self._steps:
            day, _, step = heapq.heappop(self._steps)
            step(day)


@dataclass
class Member:
    staff_id: str
    role: Role
    team: Team | None
    district: str | None
    joined: date
    left: date | None = None
    # A planned leaving or promotion: no new work in the weeks before it.
    moving_on: date | None = None

    def employed(self, day: date) -> bool:
        return self.joined <= day and (self.left is None or day <= self.left)

    def settled(self, day: date, weeks: int = 6) -> bool:
        """Employed on ``day`` and not moving on in the next ``weeks``."""
        moving = self.moving_on
        soon = moving is not None and day <= moving <= day + timedelta(weeks=weeks)
        return self.employed(day) and not soon

    @property
    def index(self) -> int:
        return int(self.staff_id[-1]) if self.staff_id[-1].isdigit() else 0


@dataclass
class CaseFile:
    ref: str
    team: Team
    district: str
    worker: str
    opened: date
    closed: date | None = None
    busy_until: date | None = None
    audit_starts: list[date] = field(default_factory=list)
    audits_pending: int = 0

    @property
    def is_open(self) -> bool:
        return self.closed is None

    def eligible(self, day: date, look_back_months: int) -> bool:
        """As ``ledger.population`` sees it: open, not audited in the look-back
        window and with no audit scheduled but not started."""
        since = add_months(day, -look_back_months)
        recent = any(since < started <= day for started in self.audit_starts)
        return self.is_open and not recent and self.audits_pending == 0


@dataclass
class AuditState:
    audit_id: str
    kind: AuditKind
    auditor: str
    case_ref: str | None
    theme: str | None = None
    cycle: str | None = None
    started_on: date | None = None
    grade: Grade | None = None


@dataclass
class ActionState:
    action_id: str
    owner: str
    set_on: date
    due_on: date
    case_ref: str | None
    # Who follows up an action from a cycle's plan; a case's own team manager
    # follows up the rest.
    reviewer: str | None = None
    done: bool = False
    escalated: bool = False


@dataclass
class Council:
    ledger: QALedger
    rng: random.Random
    seed: int
    start: date
    end: date
    diary: Diary
    summary: DemoSummary
    staff: dict[str, Member] = field(default_factory=dict)
    cases: dict[str, CaseFile] = field(default_factory=dict)
    audits: dict[str, AuditState] = field(default_factory=dict)
    actions: dict[str, ActionState] = field(default_factory=dict)
    complaints: dict[str, tuple[Team, str, int]] = field(default_factory=dict)
    # Reports to table at the next performance management meeting.
    news: list[str] = field(default_factory=list)
    case_numbers: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    responses_given: int = 0

    # Dates and chances.

    def book(self, day: date, step: Step) -> None:
        """Book ``step`` on the first working day from ``day``."""
        self.diary.book(workday(day), step)

    def month(self, months: int, day: int = 1) -> date:
        return add_months(self.start, months) + timedelta(days=day - 1)

    def later(self, day: date, low: int, high: int) -> date:
        return day + timedelta(days=self.rng.randint(low, high))

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def half(self, day: date) -> str:
        return "first half" if day < add_months(self.start, 6) else "second half"

    def count(self, what: str, n: int = 1) -> None:
        self.summary.counts[what] += n

    # Who is who on a day.

    def members(
        self,
        day: date,
        *roles: Role,
        team: Team | None = None,
        district: str | None = None,
    ) -> list[Member]:
        return [
            m
            for m in self.staff.values()
            if m.employed(day)
            and m.role in roles
            and (team is None or m.team == team)
            and (district is None or m.district == district)
        ]

    def manager(self, team: Team, district: str | None, day: date) -> str:
        """The team manager (family support manager, IRO team manager)."""
        if team == Team.IRO:
            return IRO_MANAGER
        role = Role.FAMILY_SUPPORT_MANAGER if team == Team.FAMILY_SUPPORT else None
        found = self.members(
            day, role or Role.TEAM_MANAGER, team=team, district=district
        )
        return found[0].staff_id

    def deputy(self, team: Team, district: str | None, day: date) -> str | None:
        found = self.members(
            day, Role.DEPUTY_TEAM_MANAGER, team=team, district=district
        )
        return found[0].staff_id if found else None

    def case_manager(self, ref: str, day: date) -> str:
        case = self.cases[ref]
        return self.manager(case.team, case.district, day)

    def open_cases(
        self, *, team: Team | None = None, district: str | None = None
    ) -> list[CaseFile]:
        return [
            case
            for case in self.cases.values()
            if case.is_open
            and (team is None or case.team == team)
            and (district is None or case.district == district)
        ]


def head_of_service(team: Team) -> str:
    return next(hos for hos, teams in HEADS_OF_SERVICE.items() if team in teams)


def workday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def derived_seed(seed: int, label: str) -> int:
    """A fixed seed for one draw, derived from the demo's seed."""
    return random.Random(f"qaledger-demo:{seed}:{label}").randrange(10**9)


def period_of(day: date) -> str:
    return f"{day.year}H{1 if day.month <= 6 else 2}"


# The year.


def generate(
    ledger: QALedger,
    *,
    seed: int,
    start: date,
    progress: Callable[[str], None] = lambda _: None,
) -> DemoSummary:
    """Record a year of one council's oversight from ``start`` into the empty
    ``ledger``; the year must be over by today."""
    end = add_months(start, 12) - timedelta(days=1)
    if end > ledger.today():
        raise InvalidValue(
            f"the demo year {start} to {end} is not over yet (today is "
            f"{ledger.today()}); start it at least a year ago"
        )
    council = Council(
        ledger=ledger,
        rng=random.Random(seed),
        seed=seed,
        start=start,
        end=end,
        diary=Diary(end),
        summary=DemoSummary(),
    )
    book_progress(council, progress)
    join_staff(council)
    plan_staff_changes(council)
    open_caseload(council)
    for month in range(12):
        plan_month(council, month)
    for member in list(council.staff.values()):
        plan_for_member(council, member)
    plan_audit_cycles(council)
    council.book(council.month(8, 20), partial(record_survey, council))
    council.diary.run()
    council.summary.events = ledger.position()
    progress(f"year complete: {council.summary.events} events")
    return council.summary


def book_progress(c: Council, progress: Callable[[str], None]) -> None:
    def report(month_start: date, _: date) -> None:
        previous = add_months(month_start, -1)
        progress(f"{previous:%B %Y}: {c.ledger.position()} events so far")

    # Booked first, so each runs before anything else on its day.
    for month in range(1, 12):
        first = c.month(month)
        c.diary.book(first, partial(report, first))


def plan_month(c: Council, month: int) -> None:
    first = c.month(month)
    c.book(first, partial(plan_referrals, c))
    c.book(c.month(month, 3), partial(review_caseload, c))
    c.book(first, partial(plan_thematic_month, c, month))
    c.book(c.month(month, 8), partial(draw_hos_samples, c, month))
    c.book(c.month(month, 2), partial(plan_complaints_and_compliments, c))
    c.book(c.month(month, 24), partial(hold_meeting, c, month))
    if month % 3 == 0:
        c.book(c.month(month, 10), partial(family_support_audits, c))
    if month in (5, 10):
        c.book(c.month(month, 12), partial(cross_district_audits, c))
    if month == 9:
        c.book(c.month(month, 6), partial(supervision_file_audits, c))


# Staff.


def join_staff(c: Council) -> None:
    c.ledger.init(admin_id=ADMIN, name="Alex Admin", on=c.start)
    c.count("staff joined")
    for staff_id, role, team, district in roster():
        join(c, staff_id, role, team, district, c.start)


def roster() -> list[tuple[str, Role, Team | None, str | None]]:
    people: list[tuple[str, Role, Team | None, str | None]] = [
        (DIRECTOR, Role.ASSISTANT_DIRECTOR, None, None),
        *((hos, Role.HEAD_OF_SERVICE, None, None) for hos in HEADS_OF_SERVICE),
        (SENIOR_MANAGER, Role.SENIOR_MANAGER, None, None),
        (QA_LEAD, Role.QA_OFFICER, None, None),
        ("QA2", Role.QA_OFFICER, None, None),
        (IRO_MANAGER, Role.IRO_TEAM_MANAGER, Team.IRO, None),
        *((f"IRO{n}", Role.IRO, Team.IRO, None) for n in range(1, IROS + 1)),
    ]
    for team, workers in SOCIAL_WORKERS_PER_DISTRICT.items():
        code = TEAM_CODES[team]
        for district in DISTRICTS:
            d = district[0]
            if team == Team.FAMILY_SUPPORT:
                people.append((f"FSM-{d}", Role.FAMILY_SUPPORT_MANAGER, team, district))
            else:
                people.append((f"TM-{code}{d}", Role.TEAM_MANAGER, team, district))
            if team in TEAMS_WITH_DEPUTIES:
                people.append(
                    (f"DTM-{code}{d}", Role.DEPUTY_TEAM_MANAGER, team, district)
                )
            people += [
                (f"SW-{code}{d}{n}", Role.SOCIAL_WORKER, team, district)
                for n in range(1, workers + 1)
            ]
    return people


def join(
    c: Council,
    staff_id: str,
    role: Role,
    team: Team | None,
    district: str | None,
    day: date,
) -> Member:
    name = f"{c.rng.choice(FIRST_NAMES)} {c.rng.choice(LAST_NAMES)}"
    c.ledger.join_staff(
        ADMIN,
        staff_id=staff_id,
        name=name,
        role=role.value,
        team=team.value if team else None,
        district=district,
        on=day,
    )
    member = Member(staff_id, role, team, district, joined=day)
    c.staff[staff_id] = member
    c.count("staff joined")
    return member


def plan_staff_changes(c: Council) -> None:
    """A social worker leaves and is replaced; later a deputy leaves and a
    social worker in the same team is promoted to deputy."""
    leaves = workday(c.month(4, 16))
    c.staff[LEAVER].moving_on = leaves
    c.book(leaves - timedelta(days=7), partial(reallocate_caseload, c, LEAVER))
    c.book(leaves, partial(leave, c, LEAVER))
    c.book(c.month(5, 9), partial(join_replacement, c))

    deputy_leaves = workday(c.month(6, 25))
    c.staff[DEPUTY_LEAVER].moving_on = deputy_leaves
    c.book(deputy_leaves, partial(leave, c, DEPUTY_LEAVER))
    promoted = workday(c.month(8, 1))
    c.staff[PROMOTED].moving_on = promoted
    c.book(promoted - timedelta(days=3), partial(reallocate_caseload, c, PROMOTED))
    c.book(promoted, partial(promote, c, PROMOTED))


def leave(c: Council, staff_id: str, day: date) -> None:
    c.ledger.leave_staff(ADMIN, staff_id=staff_id, on=day)
    c.staff[staff_id].left = day
    c.count("staff left")


def join_replacement(c: Council, day: date) -> None:
    leaver = c.staff[LEAVER]
    member = join(c, REPLACEMENT, leaver.role, leaver.team, leaver.district, day)
    plan_for_member(c, member)


def promote(c: Council, staff_id: str, day: date) -> None:
    member = c.staff[staff_id]
    assert member.team is not None
    c.ledger.change_staff_role(
        head_of_service(member.team),
        staff_id=staff_id,
        role=Role.DEPUTY_TEAM_MANAGER.value,
        team=member.team.value,
        district=member.district,
        on=day,
    )
    member.role = Role.DEPUTY_TEAM_MANAGER
    c.count("role changes")


def reallocate_caseload(c: Council, staff_id: str, day: date) -> None:
    for case in c.open_cases():
        if case.worker == staff_id:
            worker = pick_worker(c, case.team, case.district, day)
            c.ledger.transfer_case(
                c.case_manager(case.ref, day),
                case_ref=case.ref,
                to_team=case.team.value,
                worker=worker,
                on=day,
            )
            case.worker = worker
            c.count("cases reallocated within a team")


def plan_for_member(c: Council, member: Member) -> None:
    """Supervision, the annual development review, practice observation and
    the annual audit of the supervision file."""
    if supervisor_of(c, member, member.joined) is None:
        return
    c.book(c.later(member.joined, 2, 25), partial(supervise, c, member.staff_id))
    review = c.later(max(c.month(3), member.joined + timedelta(days=90)), 0, 60)
    c.book(review, partial(development_review, c, member.staff_id))
    # §4.1 observes front-line practice; a few go unobserved this year.
    observed_roles = (Role.SOCIAL_WORKER, Role.IRO, Role.DEPUTY_TEAM_MANAGER)
    if member.role in observed_roles and c.chance(0.94):
        observed = c.later(max(c.month(1), member.joined + timedelta(days=60)), 0, 270)
        c.book(observed, partial(observe, c, member.staff_id))
    c.book(c.later(c.month(9, 8), 0, 40), partial(audit_file, c, member.staff_id))


def supervisor_of(c: Council, member: Member, day: date) -> str | None:
    """§2.3: social workers by their deputy or team manager, deputies by the
    team manager, managers by their head of service, heads of service and the
    senior manager by the assistant director."""
    role, team = member.role, member.team
    if role == Role.SOCIAL_WORKER and team is not None:
        deputy = c.deputy(team, member.district, day)
        if deputy is not None and member.index % 2:
            return deputy
        return c.manager(team, member.district, day)
    if role == Role.DEPUTY_TEAM_MANAGER and team is not None:
        return c.manager(team, member.district, day)
    if role == Role.IRO:
        return IRO_MANAGER
    if role in (Role.TEAM_MANAGER, Role.FAMILY_SUPPORT_MANAGER, Role.IRO_TEAM_MANAGER):
        assert team is not None
        return head_of_service(team)
    if role == Role.QA_OFFICER:
        return SENIOR_MANAGER
    if role in (Role.HEAD_OF_SERVICE, Role.SENIOR_MANAGER):
        return DIRECTOR
    return None


def supervise(c: Council, staff_id: str, day: date) -> None:
    member = c.staff[staff_id]
    if not member.employed(day):
        return
    supervisor = supervisor_of(c, member, day)
    if supervisor is None:
        return
    own = sorted(case.ref for case in c.open_cases() if case.worker == staff_id)
    discussed = c.rng.sample(own, min(3, len(own)))
    c.ledger.record_supervision(
        supervisor,
        supervisee=staff_id,
        cases_discussed=sorted(discussed),
        decisions_recorded_on_child_files=c.chance(0.85),
        reflective_discussion_held=c.chance(0.75),
        note="Caseload, wellbeing and training discussed",
        on=day,
    )
    c.count("supervision sessions")
    # Mostly within the standard interval; some sessions late, a few missed
    # (leave, sickness, a crisis).
    interval = c.ledger.settings.supervision_interval_days
    gap = interval - c.rng.randint(0, 4)
    if c.chance(0.07):
        gap += interval
        c.count("supervision sessions missed")
    elif c.chance(0.1):
        gap += c.rng.randint(5, 14)
    c.book(day + timedelta(days=gap), partial(supervise, c, staff_id))


def development_review(c: Council, staff_id: str, day: date) -> None:
    member = c.staff[staff_id]
    supervisor = supervisor_of(c, member, day)
    if not member.employed(day) or supervisor is None:
        return
    c.ledger.record_development_review(
        supervisor, supervisee=staff_id, needs=c.rng.choice(DEVELOPMENT_NEEDS), on=day
    )
    c.count("development reviews")


def audit_file(c: Council, staff_id: str, day: date) -> None:
    """§2.3, §3.5: the relevant senior manager audits each supervision file."""
    member = c.staff[staff_id]
    if not member.employed(day):
        return
    if member.team is not None and member.role != Role.HEAD_OF_SERVICE:
        auditor = head_of_service(member.team)
    elif member.role == Role.QA_OFFICER:
        auditor = SENIOR_MANAGER
    else:
        auditor = DIRECTOR
    outcome = c.rng.choices(
        ("effective", "partly-effective", "not-effective"), weights=(14, 5, 1)
    )[0]
    c.ledger.audit_supervision_file(
        auditor,
        supervisee=staff_id,
        outcome=outcome,
        note="Sessions, reflective discussion and decisions on child files checked",
        on=day,
    )
    c.count("supervision files audited")


def record_survey(c: Council, day: date) -> None:
    staff = len(c.members(day, *Role))
    c.ledger.record_supervision_survey(
        SENIOR_MANAGER,
        year=day.year,
        responses=staff * c.rng.randint(55, 80) // 100,
        summary="Most staff value reflective supervision; cancellations a concern",
        on=day,
    )
    c.count("supervision surveys")
    c.news.append(f"Supervision survey {day.year}")


def observe(c: Council, staff_id: str, day: date) -> None:
    """§4.1: a manager observes front-line practice at least yearly."""
    member = c.staff[staff_id]
    if not member.employed(day) or member.team is None:
        return
    observer = c.manager(member.team, member.district, day)
    support = c.chance(0.12)
    weights = (0, 1, 5, 2) if support else (2, 8, 3, 0)
    outcome = c.rng.choices(
        ("outstanding", "good", "requires-improvement", "inadequate"), weights
    )[0]
    c.ledger.record_observation(
        observer,
        staff_member=staff_id,
        outcome=outcome,
        support_needed=support,
        support_note="Mentoring on direct work and a follow-up observation"
        if support
        else None,
        on=day,
    )
    c.count("practice observations")
    if support:
        c.count("observations needing support")


# Cases.


def open_caseload(c: Council) -> None:
    for team, cases in CASELOAD_PER_DISTRICT.items():
        for district in DISTRICTS:
            for _ in range(cases):
                c.book(c.later(c.start, 0, 9), partial(open_case, c, team, district))


def plan_referrals(c: Council, day: date) -> None:
    for district in DISTRICTS:
        new = {
            Team.REFERRAL_AND_ASSESSMENT: c.rng.randint(2, 4),
            Team.CHILDREN_WITH_DISABILITIES: int(c.chance(0.3)),
            Team.FAMILY_SUPPORT: int(c.chance(0.4)),
        }
        for team, n in new.items():
            for _ in range(n):
                c.book(c.later(day, 0, 27), partial(open_case, c, team, district))


def open_case(c: Council, team: Team, district: str, day: date) -> None:
    ref = f"LL-{200000 + 17 * next(c.case_numbers) + c.rng.randrange(17)}"
    worker = pick_worker(c, team, district, day)
    c.ledger.open_case(
        c.manager(team, district, day),
        case_ref=ref,
        team=team.value,
        district=district,
        worker=worker,
        on=day,
    )
    c.cases[ref] = CaseFile(ref, team, district, worker, opened=day)
    c.count("cases opened")


def pick_worker(c: Council, team: Team, district: str, day: date) -> str:
    """The social worker with the fewest open cases, not about to move on."""
    load = Counter(case.worker for case in c.open_cases(team=team))
    candidates = [
        m.staff_id
        for m in c.members(day, Role.SOCIAL_WORKER, team=team, district=district)
        if m.settled(day, weeks=4)
    ]
    lightest = min(load[staff_id] for staff_id in candidates)
    return c.rng.choice([s for s in candidates if load[s] == lightest])


def review_caseload(c: Council, day: date) -> None:
    """Each month every open case may move on: §2.2 triggers, transfers and
    closures, each booked with its management decision (or without one)."""
    for case in c.open_cases():
        settled = case.opened <= day - timedelta(days=21)
        if not settled or (case.busy_until and case.busy_until >= day):
            continue
        roll = c.rng.random()
        for kind, what, probability in MONTHLY_MOVES[case.team]:
            roll -= probability
            if roll < 0:
                move_day = workday(c.later(day, 3, 25))
                book_move(c, case, kind, what, move_day, day)
                break


def book_move(
    c: Council,
    case: CaseFile,
    kind: str,
    what: Team | Trigger | None,
    day: date,
    earliest: date,
) -> None:
    case.busy_until = day
    if kind == "close":
        book_decision(c, case.ref, Trigger.CASE_CLOSURE, day, earliest, late=False)
        c.book(day, partial(close_case, c, case.ref))
    elif kind == "transfer":
        assert isinstance(what, Team)
        trigger = TRANSFER_TRIGGERS.get(what)
        if trigger is not None:
            book_decision(c, case.ref, trigger, day, earliest, late=True)
        c.book(day, partial(transfer_case, c, case.ref, what))
    else:
        assert isinstance(what, Trigger)
        c.book(day, partial(record_trigger, c, case.ref, what))


def book_decision(
    c: Council,
    ref: str,
    kind: Trigger,
    trigger_day: date,
    earliest: date,
    *,
    late: bool,
) -> None:
    """Book the management decision a §2.2 trigger needs: mostly on time
    (before a transfer or closure, soon after other triggers), sometimes late
    (never after a closure: a closed case takes no later decision), sometimes
    not at all."""
    due = c.ledger.settings.decision_due_days
    roll = c.rng.random()
    if roll < 0.08:
        c.count("decisions never recorded")
        return
    if late and roll < 0.3:
        day = c.later(trigger_day, due + 2, due + 25)
    elif kind == Trigger.CASE_CLOSURE or kind in TRANSFER_TRIGGERS.values():
        day = max(earliest, trigger_day - timedelta(days=c.rng.randint(0, 3)))
    else:
        day = c.later(trigger_day, 0, max(0, due - 2))
    c.book(day, partial(record_decision, c, ref, kind, trigger_day))


def record_decision(
    c: Council, ref: str, kind: Trigger, trigger_day: date, day: date
) -> None:
    case = c.cases[ref]
    if case.closed is not None and day > case.closed:
        c.count("decisions never recorded")
        return
    manager = c.case_manager(ref, day)
    c.ledger.record_decision(
        manager,
        case_ref=ref,
        kind=kind.value,
        function="supervision-record" if c.chance(0.25) else "case-management-decision",
        rationale=DECISION_RATIONALES[kind],
        decided_by=head_of_service(case.team) if kind in SENIOR_DECISIONS else manager,
        on=day,
    )
    late = day > trigger_day + timedelta(days=c.ledger.settings.decision_due_days)
    c.count("decisions recorded late" if late else "decisions recorded on time")


def record_trigger(c: Council, ref: str, trigger: Trigger, day: date) -> None:
    case = c.cases[ref]
    if not case.is_open:
        return
    c.ledger.record_trigger(
        case.worker,
        case_ref=ref,
        trigger=trigger.value,
        note=DECISION_RATIONALES[trigger].split(":")[0],
        on=day,
    )
    c.count("§2.2 triggers")
    book_decision(c, ref, trigger, day, day, late=True)
    follow_on(c, case, trigger, day)


def follow_on(c: Council, case: CaseFile, trigger: Trigger, day: date) -> None:
    """What a trigger leads to: a child accommodated moves to the looked after
    children team, a child returning home has the case closed, and so on."""
    nexts: dict[Trigger, tuple[str, Team | Trigger | None, int, int]] = {
        Trigger.CP_CONFERENCE: ("transfer", Team.SAFEGUARDING, 10, 20),
        Trigger.ACCOMMODATION: ("transfer", Team.LOOKED_AFTER_CHILDREN, 7, 21),
        Trigger.REHABILITATION_TO_FAMILY: ("close", None, 30, 60),
        Trigger.REVOKE_CARE_ORDER: ("close", None, 14, 30),
        Trigger.PUBLIC_LAW_OUTLINE: ("trigger", Trigger.CARE_PROCEEDINGS, 30, 60),
    }
    if trigger not in nexts:
        return
    kind, what, low, high = nexts[trigger]
    if what == case.team or (kind == "trigger" and c.chance(0.7)):
        return
    if case.team == Team.CHILDREN_WITH_DISABILITIES:
        return  # a disabled child accommodated stays with their team
    book_move(c, case, kind, what, workday(c.later(day, low, high)), day)


def transfer_case(c: Council, ref: str, to_team: Team, day: date) -> None:
    case = c.cases[ref]
    if not case.is_open:
        return
    from_team = case.team
    worker = pick_worker(c, to_team, case.district, day)
    c.ledger.transfer_case(
        c.manager(to_team, case.district, day),
        case_ref=ref,
        to_team=to_team.value,
        worker=worker,
        on=day,
    )
    case.team, case.worker = to_team, worker
    c.count("cases transferred")
    if to_team in TRANSFER_TRIGGERS:
        c.count("§2.2 triggers")
        if c.chance(0.3):  # §3.3, §3.5: the transferring head of service audits
            transfer_audit(c, ref, head_of_service(from_team), day)
    if c.chance(0.4):
        c.book(c.later(day, 0, 10), partial(send_questionnaire, c, ref, "transfer"))


def close_case(c: Council, ref: str, day: date) -> None:
    case = c.cases[ref]
    if not case.is_open:
        return
    c.ledger.close_case(
        c.case_manager(ref, day),
        case_ref=ref,
        reason=c.rng.choice(CLOSURE_REASONS[case.team]),
        function="case-closure",
        on=day,
    )
    case.closed = day
    c.count("cases closed")
    c.count("§2.2 triggers")
    if c.chance(0.75):
        c.book(c.later(day, 0, 10), partial(send_questionnaire, c, ref, "closure"))


def send_questionnaire(c: Council, ref: str, reason: str, day: date) -> None:
    """§4.1: a letter and questionnaire after closure or transfer."""
    case = c.cases[ref]
    older = case.team in (Team.LEAVING_CARE, Team.LOOKED_AFTER_CHILDREN)
    questionnaire = c.ledger.send_questionnaire(
        c.case_manager(ref, day),
        case_ref=ref,
        recipient="child" if older and c.chance(0.7) else "family",
        reason=reason,
        on=day,
    )
    c.count("questionnaires sent")
    if c.chance(0.4):
        c.book(c.later(day, 10, 50), partial(return_questionnaire, c, questionnaire))


def return_questionnaire(c: Council, questionnaire: str, day: date) -> None:
    asked = c.rng.sample(QUESTIONS, c.rng.randint(0, len(QUESTIONS)))
    ratings = {q: c.rng.choices((1, 2, 3, 4, 5), (1, 2, 4, 6, 5))[0] for q in asked}
    comments = c.rng.choice(COMMENTS) if not ratings or c.chance(0.5) else ""
    c.ledger.return_questionnaire(
        ADMIN,
        questionnaire_id=questionnaire,
        ratings=ratings,
        comments=comments,
        on=day,
    )
    c.count("questionnaires returned")


# Complaints and compliments (§4.1).


def plan_complaints_and_compliments(c: Council, day: date) -> None:
    for _ in range(c.rng.choice((1, 2, 2, 3))):
        c.book(c.later(day, 0, 25), partial(receive_complaint, c))
    for _ in range(c.rng.randint(1, 3)):
        c.book(c.later(day, 0, 25), partial(receive_compliment, c))


def receive_complaint(c: Council, day: date) -> None:
    team = c.rng.choice(list(TEAM_CODES))
    district = c.rng.choice(DISTRICTS)
    cases = c.open_cases(team=team, district=district)
    ref = c.rng.choice(cases).ref if cases and c.chance(0.75) else None
    complaint = c.ledger.receive_complaint(
        c.manager(team, district, day),
        team=team.value,
        category=c.rng.choice(COMPLAINT_CATEGORIES),
        case_ref=ref,
        summary="Parent unhappy with the service",
        on=day,
    )
    # The year's first complaint goes to stage 3, the second to stage 2.
    number = len(c.complaints)
    last_stage = 3 if number == 0 else 2 if number == 1 or c.chance(0.2) else 1
    c.complaints[complaint] = (team, district, last_stage)
    c.count("complaints received")
    c.book(c.later(day, 10, 25), partial(respond_to_complaint, c, complaint, 1))


def respond_to_complaint(c: Council, complaint: str, stage: int, day: date) -> None:
    team, district, last_stage = c.complaints[complaint]
    responder = {1: c.manager(team, district, day), 2: head_of_service(team)}
    # The first three responses use each outcome once.
    if c.responses_given < len(OUTCOMES):
        outcome = OUTCOMES[c.responses_given]
    else:
        outcome = c.rng.choices(OUTCOMES, (2, 3, 5))[0]
    c.responses_given += 1
    c.ledger.respond_to_complaint(
        responder.get(stage, DIRECTOR),
        complaint_id=complaint,
        outcome=outcome,
        note=f"Stage {stage} response sent",
        on=day,
    )
    c.count("complaint responses")
    if stage == last_stage and (outcome != "not-upheld" or c.chance(0.2)):
        c.book(c.later(day, 3, 20), partial(record_lesson, c, complaint))
    if stage < last_stage:
        c.book(
            c.later(day, 5, 20), partial(escalate_complaint, c, complaint, stage + 1)
        )


def escalate_complaint(c: Council, complaint: str, stage: int, day: date) -> None:
    team, _, _ = c.complaints[complaint]
    c.ledger.escalate_complaint(
        head_of_service(team),
        complaint_id=complaint,
        to_stage=stage,
        reason=f"Complainant not satisfied with the stage {stage - 1} response",
        on=day,
    )
    c.count("complaint escalations")
    low, high = (20, 40) if stage == 2 else (30, 60)
    c.book(c.later(day, low, high), partial(respond_to_complaint, c, complaint, stage))


def record_lesson(c: Council, complaint: str, day: date) -> None:
    team, district, _ = c.complaints[complaint]
    c.ledger.record_complaint_lesson(
        c.manager(team, district, day),
        complaint_id=complaint,
        lesson=c.rng.choice(LESSONS),
        on=day,
    )
    c.count("complaint lessons")


def receive_compliment(c: Council, day: date) -> None:
    team = c.rng.choice(list(TEAM_CODES))
    district = c.rng.choice(DISTRICTS)
    cases = c.open_cases(team=team, district=district)
    case = c.rng.choice(cases) if cases and c.chance(0.6) else None
    c.ledger.receive_compliment(
        c.manager(team, district, day),
        team=team.value,
        summary=c.rng.choice(COMPLIMENTS),
        case_ref=case.ref if case else None,
        staff_member=case.worker if case else None,
        on=day,
    )
    c.count("compliments")


# Audits: scheduling, the lifecycle, actions and follow-ups.


def track_audit(
    c: Council,
    audit_id: str,
    kind: AuditKind,
    auditor: str,
    case_ref: str | None,
    *,
    theme: str | None = None,
    cycle: str | None = None,
) -> AuditState:
    audit = AuditState(audit_id, kind, auditor, case_ref, theme=theme, cycle=cycle)
    c.audits[audit_id] = audit
    if case_ref is not None:
        c.cases[case_ref].audits_pending += 1
    c.count(f"{kind.label} audits")
    return audit


def schedule_audit(
    c: Council,
    planner: str,
    kind: AuditKind,
    auditor: str,
    day: date,
    *,
    case_ref: str | None = None,
    supervisee: str | None = None,
    theme: str | None = None,
    week: date | None = None,
) -> str:
    audit_id = c.ledger.schedule_audit(
        planner,
        kind=kind.value,
        auditor=auditor,
        week=week or day,
        case_ref=case_ref,
        supervisee=supervisee,
        theme=theme,
        on=day,
    )
    track_audit(c, audit_id, kind, auditor, case_ref, theme=theme)
    return audit_id


def begin_audit(c: Council, audit_id: str, day: date) -> None:
    """Start, assess some sections ("not necessary to complete all"), grade,
    and raise any urgent child-protection concern at once."""
    audit = c.audits[audit_id]
    if not c.staff[audit.auditor].employed(day):
        cancel_audit(
            c, audit_id, "The auditor has left; case returned to the pool", day
        )
        return
    c.ledger.start_audit(audit.auditor, audit_id=audit_id, on=day)
    audit.started_on = day
    if audit.case_ref is not None:
        case = c.cases[audit.case_ref]
        case.audits_pending -= 1
        case.audit_starts.append(day)
    whole = audit.kind == AuditKind.WHOLE_CASE_FILE
    sections = c.rng.sample(SECTIONS, c.rng.randint(1, 3 if whole else 1))
    if audit.theme:
        sections = [f"Theme: {audit.theme}", *sections[:1]]
    if audit.kind == AuditKind.TRANSFER:
        sections = ["File fit for purpose", *sections[:1]]
    for section in sections:
        c.ledger.assess_section(
            audit.auditor,
            audit_id=audit_id,
            section=section,
            finding=c.rng.choice(FINDINGS),
            on=day,
        )
    if c.chance(STYLES[audit.kind].grading):
        grade_audit(c, audit, day)
    c.book(feedback_day(c, day), partial(feed_back, c, audit_id))


def grade_audit(c: Council, audit: AuditState, day: date) -> None:
    grade = c.rng.choices(list(Grade), GRADE_WEIGHTS[c.half(day)])[0]
    c.ledger.grade_audit(audit.auditor, audit_id=audit.audit_id, grade=grade, on=day)
    audit.grade = grade
    c.count(f"graded {grade}")
    urgent = {Grade.INADEQUATE: 0.6, Grade.REQUIRES_IMPROVEMENT: 0.05}
    if audit.case_ref is not None and c.chance(urgent.get(grade, 0.0)):
        if c.chance(0.85):
            raise_concern(c, audit.audit_id, day, day)
        else:  # found today, raised the next working day: late
            c.book(
                day + timedelta(days=1), partial(raise_concern, c, audit.audit_id, day)
            )


def raise_concern(c: Council, audit_id: str, found_on: date, day: date) -> None:
    audit = c.audits[audit_id]
    assert audit.case_ref is not None
    c.ledger.raise_concern(
        audit.auditor,
        audit_id=audit_id,
        concern="Risk from a new partner not assessed; visits overdue",
        team_manager=c.case_manager(audit.case_ref, day),
        found_on=found_on,
        on=day,
    )
    c.count("urgent concerns")


def feedback_day(c: Council, started: date) -> date:
    """Feedback and the alert, due within a week of the audit: mostly on
    time, some late."""
    due = c.ledger.settings.audit_feedback_days
    if c.chance(0.15):
        return c.later(started, due + 2, due + 14)
    return c.later(started, 0, max(0, due - 3))


def feed_back(c: Council, audit_id: str, day: date) -> None:
    """Feedback to the social worker and team manager, the alert to the team
    manager and head of service, the note on the case system, and actions."""
    audit = c.audits[audit_id]
    auditor, ref = audit.auditor, audit.case_ref
    if not c.staff[auditor].employed(day):
        return
    assert ref is not None
    case = c.cases[ref]
    manager = c.case_manager(ref, day)
    if c.chance(0.97):
        c.ledger.give_feedback(
            auditor,
            audit_id=audit_id,
            summary="Findings and actions agreed with timescales",
            team_manager=manager,
            on=day,
        )
    if c.chance(0.95):
        c.ledger.send_alert(
            auditor,
            audit_id=audit_id,
            team_manager=manager,
            head_of_service=head_of_service(case.team),
            on=day,
        )
    c.ledger.record_audit_on_case_system(
        auditor,
        audit_id=audit_id,
        note=f"{audit.kind.label.capitalize()} audit undertaken; actions fed back",
        on=day,
    )
    if audit.grade != Grade.OUTSTANDING and c.chance(STYLES[audit.kind].actions):
        for _ in range(c.rng.choice((1, 1, 1, 2))):
            worker = c.staff[case.worker]
            owner = worker.staff_id if worker.settled(day, weeks=8) else manager
            set_action(c, audit_id, owner, day)
    c.book(c.later(day, 1, 6), partial(complete_audit, c, audit_id))


def complete_audit(c: Council, audit_id: str, day: date) -> None:
    audit = c.audits[audit_id]
    if not c.staff[audit.auditor].employed(day):
        return
    grade = f"graded {audit.grade.label}; " if audit.grade else ""
    c.ledger.complete_audit(
        audit.auditor,
        audit_id=audit_id,
        findings=f"{grade}{c.rng.choice(FINDINGS).lower()}",
        on=day,
    )
    c.count("audits completed")


def cancel_audit(c: Council, audit_id: str, reason: str, day: date) -> None:
    c.ledger.cancel_audit(QA_LEAD, audit_id=audit_id, reason=reason, on=day)
    ref = c.audits[audit_id].case_ref
    if ref is not None:
        c.cases[ref].audits_pending -= 1
    c.count("audits cancelled")


def set_action(c: Council, audit_id: str, owner: str, day: date) -> None:
    audit = c.audits[audit_id]
    action_id = c.ledger.set_action(
        audit.auditor,
        audit_id=audit_id,
        owner=owner,
        description=c.rng.choice(ACTION_DESCRIPTIONS),
        on=day,
    )
    assert audit.started_on is not None
    due = add_months(audit.started_on, c.ledger.settings.action_due_months)
    c.actions[action_id] = ActionState(action_id, owner, day, due, audit.case_ref)
    c.count("actions set")
    plan_follow_ups(c, action_id, day)


def plan_follow_ups(c: Council, action_id: str, set_on: date) -> None:
    """§3.2, §3.3: followed up within a month and again the following month;
    some follow-ups are late and a few never happen."""
    roll = c.rng.random()
    if roll < 0.05:
        return
    window = (33, 50) if roll < 0.25 else (14, 28)
    c.book(c.later(set_on, *window), partial(follow_up, c, action_id, 1))


def follow_up(c: Council, action_id: str, review: int, day: date) -> None:
    action = c.actions[action_id]
    if action.done:
        return
    reviewer = reviewer_of(c, action, day)
    if review == 1:
        outcome = "on-track" if c.chance(0.85) else "not-progressing"
        note = "Progress seen on the file"
    else:
        outcome = c.rng.choices(
            ("achieved", "not-progressing", "on-track"), (78, 15, 7)
        )[0]
        note = {"achieved": "Done and recorded", "on-track": "Nearly there"}.get(
            outcome, "No progress since the last review"
        )
    c.ledger.review_action(
        reviewer, action_id=action_id, outcome=outcome, note=note, on=day
    )
    c.count("follow-ups reviewed")
    due = add_months(action.set_on, review * c.ledger.settings.follow_up_window_months)
    if day > due:
        c.count("follow-ups late")
    if review == 1:
        if c.chance(0.9):
            c.book(c.later(day, 25, 35), partial(follow_up, c, action_id, 2))
    elif outcome == "achieved":
        c.book(c.later(day, 0, 7), partial(complete_action, c, action_id))
    elif outcome == "not-progressing":
        c.ledger.escalate_action(
            reviewer,
            action_id=action_id,
            reason="Not progressing after two reviews; for the performance meeting",
            on=day,
        )
        action.escalated = True
        c.count("actions escalated")
        if c.chance(0.7):
            c.book(c.later(day, 30, 60), partial(complete_action, c, action_id))


def reviewer_of(c: Council, action: ActionState, day: date) -> str:
    if action.reviewer is not None:
        return action.reviewer
    assert action.case_ref is not None
    return c.case_manager(action.case_ref, day)


def complete_action(c: Council, action_id: str, day: date) -> None:
    action = c.actions[action_id]
    if action.done:
        return
    owner = c.staff[action.owner]
    by = owner.staff_id if owner.employed(day) else reviewer_of(c, action, day)
    c.ledger.complete_action(by, action_id=action_id, note="Evidence on file", on=day)
    action.done = True
    c.count("actions completed")


# The audit programme (§3.1 to §3.6).


def plan_audit_cycles(c: Council) -> None:
    """§3.3: a whole case file audit cycle every six months: opened, sample
    drawn, auditors allocated, audits done, moderated and the cycle closed."""
    for opens in (c.month(1, 3), c.month(7, 3)):
        period = period_of(opens)
        c.book(opens, partial(open_cycle, c, period))
        c.book(opens + timedelta(days=7), partial(draw_cycle, c, period))
        c.book(opens + timedelta(days=14), partial(allocate_cycle, c, period))
        c.book(opens + timedelta(days=70), partial(moderation_panel, c, period))
        c.book(opens + timedelta(days=98), partial(close_cycle, c, period))


def cycle_auditors(c: Council, day: date) -> list[Member]:
    """§3.3: deputies, team managers, IROs, heads of service and the
    assistant director audit one case each."""
    roles = (
        Role.DEPUTY_TEAM_MANAGER,
        Role.TEAM_MANAGER,
        Role.IRO,
        Role.IRO_TEAM_MANAGER,
        Role.FAMILY_SUPPORT_MANAGER,
        Role.HEAD_OF_SERVICE,
        Role.ASSISTANT_DIRECTOR,
    )
    return [m for m in c.members(day, *roles) if m.settled(day, weeks=10)]


def open_cycle(c: Council, period: str, day: date) -> None:
    # "Approximately 35 cases ... dependent upon available staffing levels":
    # a few auditors are kept back for leave and moderation.
    available = len(cycle_auditors(c, day)) - 3
    size = min(c.ledger.settings.sample_size, available)
    c.ledger.open_cycle(QA_LEAD, period=period, target_size=size, on=day)
    c.count("audit cycles")


def draw_cycle(c: Council, period: str, day: date) -> None:
    sample = c.ledger.draw_cycle_sample(
        QA_LEAD, period=period, seed=derived_seed(c.seed, period), on=day
    )
    c.count("cases drawn for cycles", len(sample["drawn"]))


def allocate_cycle(c: Council, period: str, day: date) -> None:
    """Choose as many auditors as cases, leaving out those barred from the
    most drawn cases (a case's worker and its team's managers may not audit
    it), so that a fair allocation always exists."""
    drawn: list[str] = c.ledger.cycle(period)["sample"]["drawn"]
    manager_roles = (
        Role.TEAM_MANAGER,
        Role.DEPUTY_TEAM_MANAGER,
        Role.FAMILY_SUPPORT_MANAGER,
        Role.IRO_TEAM_MANAGER,
    )

    def barred_from(member: Member) -> int:
        return sum(
            1
            for ref in drawn
            if c.cases[ref].worker == member.staff_id
            or (member.role in manager_roles and member.team == c.cases[ref].team)
        )

    candidates = cycle_auditors(c, day)
    c.rng.shuffle(candidates)
    candidates.sort(key=barred_from)
    auditors = [m.staff_id for m in candidates[: len(drawn)]]
    week = workday(day + timedelta(days=14))
    allocations = c.ledger.allocate_cycle(
        QA_LEAD, period=period, auditors=auditors, week=week, on=day
    )
    for ref, plan in sorted(allocations.items()):
        track_audit(
            c,
            plan["audit_id"],
            AuditKind.WHOLE_CASE_FILE,
            plan["auditor"],
            ref,
            cycle=period,
        )
        c.book(c.later(week, 0, 4), partial(begin_audit, c, plan["audit_id"]))


def moderation_panel(c: Council, period: str, day: date) -> None:
    """§3.3: heads of service moderate a share of the gradings; mostly they
    agree, sometimes they move the grade one step."""
    grades = list(Grade)
    for audit in c.audits.values():
        if audit.cycle != period or audit.grade is None or not c.chance(0.4):
            continue
        moderator = c.rng.choice(
            sorted(h for h in HEADS_OF_SERVICE if h != audit.auditor)
        )
        grade = audit.grade
        if c.chance(0.3):
            step = c.rng.choice((-1, 1))
            index = min(max(grades.index(grade) + step, 0), len(grades) - 1)
            grade = grades[index]
        c.ledger.moderate_grading(
            moderator,
            audit_id=audit.audit_id,
            replaces=audit.grade,
            grade=grade,
            rationale="Moderation panel: evidence weighed against the grade criteria",
            on=day,
        )
        c.count("gradings moderated")
        if grade != audit.grade:
            c.count("gradings changed by moderation")
        audit.grade = grade


def close_cycle(c: Council, period: str, day: date) -> None:
    audits = [a for a in c.audits.values() if a.cycle == period]
    grades = Counter(a.grade for a in audits if a.grade)
    summary = ", ".join(f"{grades[g]} {g.label}" for g in Grade if grades[g])
    plan = [
        ("HOS1", "Practice workshop on SMART plans for every team"),
        ("HOS2", "Refresh the chronology guidance and check its use"),
        (QA_LEAD, "Re-audit the inadequate files within three months"),
    ]
    action_ids = c.ledger.close_cycle(
        QA_LEAD,
        period=period,
        findings=f"{len(audits)} files audited ({summary}). Strong relationships "
        "with families; plans lack timescales; management oversight uneven.",
        actions=plan,
        on=day,
    )
    c.summary.cycles[period] = f"{len(audits)} files audited ({summary})"
    due = add_months(day, c.ledger.settings.action_due_months)
    for action_id, (owner, _) in zip(action_ids, plan, strict=True):
        reviewer = SENIOR_MANAGER if owner == QA_LEAD else DIRECTOR
        c.actions[action_id] = ActionState(action_id, owner, day, due, None, reviewer)
        c.count("actions set")
        plan_follow_ups(c, action_id, day)
    c.news.append(f"Whole case file audit {period}: key findings and action plan")


def plan_thematic_month(c: Council, month: int, day: date) -> None:
    """§3.2: the month's theme, its audit week and auditors, and the date the
    findings are due at the management team."""
    theme = THEMES[month % len(THEMES)]
    week = workday(c.month(month, 8))
    while week.weekday() != 0:
        week += timedelta(days=1)
    roles = (
        Role.ASSISTANT_DIRECTOR,
        Role.HEAD_OF_SERVICE,
        Role.TEAM_MANAGER,
        Role.DEPUTY_TEAM_MANAGER,
        Role.IRO_TEAM_MANAGER,
    )
    pool = sorted(m.staff_id for m in c.members(day, *roles) if m.settled(day))
    auditors = c.rng.sample(pool, 2)
    c.ledger.plan_thematic_audit(
        QA_LEAD,
        month=f"{week:%Y-%m}",
        theme=theme,
        week=week,
        auditors=auditors,
        findings_due_on=week + timedelta(days=14),
        on=day,
    )
    c.count("thematic schedules")
    eve = max(day, week - timedelta(days=3))
    c.book(eve, partial(schedule_thematic_audits, c, month, theme, week, auditors))
    c.book(
        week + timedelta(days=14), lambda _: c.news.append(f"Thematic audit: {theme}")
    )


def schedule_thematic_audits(
    c: Council, month: int, theme: str, week: date, auditors: list[str], day: date
) -> None:
    """Each auditor's case for the week; in May one audit is cancelled."""
    chosen: set[str] = set()
    for n, auditor in enumerate(auditors):
        ref = thematic_case(c, c.staff[auditor], chosen)
        if ref is None:
            continue
        audit_id = schedule_audit(
            c,
            QA_LEAD,
            AuditKind.THEMATIC,
            auditor,
            day,
            case_ref=ref,
            theme=theme,
            week=week,
        )
        if month == 4 and n == 1:
            c.book(
                day + timedelta(days=1),
                partial(cancel_audit, c, audit_id, "Auditor on sick leave"),
            )
        else:
            c.book(c.later(week, 0, 3), partial(begin_audit, c, audit_id))


def thematic_case(c: Council, auditor: Member, chosen: set[str]) -> str | None:
    """A case from the auditor's own service not already being audited, or
    failing that any such case."""
    teams: tuple[Team, ...]
    if auditor.staff_id in HEADS_OF_SERVICE:
        teams = HEADS_OF_SERVICE[auditor.staff_id]
    elif auditor.team == Team.IRO:
        teams = (Team.LOOKED_AFTER_CHILDREN,)
    elif auditor.team is not None:
        teams = (auditor.team,)
    else:
        teams = tuple(TEAM_CODES)
    free = [
        case
        for case in c.open_cases()
        if case.audits_pending == 0 and case.ref not in chosen
    ]
    cases = sorted(case.ref for case in free if case.team in teams) or sorted(
        case.ref for case in free
    )
    if not cases:
        return None
    ref = c.rng.choice(cases)
    chosen.add(ref)
    return ref


def draw_hos_samples(c: Council, month: int, day: date) -> None:
    """§3.5: each head of service draws a random sample of one of their
    teams' open cases each month and audits them."""
    look_back = c.ledger.settings.look_back_months
    for hos, teams in HEADS_OF_SERVICE.items():
        # Each team in turn; the next one when all of a team's open cases
        # were audited in the last year.
        with_cases = [t for t in teams if t != Team.IRO]
        turn = month % len(with_cases)
        in_turn = with_cases[turn:] + with_cases[:turn]
        team = next(
            (
                t
                for t in in_turn
                if any(case.eligible(day, look_back) for case in c.open_cases(team=t))
            ),
            None,
        )
        if team is None:
            continue
        sample = c.ledger.draw_hos_sample(
            hos,
            team=team.value,
            month=f"{day:%Y-%m}",
            size=1,
            week=day,
            seed=derived_seed(c.seed, f"{day:%Y-%m}/{team}"),
            on=day,
        )
        c.count("heads of service samples")
        for ref, audit_id in zip(
            sample["sample"]["drawn"], sample["audit_ids"], strict=True
        ):
            track_audit(c, audit_id, AuditKind.HOS_RANDOM_SAMPLE, hos, ref)
            c.book(c.later(day, 0, 6), partial(begin_audit, c, audit_id))


def transfer_audit(c: Council, ref: str, hos: str, day: date) -> None:
    """§3.3, §3.5: the transferring head of service audits the file at the
    point of transfer (file fit for purpose) and adds a case grading."""
    audit_id = schedule_audit(c, hos, AuditKind.TRANSFER, hos, day, case_ref=ref)
    c.book(c.later(day, 1, 5), partial(begin_audit, c, audit_id))


def family_support_audits(c: Council, day: date) -> None:
    """§3.4: family support managers audit their own cases each quarter."""
    for manager in c.members(day, Role.FAMILY_SUPPORT_MANAGER):
        cases = [
            case.ref
            for case in c.open_cases(
                team=Team.FAMILY_SUPPORT, district=manager.district
            )
            if case.audits_pending == 0
        ]
        if cases:
            audit_id = schedule_audit(
                c,
                manager.staff_id,
                AuditKind.FAMILY_SUPPORT,
                manager.staff_id,
                day,
                case_ref=c.rng.choice(sorted(cases)),
            )
            c.book(c.later(day, 1, 5), partial(begin_audit, c, audit_id))


def cross_district_audits(c: Council, day: date) -> None:
    """§3.6: team managers audit a thematic sample of the other district's
    cases, to measure consistency across districts."""
    team = Team.REFERRAL_AND_ASSESSMENT
    for district, other in (DISTRICTS, DISTRICTS[::-1]):
        cases = [
            case.ref
            for case in c.open_cases(team=team, district=other)
            if case.audits_pending == 0
        ]
        if cases:
            audit_id = schedule_audit(
                c,
                QA_LEAD,
                AuditKind.CROSS_DISTRICT_THEMATIC,
                c.manager(team, district, day),
                day,
                case_ref=c.rng.choice(sorted(cases)),
                theme="Consistency of threshold decisions",
            )
            c.book(c.later(day, 1, 5), partial(begin_audit, c, audit_id))


def supervision_file_audits(c: Council, day: date) -> None:
    """§3.5: each head of service audits one supervision file in depth."""
    for hos, teams in HEADS_OF_SERVICE.items():
        workers = sorted(
            m.staff_id
            for m in c.members(day, Role.SOCIAL_WORKER)
            if m.team in teams and m.settled(day)
        )
        supervisee = c.rng.choice(workers)
        audit_id = schedule_audit(
            c, hos, AuditKind.SUPERVISION_FILE, hos, day, supervisee=supervisee
        )
        c.book(c.later(day, 2, 9), partial(audit_supervision_file, c, audit_id))


def audit_supervision_file(c: Council, audit_id: str, day: date) -> None:
    auditor = c.audits[audit_id].auditor
    c.ledger.start_audit(auditor, audit_id=audit_id, on=day)
    for section, finding in SUPERVISION_FILE_SECTIONS:
        c.ledger.assess_section(
            auditor, audit_id=audit_id, section=section, finding=finding, on=day
        )
    c.ledger.complete_audit(
        auditor,
        audit_id=audit_id,
        findings="Supervision regular and reflective; case decisions recorded",
        on=day,
    )
    c.count("audits completed")


# Performance management meetings (§3.7).


def hold_meeting(c: Council, month: int, day: date) -> None:
    """Monthly, chaired by the assistant director: reports tabled, escalated
    actions, the cycles' action plans and overdue actions reviewed."""
    open_actions = [a for a in c.actions.values() if not a.done and a.set_on <= day]
    first = sorted(
        open_actions,
        key=lambda a: (not a.escalated, a.case_ref is not None, a.due_on, a.action_id),
    )
    reviewed = [
        a.action_id
        for a in first
        if a.escalated or a.case_ref is None or a.due_on < day
    ][:10]
    reports = ["Monthly performance scorecard", *c.news]
    c.news.clear()
    if month % 3 == 2:
        quarter = month // 3 + 1
        reports += [
            f"Complaints and compliments, quarter {quarter}",
            f"Feedback from children and families, quarter {quarter}",
        ]
    managers = sorted(m.staff_id for m in c.members(day, Role.TEAM_MANAGER))
    attendees = sorted(HEADS_OF_SERVICE) + sorted(c.rng.sample(managers, 3))
    c.ledger.record_meeting(
        QA_LEAD,
        reports=reports,
        action_ids=reviewed,
        chair=DIRECTOR,
        attendees=attendees,
        focus=MEETING_FOCUS[month],
        on=day,
    )
    c.count("performance meetings")
