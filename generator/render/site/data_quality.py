"""The data quality page (data-quality.html): per table what was read, used and rejected (with
examples), what is missing, the build's warnings and the measures that could not be computed."""
from __future__ import annotations

from generator.render.site.build import Build


def render(site: Build) -> None:
    site.page("data-quality.html", "data_quality.html", "data-quality", site.t("dq_title"),
              **_data_quality_page(site))


def _data_quality_page(site: Build) -> dict:
    t = site.t
    tables = []
    order = ("transactions", "customers", "interactions", "assessments", "feedback")
    for name in sorted(site.report.quality, key=lambda k: (order.index(k) if k in order else 99, k)):
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
