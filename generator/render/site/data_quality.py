"""The data quality page (data-quality.html): per table what was read, used and rejected (with
examples), what is missing, the build's warnings and the measures that could not be computed."""
from __future__ import annotations

import pandas as pd

from generator.model.report import Report
from generator.render.exports import csv_bytes
from generator.render.site.build import Build
from generator.text.messages import text

#: skipped rows listed per table on the page (all of them are in rejected.csv)
SKIPPED_SHOWN = 200
ORDER = ("transactions", "customers", "interactions", "assessments", "feedback")


def render(site: Build) -> None:
    site.page("data-quality.html", "data_quality.html", "data-quality", site.t("dq_title"),
              **_data_quality_page(site))


def rejected_csv(report: Report) -> bytes:
    """Every skipped row (on_bad_rows: skip, total lines), for rejected.csv beside the other exports:
    table, file, line, column, value, reason (in the report's language), code."""
    rows = [(name, _display_path(r.file), r.line, r.column or "", r.value, text(r.reason, report.lang),
             r.reason.code.removeprefix("bad."))
            for name in _ordered(report.quality) for r in report.quality[name].skipped]
    columns = ["table", "file", "line", "column", "value", "reason", "code"]
    frame = pd.DataFrame(rows, columns=columns).astype({"line": "int64"}) if rows else \
        pd.DataFrame({c: pd.Series(dtype="int64" if c == "line" else object) for c in columns})
    return csv_bytes(frame)


def _ordered(quality) -> list[str]:
    return sorted(quality, key=lambda k: (ORDER.index(k) if k in ORDER else 99, k))


def _data_quality_page(site: Build) -> dict:
    t = site.t
    tables = []
    order = ORDER
    for name in _ordered(site.report.quality):
        q = site.report.quality[name]
        label_key = f"table_{name}"
        rejected = sum(q.rejected.values())
        tables.append({
            "table": name, "label": t(label_key) if name in order else name,
            "files": [_display_path(f) for f in q.files], "rows_read": q.rows_read, "rows_used": q.rows_used,
            "rows_rejected": rejected, "date_range": q.date_range,
            "sniffed": sorted(q.sniffed.items()),
            "rejected": [{"reason": reason, "rows": n, "examples": list(q.examples.get(reason, []))[:5]}
                         for reason, n in sorted(q.rejected.items(), key=lambda kv: (-kv[1], str(kv[0])))],
            "missing": [{"column": col, "count": n, "share": n / q.rows_used if q.rows_used else None}
                        for col, n in sorted(q.missing.items()) if n],
            "columns": sorted(q.columns.items()),
            "codes": [_codes(c, t) for c in q.codes],
            "skipped": [{"file": _display_path(r.file), "line": r.line, "column": r.column, "value": r.value,
                         "reason": r.reason} for r in q.skipped[:SKIPPED_SHOWN]],
            "skipped_more": max(len(q.skipped) - SKIPPED_SHOWN, 0),
        })
    unavailable = [{"name": n, "label": site.label(n), "reason": reason}
                   for n, reason in sorted(site.report.unavailable.items(),
                                           key=lambda kv: (_catalogue_position(site, kv[0]), kv[0]))]
    return {"warnings": list(site.report.warnings), "unavailable": unavailable, "tables": tables}


def _codes(c, t) -> dict:
    """One coded column: each code found with its rows and meaning, then the policy's codes never found."""
    guesses = dict(c.unknown)
    rows = []
    for code, n in c.found:
        status = c.status(code)
        if status == "unknown":
            text = t("dq_code_unknown_guess", guess=guesses[code]) if guesses.get(code) else t("dq_code_unknown")
        else:
            text = t(f"dq_code_{status}")
        rows.append({"code": code, "rows": n, "status": status, "text": text})
    for code in c.never:
        rows.append({"code": code, "rows": 0, "status": "never", "text": t("dq_code_never")})
    return {"column": c.column, "rows": rows}


def _catalogue_position(site: Build, name: str) -> int:
    names = site.catalogue.names()
    return names.index(name) if name in names else len(names)


def _display_path(path) -> str:
    """A file as a name, never an absolute path (the site may be handed to others)."""
    text = str(path).replace("\\", "/")
    return text.rsplit("/", 1)[-1] if text.startswith("/") or ":" in text[:3] else text
