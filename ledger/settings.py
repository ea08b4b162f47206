"""Standards that vary by council, in one TOML file, with the seed's values as
defaults.

The file is ``QALEDGER_SETTINGS`` if set, else ``qaledger.toml`` in the working
directory if it exists. Keys sit under a ``[standards]`` table::

    [standards]
    supervision_interval_days = 21
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from ledger.errors import InvalidValue

DEFAULT_SETTINGS_FILE = "qaledger.toml"


@dataclass(frozen=True)
class Settings:
    # §3.2, §3.3: audits look back over the previous 12 months.
    look_back_months: int = 12
    # §3.2, §3.3: actions are due one month after the audit.
    action_due_months: int = 1
    # §3.2, §3.3: follow-up within one month, and again the following month.
    follow_up_window_months: int = 1
    # Supervision standard; the seed leaves the interval to local policy.
    supervision_interval_days: int = 28
    # §3.3: approximately 35 cases per whole case file audit cycle.
    sample_size: int = 35
    # §4.1: staff observed at least every 12 months.
    observation_interval_months: int = 12
    # §2.2 names no deadline for the decision a trigger needs: local policy.
    decision_due_days: int = 7
    # §3.3 feedback to worker and manager, alert to manager and HoS: local policy.
    audit_feedback_days: int = 7
    # §2.3, §3.5: supervision files are audited once a year.
    file_audit_interval_months: int = 12
    # §2.3: development needs are reviewed in an annual PDR.
    development_review_interval_months: int = 12
    # A case open and not yet allocated to a worker: the framework names no
    # deadline; local policy.
    allocation_due_days: int = 7
    # §3.3, §3.5: a file audit by a head of service at the point of transfer.
    transfer_audit_days: int = 14
    # §4.1: a questionnaire after closure or transfer; the framework names no
    # deadline: local policy.
    questionnaire_due_days: int = 14
    # §4.1: SSMT considers complaints escalated past stage one "at their
    # fortnightly meetings".
    complaint_consideration_days: int = 14
    # Days after a monthly, quarterly, six-monthly or yearly duty's period ends
    # before it is overdue (the performance meeting, samples, the audit cycle,
    # the supervision survey, family support audits).
    calendar_grace_days: int = 0
    # Counts below this are shown as "<N" in published HTML reports.
    small_count_threshold: int = 5

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def settings_path() -> Path | None:
    configured = os.environ.get("QALEDGER_SETTINGS")
    if configured:
        return Path(configured)
    default = Path(DEFAULT_SETTINGS_FILE)
    return default if default.exists() else None


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    if path is None:
        return Settings()
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise InvalidValue(f"cannot read settings file {path}: {error}") from None
    return settings_from(document.get("standards", {}), source=str(path))


# Standards that may be 0: no grace days.
MAY_BE_NONE = frozenset({"calendar_grace_days"})


def settings_from(values: dict[str, Any], source: str = "settings") -> Settings:
    known = {field.name for field in fields(Settings)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise InvalidValue(
            f"{source}: unknown standard(s) {', '.join(unknown)}; "
            f"allowed: {', '.join(sorted(known))}"
        )
    for key, value in values.items():
        least = 0 if key in MAY_BE_NONE else 1
        if not isinstance(value, int) or isinstance(value, bool) or value < least:
            raise InvalidValue(
                f"{source}: {key} must be a whole number of {least} or more"
            )
    return replace(Settings(), **values)
