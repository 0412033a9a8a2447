"""Results beside the site: scores.csv, actions.csv and report.json for scripts, scores.xlsx
and actions.xlsx for people.

The CSV files are the machine format: UTF-8 without a byte order mark, comma-separated, '.'
decimals, ISO dates and empty for missing; scores.csv's columns follow the measure catalogue,
led by the ones scripts rely on (DESIGN.md). No BOM, on purpose: a BOM would make Excel read
UTF-8, but Dutch Excel would still split on ';' (one column) and read '.' decimals as
thousands, while every csv reader that does not expect one would see a first column named
'\ufeffcustomer_id'. People get the workbooks instead: scores.xlsx (the scores, the worklist and
the measure definitions) and actions.xlsx (the worklist), in the report's language with typed,
rounded cells, € and % formats and links to the customer pages; their bytes are fixed like
every other file's. :func:`output_files` documents all five for the methodology page.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from generator.execution import DEFAULT, Execution
from generator.render import xlsx
from generator.model.contacts import CONTACT_COLUMNS
from generator.model.report import Report
from generator.text.formatting import Formatter
from generator.text.translation import Translator

LEADING = ["customer_id", "name", "page", "segment", "value_score", "burden_score", "future_score",
           "revenue_total", "revenue_12m", "net_profit_12m", "first_purchase", "last_purchase", "frequency",
           "recency_days", "T_days", "expected_purchases_12m", "expected_revenue_12m", "p_alive", "rfm_segment"]
#: 2: segments with names and money, KPIs with labels, migrations, actions, anonymised
REPORT_SCHEMA_VERSION = 3
ACTION_COLUMNS = ["owner", "priority", "impact", "customer_id", "name", "segment", "action_id", "title", "reason",
                  "numbers", "text", "letter", "language", "page"]


# --- scores.csv --------------------------------------------------------------------

def scores_columns(report: Report) -> list[str]:
    cat = report.policy.catalogue.names()
    rest = [c for c in cat if c in report.customers.columns and c not in LEADING]
    return LEADING + rest


def scores_frame(report: Report) -> pd.DataFrame:
    """The scores table as text-ready columns: ISO dates, true/false, whole numbers without '.0'."""
    frame = _typed_scores(report)
    for col in frame.columns:
        s = frame[col]
        if pd.api.types.is_datetime64_any_dtype(s):
            frame[col] = s.dt.strftime("%Y-%m-%d")
        elif _is_bool(s):
            if s.dtype == bool:     # no missing values: one choice per row, without a Python call each
                frame[col] = pd.Series(np.where(s.to_numpy(), "true", "false"), index=s.index, dtype=object)
            else:
                frame[col] = s.map(lambda v: "" if _missing(v) else ("true" if v else "false"))
        elif pd.api.types.is_float_dtype(s):
            s = s.round(6)
            known = s.dropna()
            whole = len(known) > 0 and bool((known == np.round(known)).all()) and bool((known.abs() < 2**53).all())
            frame[col] = s.astype("Int64") if whole else s
    return frame


def scores_csv(report: Report) -> bytes:
    return csv_bytes(scores_frame(report))


# --- actions.csv ---------------------------------------------------------------------

def actions_frame(report: Report) -> pd.DataFrame:
    """Every recommended action, grouped by owner (the Monday-morning worklist).

    Owners in alphabetical order, actions without an owner last; within an
    owner by priority, customer name and id, then the order of recommendation.
    """
    a = report.actions.copy()
    c = report.customers
    a["name"] = a["customer_id"].map(c["name"])
    a["segment"] = a["customer_id"].map(c["segment"])
    if "owner" not in a:
        a["owner"] = a["customer_id"].map(c["account_manager"]) if "account_manager" in c else None
    a["page"] = a["customer_id"].map(report.page_paths())  # "" for a customer without a page (config: pages)
    a["letter"] = a["letter"].map({True: "true", False: "false"})
    owner = a["owner"].astype(object).where(a["owner"].notna(), None)
    a["owner"] = owner.fillna("")
    a["_none"] = owner.isna()
    a["_owner"] = a["owner"].str.casefold()
    a["_name"] = a["name"].astype(str).str.casefold()
    a["_order"] = np.arange(len(a))
    a["_safe"] = ~a["safety"].fillna(False).astype(bool) if "safety" in a else False
    impact = pd.to_numeric(a["impact"], errors="coerce") if "impact" in a else pd.Series(np.nan, index=a.index)
    a["_unknown"], a["_impact"] = impact.isna(), -impact.fillna(0.0)
    a = a.sort_values(["_none", "_owner", "owner", "_safe", "priority", "_unknown", "_impact", "_name", "customer_id",
                       "_order"], kind="stable")
    return a.reindex(columns=ACTION_COLUMNS)


def actions_csv(report: Report) -> bytes:
    return csv_bytes(actions_frame(report))


# --- CSV writing ----------------------------------------------------------------------

def csv_bytes(frame: pd.DataFrame) -> bytes:
    """``frame.to_csv(index=False, lineterminator="\\n")`` as UTF-8, byte for byte, built
    column by column (pandas writes row by row through Python's csv module: seconds
    for a hundred thousand customers). Every value is rendered as pandas renders it
    for CSV and quoted as Python's csv module quotes it (see :func:`_csv_quote`)."""

    if len(frame.columns) < 2 or not frame.columns.is_unique or \
            not all(_csv_plain_dtype(frame[c].dtype) for c in frame.columns):
        # dates and other rare columns, a lone column (csv quotes a lone empty field): pandas itself
        safe = frame.copy()
        for i, c in enumerate(frame.columns):
            if frame.iloc[:, i].dtype == object or isinstance(frame.iloc[:, i].dtype, pd.StringDtype):
                safe.isetitem(i, frame.iloc[:, i].map(lambda v: "'" + v if isinstance(v, str) and v[:1] in _FORMULA
                                                       else v))
        return safe.to_csv(index=False, lineterminator="\n").encode("utf-8")
    header = (",".join(_csv_quote(pa.array([str(c) for c in frame.columns], pa.large_string())).to_pylist())
              + "\n").encode("utf-8")
    if not len(frame):
        return header
    fields = [_csv_fields(frame[c]) for c in frame.columns]
    text = pa.large_string()
    rows = pc.binary_join_element_wise(*fields, pa.scalar(",", text))
    lines = pc.binary_join_element_wise(rows, pa.scalar("", text), pa.scalar("\n", text))   # each row + '\n'
    if isinstance(lines, pa.ChunkedArray):
        lines = lines.combine_chunks()
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int64)[lines.offset:lines.offset + len(lines) + 1]
    return header + lines.buffers()[2].to_pybytes()[offsets[0]:offsets[-1]]


def _csv_plain_dtype(dtype) -> bool:
    """Numbers (numpy), text and objects: the columns :func:`csv_bytes` renders itself."""
    if isinstance(dtype, np.dtype):
        return dtype.kind in "fiubO"
    return isinstance(dtype, (pd.StringDtype, pd.BooleanDtype)) or getattr(dtype, "kind", "") in ("i", "u")


def _csv_fields(column: pd.Series):
    """One column's values as pandas renders them for CSV (missing: empty), quoted as csv quotes
    them, as a pyarrow text array."""

    dtype = column.dtype
    if isinstance(dtype, np.dtype) and dtype.kind == "f":     # numpy's shortest round-trip text
        values = column.to_numpy()
        texts = values.astype(str)
        texts[np.isnan(values)] = ""
        return pa.array(texts, pa.large_string())
    if dtype.kind in "iu":     # whole numbers (also Int64): their digits, as str() writes them

        numbers = pa.array(column.array if isinstance(dtype, pd.api.extensions.ExtensionDtype)
                           else column.to_numpy(), from_pandas=True)
        return pc.fill_null(pc.cast(numbers, pa.large_string()), "")
    if isinstance(dtype, pd.StringDtype) or (dtype == object and pd.api.types.infer_dtype(column, skipna=True)
                                            in ("string", "empty")):

        # texts (missing: empty), converted without a Python object per value
        return _csv_quote(_neutralised(pc.fill_null(pa.array(column, from_pandas=True, type=pa.large_string()), "")))
    missing = column.isna().to_numpy()
    values = column.to_numpy(dtype=object)
    # what csv writes for an object: a float's repr (of the float itself), str() of anything else
    texts = [("" if gone else ("'" + v if v[:1] in _FORMULA else v) if type(v) is str
              else float.__repr__(v) if isinstance(v, float) else str(v))
             for v, gone in zip(values.tolist(), missing)]
    return _csv_quote(pa.array(texts, pa.large_string()))


#: what a spreadsheet may read as the start of a formula in a text cell (OWASP, "CSV Injection")
_FORMULA = frozenset("=+-@\t\r")


def _neutralised(texts):
    """Texts starting with a formula character get a leading ``'``: a spreadsheet opening the CSV
    shows the text instead of running it (``=HYPERLINK(…)``, ``@SUM(…)``); numbers are not texts."""
    needs = pc.match_substring_regex(texts, "^[=+\\-@\t\r]")
    if not pc.any(needs).as_py():
        return texts
    return pc.if_else(needs, pc.binary_join_element_wise(pa.scalar("'", pa.large_string()), texts,
                                                         pa.scalar("", pa.large_string())), texts)


def _csv_special() -> str:
    """The characters that make Python's csv module quote a field (QUOTE_MINIMAL, ',' '"' and
    '\\n' as pandas sets them up): asked of csv itself, as they differ between versions."""
    found = []
    for code in range(128):
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerow([chr(code), ""])
        if buffer.getvalue() != chr(code) + ",\n":
            found.append(chr(code))
    return "".join(found)


_CSV_SPECIAL = _csv_special()


def _csv_quote(texts):
    """Texts as csv writes them: one holding a special character enclosed in '"', with '"' doubled."""

    needs = pc.match_substring_regex(texts, "[" + "".join(f"\\x{ord(c):02x}" for c in _CSV_SPECIAL) + "]")
    if not pc.any(needs).as_py():
        return texts
    quoted = pc.binary_join_element_wise(pa.scalar('"', pa.large_string()),
                                         pc.replace_substring(texts, '"', '""'),
                                         pa.scalar('"', pa.large_string()), pa.scalar("", pa.large_string()))
    return pc.if_else(needs, quoted, texts)


# --- the workbooks: scores.xlsx and actions.xlsx -------------------------------------------

#: Excel number format per measure kind (the currency's is made per language, see _money_format),
#: and the decimals a value of that kind is rounded to (no float noise such as 3260.1099999999997)
XLSX_FORMATS = {"ratio": "0.0%", "probability": "0.0%", "count": "#,##0", "days": "#,##0", "number": "#,##0.00",
                "rating": "0.0", "score": "0.0"}
XLSX_DECIMALS = {"money": 2, "ratio": 4, "probability": 4, "count": 2, "days": 1, "number": 2, "rating": 2,
                 "score": 1}


def scores_xlsx(report: Report, execution: Execution = DEFAULT) -> bytes:
    """The scores, the worklist and the measure definitions as one workbook for spreadsheet
    users: headers, segments and actions in the report's language, rounded values with € and %
    formats, each customer's page as a link (relative to the site folder)."""
    t = Translator(report.lang)
    scores, formats = _scores_sheet(report, t)
    actions, action_formats = _actions_sheet(report, t)
    cat = report.policy.catalogue
    lang = report.lang
    names = set(scores_columns(report))
    measures = pd.DataFrame([{"measure": m.name, "label": m.label(lang), "kind": t.get(f"xlsx.kind.{m.kind}", m.kind),
                              "definition": m.definition(lang)} for m in cat.measures if m.name in names],
                            columns=["measure", "label", "kind", "definition"])
    measures.columns = [t("xlsx.col_code"), t("xlsx.col_label"), t("xlsx.col_kind"), t("xlsx.col_definition")]
    page = t("xlsx.col_page")
    return xlsx.workbook([
        *_sheets(t("xlsx.sheet_scores"), scores, {t("customer_id"): 14, t("col_name"): 32, page: 28,
                                                  t("col_segment"): 18}, formats=formats, links={page: page}),
        *_sheets(t("xlsx.sheet_actions"), actions, _action_widths(t), formats=action_formats, links={page: page}),
        xlsx.Sheet(t("xlsx.sheet_measures"), measures, dict(zip(measures.columns, (26, 32, 14, 100)))),
    ], creator="klantwaarde", title=report.title, created=dt.datetime.combine(report.as_of, dt.time()),
        block_rows=execution.xlsx_block_rows, threads=execution.xlsx_threads)


def actions_xlsx(report: Report, execution: Execution = DEFAULT) -> bytes:
    """The worklist to hand out: every action by owner in worklist order (as actions.csv), in the
    report's language, impact in euros, the customer's page as a link, the contact details when
    ``privacy.contacts`` allows them."""
    t = Translator(report.lang)
    actions, formats = _actions_sheet(report, t)
    page = t("xlsx.col_page")
    return xlsx.workbook(_sheets(t("xlsx.sheet_actions"), actions, _action_widths(t), formats=formats,
                                 links={page: page}),
                         creator="klantwaarde", title=report.title,
                         created=dt.datetime.combine(report.as_of, dt.time()),
                         block_rows=execution.xlsx_block_rows, threads=execution.xlsx_threads)


def money_format(report: Report) -> str:
    """The currency's Excel number format as the site writes amounts: ``"€ "#,##0.00`` (nl),
    ``"€"#,##0.00`` (en), the minus before the symbol."""
    prefix = Formatter(report.lang, report.config.currency).money(0).removesuffix("0").replace('"', "")
    return f'"{prefix}"#,##0.00;-"{prefix}"#,##0.00'


def _scores_sheet(report: Report, t: Translator) -> tuple[pd.DataFrame, dict[str, str]]:
    """The scores table for people: measure labels as headers, segment names, bands in words,
    values rounded per kind, and a number format per column."""
    frame = _typed_scores(report)
    by_name = report.policy.catalogue.by_name
    money = money_format(report)
    segment_names = {s.id: s.name.get(report.lang) for s in report.policy.segments}
    frame["segment"] = frame["segment"].map(segment_names).where(frame["segment"].notna(), None)
    fmt = Formatter(report.lang, report.config.currency)
    headers, formats = {}, {}
    for col in frame.columns:
        m = by_name.get(col)
        kind = m.kind if m is not None else None
        headers[col] = _HEADER_KEYS[col](t) if col in _HEADER_KEYS else (m.label(report.lang) if m else col)
        if col.endswith("_band"):        # a few distinct bands: each put in words once
            frame[col] = frame[col].map({v: fmt.band(v) for v in frame[col].dropna().unique()})
        if kind in XLSX_DECIMALS and pd.api.types.is_numeric_dtype(frame[col]) and not _is_bool(frame[col]):
            frame[col] = frame[col].astype("float64").round(XLSX_DECIMALS[kind])
            formats[headers[col]] = money if kind == "money" else XLSX_FORMATS[kind]
    frame.columns = [headers[c] for c in frame.columns]
    return frame, formats


_HEADER_KEYS = {"customer_id": lambda t: t("customer_id"), "name": lambda t: t("col_name"),
                "page": lambda t: t("xlsx.col_page"), "segment": lambda t: t("col_segment")}


def _actions_sheet(report: Report, t: Translator) -> tuple[pd.DataFrame, dict[str, str]]:
    """actions.csv's rows for people: owner, priority, impact (€), customer, number, segment name,
    action, why, text, letter (yes/no), language, page, and the contact details when shown."""
    a = actions_frame(report)
    segment_names = {s.id: s.name.get(report.lang) for s in report.policy.segments}
    out = pd.DataFrame({
        t("xlsx.col_owner"): a["owner"].where(a["owner"] != "", None),
        t("priority"): pd.to_numeric(a["priority"], errors="coerce").astype("Int64"),
        t("col_impact"): pd.to_numeric(a["impact"], errors="coerce").round(2),
        t("col_customer"): a["name"],
        t("customer_id"): a["customer_id"].astype(str),
        t("col_segment"): a["segment"].map(segment_names),
        t("col_action"): a["title"],
        t("col_reason"): a["reason"],
        t("xlsx.col_text"): a["text"],
        t("xlsx.col_letter"): a["letter"].map({"true": True, "false": False}),
        t("xlsx.col_language"): a["language"].map({v: t.get(f"xlsx.language.{v}", str(v))
                                                   for v in a["language"].dropna().unique()}),
        t("xlsx.col_page"): a["page"],
    })
    contacts = contact_details(report)
    if contacts is not None:             # beside the customer, whom they are for
        ids = a["customer_id"].astype(str)
        at = out.columns.get_loc(t("customer_id")) + 1
        for i, column in enumerate(CONTACT_COLUMNS):
            out.insert(at + i, t(f"xlsx.col_{column}"),
                       ids.map(contacts[column]).to_numpy() if column in contacts else None)
    return out.reset_index(drop=True), {t("col_impact"): money_format(report)}


def _action_widths(t: Translator) -> dict[str, int]:
    return {t("xlsx.col_owner"): 20, t("priority"): 10, t("col_impact"): 14, t("col_customer"): 32,
            t("customer_id"): 14, t("col_segment"): 18, t("col_action"): 32, t("col_reason"): 60,
            t("xlsx.col_text"): 80, t("xlsx.col_page"): 28, t("xlsx.col_contact_name"): 24,
            t("xlsx.col_phone"): 16, t("xlsx.col_email"): 28}


def contact_details(report: Report) -> pd.DataFrame | None:
    """The customers' contact details (contact_name, phone, email; index customer_id) when the
    report may show them (config privacy.contacts, never in an anonymised report); else None."""
    contacts = getattr(report, "contacts", None)
    if contacts is None or not report.config.privacy.contacts or report.extra.get("anonymised"):
        return None
    return contacts


def _sheets(name: str, frame: pd.DataFrame, widths: dict[str, int], rows: int | None = None, **options) -> list:
    """One sheet, or as many as Excel's row limit needs ('actions', 'actions 2', ...)."""
    rows = rows or xlsx.MAX_ROWS - 1
    if len(frame) <= rows:
        return [xlsx.Sheet(name, frame, widths, **options)]
    return [xlsx.Sheet(name if i == 0 else f"{name} {i // rows + 1}", frame.iloc[i:i + rows], widths, **options)
            for i in range(0, len(frame), rows)]


# --- report.json -----------------------------------------------------------------------

def report_json(report: Report) -> bytes:
    """A small, versioned summary for CI and scripts (documented on the methodology page)."""
    c = report.customers
    lang = report.lang
    segments = []
    for s in report.policy.segments:
        members = c[c["segment"] == s.id]
        profit = members["net_profit_12m"] if "net_profit_12m" in members else pd.Series(dtype=float)
        segments.append({"id": s.id, "name": s.name.get(lang), "customers": int(len(members)),
                         "revenue_12m": _number(members["revenue_12m"].sum()),
                         "net_profit_12m": _number(profit.sum()) if profit.notna().any() else None})
    moves = None
    if report.moves is not None:
        m = report.moves
        moves = {"previous_as_of": report.previous_as_of.isoformat() if report.previous_as_of else None,
                 "compared": m.compared, "moved": m.moved, "new": m.new,
                 "matrix": [{"from": a, "to": b, "customers": n} for a, b, n in m.cells()]}
    a = report.actions
    doc = {
        "schema": "klantwaarde-report",
        "version": REPORT_SCHEMA_VERSION,
        "title": report.title,
        "language": lang,
        "as_of": report.as_of.isoformat(),
        "window": {"start": report.window_start.isoformat(), "previous_start": report.prev_window_start.isoformat()},
        "customers": int(len(c)),
        "segments": segments,
        "kpis": {k: {"label": v.label, "kind": v.kind, "value": _number(v.value, v.kind),
                     "previous": _number(v.previous, v.kind),
                     "previous_report": _number(getattr(v, "previous_report", None), v.kind)}
                 for k, v in sorted(report.kpis.items())},
        "focus_kpis": list(report.policy.model.kpis),
        "previous_report": _previous_report(report),
        "migrations": moves,
        "actions": {"total": int(len(a)),
                    "by_priority": {str(p): int(n) for p, n in sorted(a["priority"].value_counts().items())},
                    "by_action": {str(k): int(n) for k, n in sorted(a["action_id"].value_counts().items())},
                    "impact_by_action": _impact_by_action(a)},
        "future_value": {"method": report.future_method, "note": str(report.future_note)},
        "future": _future(report),
        "unavailable": {name: str(reason) for name, reason in sorted(report.unavailable.items())},
        "warnings": [str(w) for w in report.warnings],
        "anonymised": bool(report.extra.get("anonymised", False)),
        "generated": report.generated,
    }
    return (json.dumps(_finite(doc), ensure_ascii=False, indent=2, sort_keys=False, default=_jsonable,
                       allow_nan=False) + "\n").encode("utf-8")


def _finite(v):
    """``v`` with every number that JSON cannot hold (NaN, ±Infinity) as null: report.json stays valid
    JSON whatever a measure made of the data."""
    if isinstance(v, dict):
        return {k: _finite(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_finite(x) for x in v]
    if isinstance(v, (float, np.floating)) and not math.isfinite(float(v)):
        return None
    return v


def _future(report: Report) -> dict:
    """The future-value model: method, the chosen model's parameters on the whole history, and the
    backtest (calibration end, holdout days, per model rmse / predicted_total / actual_total /
    params, for MBG/NBD and Pareto/NBD change_prior and rmse_constant, chosen, the chosen
    change_prior); backtest null when it was not run."""
    bt = getattr(report, "future_backtest", None)
    backtest = None
    if bt is not None and bt.calibration_end is not None:
        backtest = {
            "calibration_end": (dt.date(1970, 1, 1) + dt.timedelta(days=int(bt.calibration_end))).isoformat(),
            "holdout_days": int(bt.holdout_days),
            "customers": int(bt.customers),
            "models": {c.model: {"rmse": c.rmse, "predicted_total": c.predicted_total,
                                 "actual_total": c.actual_total, "params": c.params or None,
                                 **({"change_prior": c.change_prior, "rmse_constant": c.rmse_constant}
                                    if c.change_prior is not None else {}),
                                 **({"error": c.error} if c.error else {})}
                       for c in bt.candidates},
            "chosen": bt.chosen,
            "change_prior": float(bt.change_prior),
            **({"not_run": bt.reason} if bt.reason else {}),
        }
    return {"method": report.future_method, "params": dict(getattr(report, "future_params", {}) or {}),
            "backtest": backtest}


def _previous_report(report: Report) -> dict | None:
    """The previous report (history): its date and its stored portfolio KPI values (``kpis`` null when
    it was recorded before KPIs were stored); None without a previous report."""
    if report.previous_as_of is None:
        return None
    stored = getattr(report, "previous_kpis", None)
    kinds = {k: v.kind for k, v in report.kpis.items()}
    kpis = None if stored is None else {k: _number(v, kinds.get(k, "money")) for k, v in sorted(stored.items())}
    return {"as_of": report.previous_as_of.isoformat(), "kpis": kpis}


def _impact_by_action(a: pd.DataFrame) -> dict[str, float]:
    """Per action id, the euros at stake summed over the customers it is recommended to
    (actions without an impact measure are left out)."""
    if a.empty or "impact" not in a:
        return {}
    impact = pd.to_numeric(a["impact"], errors="coerce")
    sums = impact.groupby(a["action_id"]).sum(min_count=1).dropna()
    return {str(k): round(float(v), 2) for k, v in sorted(sums.items())}


# --- documentation -----------------------------------------------------------------------

#: the four files and the columns (or groups of columns) the methodology page describes
_OUTPUT_FILES = (
    ("scores.csv", ("customer_id", "name", "page", "segment … rfm_segment")),
    ("scores.xlsx", ("scores", "actions", "measures")),
    ("actions.csv", ("owner", "priority", "impact", "customer_id, name, segment", "action_id, title", "reason", "numbers",
                     "text", "letter", "language", "page")),
    ("actions.xlsx", ("owner, priority, impact", "customer, segment, action", "page", "contact_name, phone, email")),
    ("report.json", ("as_of, window", "segments", "kpis", "previous_report", "migrations", "actions",
                     "future_value, unavailable, warnings", "future")),
    ("rejected.csv", ("table, file, line", "column, value", "reason", "code")),     # issue 16: on_bad_rows
)


def output_files(lang: str) -> list[dict]:
    """The four machine-readable files and their columns, for the methodology page
    (texts: output_files.<file>[.<column>])."""
    t = Translator(lang)
    return [{"file": file, "description": t(f"output_files.{_key(file)}", version=REPORT_SCHEMA_VERSION),
             "columns": [(column, t(f"output_files.{_key(file)}.{_key(column)}")) for column in columns]}
            for file, columns in _OUTPUT_FILES]


def _key(name: str) -> str:
    """A file or column name as it reads in a text key: scores_csv, customer_id_name_segment."""
    return re.sub(r"\W+", "_", name).strip("_")


# --- helpers --------------------------------------------------------------------------------

def _typed_scores(report: Report) -> pd.DataFrame:
    c = report.customers
    frame = c.copy()
    frame["customer_id"] = c.index.astype(str)
    frame["page"] = report.page_paths()  # "" for a customer without a page (config: pages)
    frame = frame.reindex(columns=scores_columns(report))
    return frame.reset_index(drop=True)


def _is_bool(s: pd.Series) -> bool:
    if pd.api.types.is_bool_dtype(s):
        return True
    if s.dtype != object:
        return False
    kind = pd.api.types.infer_dtype(s, skipna=True)
    if kind in ("string", "empty", "floating", "integer", "datetime", "date"):   # no true/false among them
        return False
    return kind == "boolean" or bool(s.map(lambda v: isinstance(v, (bool, np.bool_))).any())


def _missing(v) -> bool:
    return v is None or (not isinstance(v, str) and bool(pd.isna(v)))


def _number(v, kind: str = "money") -> float | int | None:
    """A JSON number: counts as integers, everything else rounded to 6 decimals (no float noise)."""
    if _missing(v):
        return None
    if kind == "count":
        return int(round(float(v)))
    return round(float(v), 6)


def _jsonable(v):
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating,)):
        return float(v) if np.isfinite(v) else None
    return str(v)
