"""The report pipelines on small hand-made read models. Every expected figure
was worked out by hand from the rows above it; the comments show how."""

# Hand-made rows read best one to a line, like the tables they stand for.
# ruff: noqa: E501

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
from polars.testing import assert_frame_equal

from reports import benchmark, complaints, ofsted, pmm, supervision
from reports.engine.periods import month, quarter, twelve_months_to, year
from reports.engine.sources import (
    ACTIONS,
    AUDITS,
    COMPLAINT_STEPS,
    COMPLAINTS,
    COMPLIANCE,
    GRADINGS,
    QUESTIONNAIRES,
    STAFF,
    SUPERVISION,
)

AS_OF = date(2026, 6, 30)
I64, F64 = pl.Int64, pl.Float64


def frame(schema: dict[str, pl.DataType], rows: list[tuple[Any, ...]]) -> pl.LazyFrame:
    return pl.LazyFrame(rows, schema=schema, orient="row")


def d(text: str) -> date:
    return date.fromisoformat(text)


def expected(columns: dict[str, Any], rows: list[tuple[Any, ...]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=columns, orient="row")


# Two cycles. 2025H2: A1 good, A2 inadequate, A3 requires improvement
# moderated up to good. 2026H1: B1 outstanding; B2 good moderated down to
# requires improvement; B3 requires improvement, the moderator agreeing; B4
# good moderated down to requires improvement and then back up to good.
GRADING_ROWS = [
    (1, "A1", "whole-case-file", "2025H2", d("2025-09-01"), "T1", "N", "X", "good", None, None, None),
    (2, "A2", "whole-case-file", "2025H2", d("2025-09-02"), "T2", "S", "Y", "inadequate", None, None, None),
    (3, "A3", "whole-case-file", "2025H2", d("2025-09-03"), "T1", "N", "Y", "requires-improvement", None, None, None),
    (4, "A3", "whole-case-file", "2025H2", d("2025-09-10"), "T1", "N", "Y", "requires-improvement", "H1", "good", False),
    (10, "B1", "whole-case-file", "2026H1", d("2026-03-01"), "T1", "N", "X", "outstanding", None, None, None),
    (11, "B2", "whole-case-file", "2026H1", d("2026-03-02"), "T1", "N", "X", "good", None, None, None),
    (12, "B3", "whole-case-file", "2026H1", d("2026-03-03"), "T2", "S", "Y", "requires-improvement", None, None, None),
    (13, "B4", "whole-case-file", "2026H1", d("2026-03-04"), "T2", "S", "Y", "good", None, None, None),
    (14, "B2", "whole-case-file", "2026H1", d("2026-03-09"), "T1", "N", "X", "good", "H1", "requires-improvement", False),
    (15, "B3", "whole-case-file", "2026H1", d("2026-03-09"), "T2", "S", "Y", "requires-improvement", "H1", "requires-improvement", True),
    (16, "B4", "whole-case-file", "2026H1", d("2026-03-10"), "T2", "S", "Y", "good", "H2", "requires-improvement", False),
    (17, "B4", "whole-case-file", "2026H1", d("2026-03-11"), "T2", "S", "Y", "requires-improvement", "H1", "good", False),
]  # fmt: skip


def gradings() -> pl.LazyFrame:
    # Shuffled, to show the log's order is restored from the positions.
    return frame(GRADINGS, GRADING_ROWS[::-1])


def test_an_audits_grade_is_its_grading_as_last_moderated() -> None:
    assert_frame_equal(
        benchmark.final_grades(gradings()).collect(),
        expected(
            {"audit_id": str, "cycle": str, "team": str, "district": str,
             "auditor": str, "original_grade": str, "grade": str, "moderations": I64},
            [
                ("A1", "2025H2", "T1", "N", "X", "good", "good", 0),
                ("A2", "2025H2", "T2", "S", "Y", "inadequate", "inadequate", 0),
                ("A3", "2025H2", "T1", "N", "Y", "requires-improvement", "good", 1),
                ("B1", "2026H1", "T1", "N", "X", "outstanding", "outstanding", 0),
                ("B2", "2026H1", "T1", "N", "X", "good", "requires-improvement", 1),
                ("B3", "2026H1", "T2", "S", "Y", "requires-improvement", "requires-improvement", 1),
                ("B4", "2026H1", "T2", "S", "Y", "good", "good", 2),
            ],
        ),
    )  # fmt: skip


def test_grade_distribution_lists_every_grade_of_every_cycle() -> None:
    audits = benchmark.final_grades(gradings())
    # 2025H2: good A1 and A3, inadequate A2: 2 and 1 of 3.
    # 2026H1: outstanding B1, good B4, requires improvement B2 and B3.
    assert_frame_equal(
        benchmark.grade_distribution(audits, ["cycle"]).collect(),
        expected(
            {"cycle": str, "grade": str, "audits": I64, "of_audits": I64, "share_pct": F64},
            [
                ("2025H2", "outstanding", 0, 3, 0.0),
                ("2025H2", "good", 2, 3, 66.7),
                ("2025H2", "requires-improvement", 0, 3, 0.0),
                ("2025H2", "inadequate", 1, 3, 33.3),
                ("2026H1", "outstanding", 1, 4, 25.0),
                ("2026H1", "good", 1, 4, 25.0),
                ("2026H1", "requires-improvement", 2, 4, 50.0),
                ("2026H1", "inadequate", 0, 4, 0.0),
            ],
        ),
    )  # fmt: skip


def test_progress_against_the_cycle_before_and_the_benchmark() -> None:
    # Good or better: 2 of 3 (66.7%), then 2 of 4 (50.0%): 16.7 points down.
    assert_frame_equal(
        benchmark.progress(benchmark.final_grades(gradings())).collect(),
        expected(
            {"cycle": str, "audits": I64, "outstanding": I64, "good": I64,
             "requires_improvement": I64, "inadequate": I64, "good_or_better": I64,
             "good_or_better_pct": F64, "change_from_previous_pts": F64,
             "change_from_benchmark_pts": F64},
            [
                ("2025H2", 3, 0, 2, 0, 1, 2, 66.7, None, 0.0),
                ("2026H1", 4, 1, 1, 2, 0, 2, 50.0, -16.7, -16.7),
            ],
        ),
    )  # fmt: skip


def test_grades_by_team_and_cycle() -> None:
    # T1: A1, A3 (both good) in 2025H2; B1 outstanding, B2 RI in 2026H1.
    # T2: A2 inadequate; B3 RI, B4 good.
    assert_frame_equal(
        benchmark.grades_wide(benchmark.final_grades(gradings()), ["team", "cycle"])
        .select("team", "cycle", "audits", "good_or_better", "good_or_better_pct")
        .collect(),
        expected(
            {"team": str, "cycle": str, "audits": I64, "good_or_better": I64,
             "good_or_better_pct": F64},
            [
                ("T1", "2025H2", 2, 2, 100.0),
                ("T1", "2026H1", 2, 1, 50.0),
                ("T2", "2025H2", 1, 0, 0.0),
                ("T2", "2026H1", 2, 1, 50.0),
            ],
        ),
    )  # fmt: skip


def test_moderation_agreement_and_direction_per_auditor() -> None:
    cycle = gradings().filter(pl.col("cycle") == "2026H1")
    # X graded B1 and B2; B2 was lowered. Y graded B3 and B4; B3 agreed,
    # B4 lowered then raised: 3 moderations of 2 gradings, 1 agreed.
    assert_frame_equal(
        benchmark.moderation_by_auditor(cycle).collect(),
        expected(
            {"auditor": str, "gradings": I64, "gradings_moderated": I64,
             "moderations": I64, "agreed": I64, "raised": I64, "lowered": I64,
             "agreement_pct": F64},
            [
                ("X", 2, 1, 1, 0, 0, 1, 0.0),
                ("Y", 2, 2, 3, 1, 1, 1, 33.3),
                ("all auditors", 4, 3, 4, 1, 1, 2, 25.0),
            ],
        ),
    )  # fmt: skip
    assert_frame_equal(
        benchmark.moderation_changes(cycle).collect(),
        expected(
            {"from_grade": str, "to_grade": str, "direction": str, "moderations": I64},
            [
                ("good", "requires-improvement", "lowered", 2),
                ("requires-improvement", "good", "raised", 1),
                ("requires-improvement", "requires-improvement", "agreed", 1),
            ],
        ),
    )  # fmt: skip


def test_an_auditor_never_moderated_still_counts_their_gradings() -> None:
    only_gradings = gradings().filter(
        (pl.col("cycle") == "2025H2") & pl.col("moderator").is_null()
    )
    assert_frame_equal(
        benchmark.moderation_by_auditor(only_gradings).collect(),
        expected(
            {"auditor": str, "gradings": I64, "gradings_moderated": I64,
             "moderations": I64, "agreed": I64, "raised": I64, "lowered": I64,
             "agreement_pct": F64},
            [
                ("X", 1, 0, 0, 0, 0, 0, None),
                ("Y", 2, 0, 0, 0, 0, 0, None),
                ("all auditors", 3, 0, 0, 0, 0, 0, None),
            ],
        ),
    )  # fmt: skip


def actions_frame() -> pl.LazyFrame:
    # C1 completed before it was due; C2 completed after AS_OF, so overdue on
    # it; C3 due later, so open; C4 due on AS_OF itself: due, not yet overdue.
    return frame(
        ACTIONS,
        [
            ("C1", "B1", None, "LL-1", "SW1", "d", d("2026-04-01"), d("2026-05-01"), d("2026-04-20"), 2, None),
            ("C2", "B2", None, "LL-2", "SW2", "d", d("2026-04-01"), d("2026-05-01"), d("2026-07-10"), 1, None),
            ("C3", None, "2026H1", None, "SW1", "d", d("2026-06-15"), d("2026-07-15"), None, 0, None),
            ("C4", "B3", None, "LL-3", "SW2", "d", d("2026-05-30"), d("2026-06-30"), None, 1, None),
        ],
    )  # fmt: skip


def test_actions_as_they_stood_on_the_day() -> None:
    assert_frame_equal(
        benchmark.action_summary(actions_frame(), AS_OF).collect(),
        expected(
            {"actions": I64, "completed": I64, "overdue": I64, "due": I64,
             "open": I64, "completed_pct": F64},
            [(4, 1, 1, 1, 1, 25.0)],
        ),
    )  # fmt: skip
    # C2 was due on 1 May: 31 days to 1 June, 29 more to 30 June.
    assert_frame_equal(
        benchmark.overdue_actions(actions_frame(), AS_OF).collect(),
        expected(
            {"action_id": str, "source_audit": str, "owner": str, "set_on": pl.Date,
             "due_on": pl.Date, "days_overdue": I64},
            [("C2", "B2", "SW2", d("2026-04-01"), d("2026-05-01"), 60)],
        ),
    )  # fmt: skip


def requirement(
    name: str, due: str, met: str | None, team: str | None = "T1", staff: str = "SW1"
) -> tuple[Any, ...]:
    return (name, "S", None, staff, team, d(due), d(met) if met else None, "open")


def test_follow_ups_met_late_overdue_and_not_yet_due() -> None:
    follow_ups = frame(
        COMPLIANCE,
        [
            requirement("follow-up-1", "2026-05-01", "2026-04-28"),  # met
            requirement("follow-up-1", "2026-05-01", "2026-05-03"),  # met late
            requirement("follow-up-1", "2026-06-01", None),  # overdue
            # Met after AS_OF and due after it: not yet due on AS_OF.
            requirement("follow-up-1", "2026-07-01", "2026-07-02"),
            requirement("follow-up-2", "2026-06-01", "2026-05-20"),  # met
        ],
    )
    assert_frame_equal(
        benchmark.follow_up_timeliness(follow_ups, AS_OF).collect(),
        expected(
            {"requirement": str, "follow_ups": I64, "met": I64, "met_late": I64,
             "overdue": I64, "due": I64, "fell_due": I64, "on_time_pct": F64},
            [
                # 1 of the 3 that fell due by AS_OF was met on time.
                ("follow-up-1", 4, 1, 1, 1, 1, 3, 33.3),
                ("follow-up-2", 1, 1, 0, 0, 0, 1, 100.0),
            ],
        ),
    )  # fmt: skip


def test_management_decisions_by_the_triggers_kind() -> None:
    decisions = frame(
        COMPLIANCE,
        [
            requirement("management-decision:case-closure", "2026-06-05", "2026-06-04"),
            requirement("management-decision:case-closure", "2026-06-08", None),
            requirement("management-decision:cp-conference", "2026-06-10", "2026-06-12"),
        ],
    )  # fmt: skip
    assert_frame_equal(
        pmm.decisions_by_kind(decisions, AS_OF).collect(),
        expected(
            {"decision": str, "requirements": I64, "met": I64, "met_late": I64,
             "overdue": I64, "due": I64, "fell_due": I64, "on_time_pct": F64},
            [
                ("case-closure", 2, 1, 0, 1, 0, 2, 50.0),
                ("cp-conference", 1, 0, 1, 0, 0, 1, 0.0),
            ],
        ),
    )  # fmt: skip


def test_observations_overdue_or_falling_due_within_a_month() -> None:
    horizon = date(2026, 7, 30)
    observations = frame(
        COMPLIANCE,
        [
            requirement("practice-observation", "2026-06-01", None, "safeguarding"),
            requirement("practice-observation", "2026-07-15", None, "safeguarding"),
            # Beyond the horizon, and met: neither is listed.
            requirement("practice-observation", "2026-08-15", None, "looked-after-children"),
            requirement("practice-observation", "2026-06-10", "2026-06-05", "looked-after-children"),
            # Met only after AS_OF: overdue on it; no team.
            requirement("practice-observation", "2026-06-20", "2026-07-01", None),
        ],
    )  # fmt: skip
    assert_frame_equal(
        pmm.observations_due(observations, AS_OF, horizon).collect(),
        expected(
            {"team": str, "observations": I64, "overdue": I64, "due_soon": I64},
            [("no team", 1, 1, 0), ("safeguarding", 2, 1, 1)],
        ),
    )


def test_feedback_sent_and_returned_in_the_month() -> None:
    march = month("2026-03")
    questionnaires = frame(
        QUESTIONNAIRES,
        [
            ("Q1", "closure", d("2026-03-03"), d("2026-03-12"), 4),
            ("Q2", "closure", d("2026-02-20"), d("2026-03-05"), 2),
            ("Q3", "transfer", d("2026-03-13"), None, None),
            ("Q4", "closure", d("2026-03-30"), d("2026-04-02"), 5),
        ],
    )
    # Closure: sent Q1 and Q4; returned in March Q1 (4) and Q2 (2), mean 3.
    assert_frame_equal(
        pmm.feedback(questionnaires, march).collect(),
        expected(
            {"reason": str, "sent": I64, "returned": I64, "mean_overall": F64},
            [("closure", 2, 2, 3.0), ("transfer", 1, 0, None)],
        ),
    )


def test_supervision_by_worker_and_by_team() -> None:
    staff = frame(STAFF, [("SW1", "T1", "social-worker"), ("SW2", "T2", "social-worker"),
                          ("SW3", "T1", "social-worker")])  # fmt: skip
    records = frame(
        SUPERVISION,
        [
            ("SW1", d("2025-12-20"), "TM1", None, None),  # the year before
            ("SW1", d("2026-01-10"), "TM1", None, None),
            ("SW1", d("2026-02-05"), "TM1", None, None),  # 26 days later
            ("SW1", d("2026-03-20"), "TM1", None, None),  # 43 days later
            ("SW2", d("2026-01-15"), "TM2", None, None),
        ],
    )
    due = frame(
        COMPLIANCE,
        [
            requirement("supervision", "2026-02-07", "2026-02-05"),  # met
            requirement("supervision", "2026-03-05", "2026-03-20"),  # met late
            requirement("supervision", "2026-04-17", None),  # overdue
            requirement("supervision", "2026-01-30", None, staff="SW3"),  # overdue
        ],
    )
    sessions = supervision.sessions_in(records, staff, year("2026"))
    workers = supervision.by_worker(sessions, due, staff, AS_OF).collect()
    assert_frame_equal(
        workers,
        expected(
            {"supervisee": str, "team": str, "sessions": I64, "first_session": pl.Date,
             "last_session": pl.Date, "longest_gap_days": I64, "met": I64,
             "met_late": I64, "overdue": I64, "fell_due": I64, "on_time_pct": F64},
            [
                ("SW1", "T1", 3, d("2026-01-10"), d("2026-03-20"), 43, 1, 1, 1, 3, 33.3),
                # No session, one supervision overdue.
                ("SW3", "T1", 0, None, None, None, 0, 0, 1, 1, 0.0),
                ("SW2", "T2", 1, d("2026-01-15"), d("2026-01-15"), None, 0, 0, 0, 0, None),
            ],
        ),
    )  # fmt: skip
    # T1: SW1 and SW3, 3 sessions (1.5 each), 1 of 4 due met on time.
    assert_frame_equal(
        supervision.by_team(workers.lazy()).collect(),
        expected(
            {"team": str, "supervisees": I64, "sessions": I64, "met": I64,
             "met_late": I64, "overdue": I64, "fell_due": I64,
             "sessions_per_supervisee": F64, "on_time_pct": F64},
            [
                ("T1", 2, 3, 1, 1, 2, 4, 1.5, 25.0),
                ("T2", 1, 1, 0, 0, 0, 0, 1.0, None),
            ],
        ),
    )  # fmt: skip


def test_retention_status_of_supervision_records_on_the_day() -> None:
    records = frame(
        SUPERVISION,
        [
            ("SW1", d("2026-01-10"), "TM1", None, None),
            ("SW1", d("2026-02-10"), "TM1", None, None),
            # Left January 2025: kept until January 2027.
            ("SW4", d("2024-06-01"), "TM1", d("2025-01-31"), d("2027-01-31")),
            # Left May 2023: two years passed on 31 May 2025.
            ("SW5", d("2023-01-01"), "TM1", d("2023-05-31"), d("2025-05-31")),
            ("SW1", d("2026-07-05"), "TM1", None, None),  # after AS_OF
        ],
    )
    assert_frame_equal(
        supervision.retention(records, AS_OF).collect(),
        expected(
            {"status": str, "records": I64, "supervisees": I64},
            [
                ("retained - employed", 2, 1),
                ("retained - within 2 years of leaving", 1, 1),
                ("due for retention review", 1, 1),
            ],
        ),
    )


def steps() -> pl.LazyFrame:
    return frame(
        COMPLAINT_STEPS,
        [
            (1, "C3", "received", 1, d("2025-12-20"), None, None),
            (2, "C2", "received", 1, d("2026-01-05"), None, None),
            (3, "C3", "responded", 1, d("2026-01-09"), "upheld", None),  # 20 days
            (4, "C2", "responded", 1, d("2026-02-04"), "not-upheld", None),  # 30 days
            (5, "C1", "received", 1, d("2026-03-02"), None, None),
            (6, "C1", "responded", 1, d("2026-03-09"), "not-upheld", None),  # 7 days
            (7, "C1", "escalated", 2, d("2026-03-10"), None, "unhappy"),
            (8, "C1", "lesson", 2, d("2026-03-11"), None, "Write sooner"),
            (9, "C4", "received", 1, d("2026-03-25"), None, None),
            (10, "C5", "received", 1, d("2026-04-02"), None, None),
            (11, "C1", "responded", 2, d("2026-04-20"), "upheld", None),
        ],
    )


def test_complaint_response_times_by_stage() -> None:
    # Stage 1 responses in the quarter: 20, 30 and 7 days; C1's stage 2
    # response falls in April, outside it.
    assert_frame_equal(
        complaints.response_times(steps(), quarter("2026Q1")).collect(),
        expected(
            {"stage": I64, "responses": I64, "median_days": F64, "mean_days": F64,
             "longest_days": I64},
            [(1, 3, 20.0, 19.0, 30)],
        ),
    )  # fmt: skip
    assert_frame_equal(
        complaints.outcomes(steps(), quarter("2026Q1")).collect(),
        expected(
            {"stage": I64, "responses": I64, "upheld": I64, "partly_upheld": I64,
             "not_upheld": I64},
            [(1, 3, 1, 0, 2)],
        ),
    )  # fmt: skip


def test_complaints_awaiting_a_response_at_the_quarters_end() -> None:
    # On 31 March: C1 is at stage 2 with no stage 2 response yet; C4 was
    # received and not answered; C5 arrives later; C2 and C3 were answered.
    assert_frame_equal(
        complaints.awaiting_response(steps(), date(2026, 3, 31)).collect(),
        expected(
            {"stage": I64, "awaiting_response": I64},
            [(1, 1), (2, 1)],
        ),
    )


def test_lessons_and_escalations_carry_the_complaints_team() -> None:
    registered = frame(
        COMPLAINTS,
        [("C1", "safeguarding", "delay", None, d("2026-03-02"))],
    )
    q1 = quarter("2026Q1")
    assert complaints.lessons(steps(), registered, q1).collect().rows() == [
        ("C1", "safeguarding", "delay", 2, d("2026-03-11"), "Write sooner")
    ]
    assert pmm.escalations(steps(), registered, month("2026-03")).collect().rows() == [
        ("C1", "safeguarding", "delay", d("2026-03-02"), 2, d("2026-03-10"))
    ]
    assert_frame_equal(
        complaints.escalations(steps(), q1).collect(),
        expected({"to_stage": I64, "escalations": I64}, [(2, 1)]),
    )


def test_action_completion_on_time_late_and_after_the_day() -> None:
    actions = frame(
        ACTIONS,
        [
            ("K1", "A1", None, "LL-1", "SW1", "d", d("2026-04-01"), d("2026-05-01"), d("2026-04-20"), 2, None),
            ("K2", "A1", None, "LL-1", "SW1", "d", d("2026-04-01"), d("2026-05-01"), d("2026-05-10"), 2, None),
            ("K3", "A2", None, "LL-2", "SW2", "d", d("2026-04-01"), d("2026-05-01"), None, 0, None),
            ("K4", "A2", None, "LL-2", "SW2", "d", d("2026-06-10"), d("2026-07-10"), None, 0, None),
            # Completed after AS_OF: overdue on it, and no completion shown.
            ("K5", "A2", None, "LL-2", "SW2", "d", d("2026-04-01"), d("2026-05-01"), d("2026-07-05"), 1, None),
        ],
    )  # fmt: skip
    statuses = ofsted.action_statuses(actions, AS_OF).collect()
    assert statuses.select("action_id", "completed_on", "status", "completed_on_time").rows() == [
        ("K1", d("2026-04-20"), "completed", True),
        ("K2", d("2026-05-10"), "completed", False),
        ("K3", None, "overdue", None),
        ("K4", None, "open", None),
        ("K5", None, "overdue", None),
    ]  # fmt: skip
    # 2 of 5 completed; 1 of those 2 on time.
    assert_frame_equal(
        ofsted.action_completion(statuses.lazy()).collect(),
        expected(
            {"actions": I64, "completed": I64, "completed_on_time": I64,
             "completed_late": I64, "due": I64, "open": I64, "overdue": I64,
             "completed_pct": F64, "on_time_pct": F64},
            [(5, 2, 1, 1, 0, 1, 2, 40.0, 50.0)],
        ),
    )  # fmt: skip
    audits = ofsted.audits_with_grades(
        frame(
            AUDITS,
            [
                ("A1", "whole-case-file", "2026H1", "LL-1", "T1", "N", "X", "completed", d("2026-03-20"), d("2026-04-01")),
                ("A2", "thematic", None, "LL-2", "T2", "S", "Y", "completed", d("2026-03-25"), d("2026-04-01")),
                ("A3", "transfer", None, "LL-1", "T1", "N", "Y", "started", d("2026-05-02"), None),
            ],
        ),
        frame(GRADINGS, [
            (1, "A1", "whole-case-file", "2026H1", d("2026-03-28"), "T1", "N", "X", "good", None, None, None),
            (2, "A1", "whole-case-file", "2026H1", d("2026-03-30"), "T1", "N", "X", "good", "H1", "outstanding", False),
        ]),
    )  # fmt: skip
    # LL-1: audits A1 (completed 1 April, outstanding as moderated) and A3
    # (started 2 May, not graded): the latest is A3. Actions K1, K2.
    tracking = ofsted.case_tracking(audits, statuses.lazy()).collect()
    assert tracking.rows() == [
        ("LL-1", "T1", "N", 2, d("2026-03-20"), d("2026-04-01"), "A3", None, True,
         2, 2, 0, d("2026-05-01")),
        ("LL-2", "T2", "S", 1, d("2026-03-25"), d("2026-04-01"), "A2", None, False,
         3, 0, 2, d("2026-07-10")),
    ]  # fmt: skip


def test_the_ofsted_window_is_the_twelve_months_to_the_day() -> None:
    window = twelve_months_to(date(2026, 10, 31))
    assert (window.start, window.end, window.label) == (
        date(2025, 11, 1),
        date(2026, 10, 31),
        "as-of-2026-10-31",
    )
