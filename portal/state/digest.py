"""The nightly alert digest: which rows of the exception board changed status since the last digest, and which
follow-ups are overdue, for one recipient: only the indicators the recipient's role may read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from portal import fmt
from portal.access import Reader
from portal.i18n import pick, t
from portal.meetings import effective_state
from portal.state.board import t_status
from portal.vocab import BoardStatus, FollowupStatus


@dataclass
class Digest:
    lang: str
    changes: list[dict] = field(default_factory=list)  # indicator, name, region, region_name, before, after, period
    overdue: list[dict] = field(default_factory=list)  # follow-up rows past their due date, not done

    @property
    def empty(self) -> bool:
        return not self.changes and not self.overdue

    def subject(self) -> str:
        return t("alr_subject", self.lang, changes=len(self.changes), overdue=len(self.overdue))

    def body(self, public_url: str) -> str:
        """The message in plain text, one line per item."""
        lang, lines = self.lang, [t("alr_intro", self.lang), ""]
        if self.changes:
            lines.append(t("alr_changes", lang))
            for c in self.changes:
                before = t_status(BoardStatus(c["before"]), lang) if c["before"] else "–"
                lines.append(
                    f"- {c['name']} · {c['region_name']} ({c['period']}): {before} → {t_status(BoardStatus(c['after']), lang)}"
                )
            lines.append("")
        if self.overdue:
            lines.append(t("alr_overdue", lang))
            for f in self.overdue:
                due = fmt.day(f["due_on"], lang)
                lines.append(f"- {f['name']} · {f['region_name']}: {f['agency_name']}, {t('fu_due', lang, date=due)}")
            lines.append("")
        lines.append(t("alr_more", lang, url=f"{public_url}/perhatian"))
        return "\n".join(lines)

    def payload(self) -> dict:
        """The digest as JSON for a webhook."""
        return {
            "subject": self.subject(),
            "changes": self.changes,
            "overdue": [
                {k: f[k] for k in ("id", "indicator", "region", "agency", "due_on", "state", "meeting_id")}
                for f in self.overdue
            ],
        }


def changed(board: pd.DataFrame, marks: pd.DataFrame) -> pd.DataFrame:
    """The board's rows whose status differs from the one recorded at the last digest (rows new since then too,
    unless nothing was recorded yet: the first night only records). Columns: the board's, and `before`."""
    if marks.empty or board.empty:
        return board.iloc[0:0].assign(before=pd.Series(dtype=object))
    merged = board.merge(
        marks[["indicator", "region", "status"]].rename(columns={"status": "before"}),
        on=["indicator", "region"],
        how="left",
    )
    return merged[merged["before"].fillna("") != merged["status"]]


def digest_for(
    reader: Reader, changes: pd.DataFrame, followups: pd.DataFrame, catalogue: pd.DataFrame, on: date
) -> Digest:
    """What one recipient gets: the changes and overdue follow-ups on the indicators `reader` may read.

    `catalogue` is the whole catalogue (every class); `followups` every follow-up (queries.followups, all classes).
    """
    readable = catalogue[catalogue["classification"].isin(reader.classes)]
    names = {r["code"]: pick(r, "name", reader.lang) for r in readable.to_dict("records")}
    digest = Digest(reader.lang)
    for r in changes[changes["indicator"].isin(names)].to_dict("records"):
        digest.changes.append(
            {
                "indicator": r["indicator"],
                "name": names[r["indicator"]],
                "region": r["region"],
                "region_name": r["region_name"],
                "period": r["period"],
                "before": None if pd.isna(r["before"]) else r["before"],
                "after": r["status"],
            }
        )
    if len(followups):
        late = followups[followups["indicator"].isin(names)]
        for f in late.to_dict("records"):
            if effective_state(f["state"], f["due_on"], on) == FollowupStatus.TERLAMBAT:
                digest.overdue.append({**f, "name": names[f["indicator"]]})
    return digest
