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

Over several years (``years``) the calendar moves on: each year is booked
and worked through in turn, staff leave and are replaced, cases carry over,
two cycles a year are drawn, and gradings improve until they level off.
Several councils (``councils``) share one ledger, each with its own prefix
(``C001``) on staff ids, case references and districts, and its own size and
random stream; audit and action ids come from the ledger's sequences. What
the ledger keeps one of per period, month or year (the whole case file
cycle, the heads of service's samples, the supervision survey) cannot be
each council's: those councils draw their samples from their own cases and
schedule the audits themselves (``cycles``, ``programme``).

The package follows that outline: ``diary`` (the diary and its calendar),
``council`` (who is who and the state the demo keeps), ``staff``, ``cases``
and ``decisions`` (§2.2), ``supervision``, ``cycles`` and ``programme`` (the
audit programme), ``audits`` and ``actions``, ``complaints``, ``feedback``
(questionnaires and practice observations), ``meetings``, ``summary`` and
``year``, which sets the councils up, books each year and works through the
diary.
"""

from ledger.demo.summary import DemoSummary
from ledger.demo.year import generate

__all__ = ["DemoSummary", "generate"]
