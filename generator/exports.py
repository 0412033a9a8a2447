"""Machine-readable results beside the site: scores.csv, scores.xlsx, actions.csv, report.json.

scores.csv is UTF-8, comma-separated, '.' decimals, ISO dates and empty for
missing; its columns follow the measure catalogue, led by the ones scripts
rely on (DESIGN.md). scores.xlsx holds the same table with typed cells (plus
the actions and the measure definitions) for spreadsheet users; its bytes are
fixed like every other file's. :func:`output_files` documents all four for the
methodology page.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import numpy as np
import pandas as pd

from .report import Report

LEADING = ["customer_id", "name", "page", "segment", "value_score", "burden_score", "future_score",
           "revenue_total", "revenue_12m", "net_profit_12m", "first_purchase", "last_purchase", "frequency",
           "recency_days", "T_days", "expected_purchases_12m", "expected_revenue_12m", "p_alive", "rfm_segment"]
#: 2: segments with names and money, KPIs with labels, migrations, actions, anonymised
REPORT_SCHEMA_VERSION = 2
ACTION_COLUMNS = ["owner", "priority", "customer_id", "name", "segment", "action_id", "title", "reason", "numbers",
                  "text", "letter", "language", "page"]
#: fixed timestamp inside scores.xlsx (a zip): the same report gives the same bytes
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


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
            frame[col] = s.map(lambda v: "" if _missing(v) else ("true" if v else "false"))
        elif pd.api.types.is_float_dtype(s):
            s = s.round(6)
            known = s.dropna()
            whole = len(known) > 0 and bool((known == np.round(known)).all()) and bool((known.abs() < 2**53).all())
            frame[col] = s.astype("Int64") if whole else s
    return frame


def scores_csv(report: Report) -> bytes:
    return scores_frame(report).to_csv(index=False, lineterminator="\n").encode("utf-8")


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
    a["page"] = "customers/" + a["customer_id"].map(c["slug"]) + ".html"
    a["letter"] = a["letter"].map({True: "true", False: "false"})
    owner = a["owner"].astype(object).where(a["owner"].notna(), None)
    a["owner"] = owner.fillna("")
    a["_none"] = owner.isna()
    a["_owner"] = a["owner"].str.casefold()
    a["_name"] = a["name"].astype(str).str.casefold()
    a["_order"] = np.arange(len(a))
    a = a.sort_values(["_none", "_owner", "owner", "priority", "_name", "customer_id", "_order"], kind="stable")
    return a.reindex(columns=ACTION_COLUMNS)


def actions_csv(report: Report) -> bytes:
    return actions_frame(report).to_csv(index=False, lineterminator="\n").encode("utf-8")


# --- scores.xlsx ------------------------------------------------------------------------

def scores_xlsx(report: Report) -> bytes:
    """scores.csv, actions.csv and the measure definitions as one workbook with typed cells."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.writer.excel import ExcelWriter

    wb = Workbook(write_only=True)
    stamp = dt.datetime.combine(report.as_of, dt.time())
    wb.properties.created = wb.properties.modified = stamp
    wb.properties.creator = "klantwaarde"
    wb.properties.title = report.title

    def sheet(title: str, frame: pd.DataFrame, widths: dict[str, int] | None = None):
        ws = wb.create_sheet(title)
        ws.freeze_panes = "A2"
        for i, col in enumerate(frame.columns, start=1):
            ws.column_dimensions[_column_letter(i)].width = (widths or {}).get(col, 14)
        ws.append([_text_cell(ws, WriteOnlyCell, str(col)) for col in frame.columns])
        for record in frame.astype(object).itertuples(index=False, name=None):
            ws.append([_cell(ws, WriteOnlyCell, v) for v in record])
        if len(frame.columns):
            ws.auto_filter.ref = f"A1:{_column_letter(len(frame.columns))}{len(frame) + 1}"

    scores = _typed_scores(report)
    sheet("scores", scores, {"customer_id": 12, "name": 32, "page": 28, "segment": 14})
    actions = actions_frame(report)
    actions["letter"] = actions["letter"].map({"true": True, "false": False})
    sheet("actions", actions, {"owner": 20, "name": 32, "title": 32, "reason": 60, "numbers": 40, "text": 80,
                               "page": 28})
    cat = report.policy.catalogue
    lang = report.lang
    measures = pd.DataFrame([{"measure": m.name, "label": m.label(lang), "kind": m.kind,
                              "definition": m.definition(lang)} for m in cat.measures if m.name in scores.columns])
    sheet("measures", measures, {"measure": 26, "label": 32, "kind": 10, "definition": 100})

    buffer = io.BytesIO()
    archive = _FixedTimeZip(buffer, "w", zipfile.ZIP_DEFLATED)
    ExcelWriter(wb, archive).save()   # what openpyxl.save_workbook does, minus the clock
    return buffer.getvalue()


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose entries all carry :data:`ZIP_DATE` (openpyxl stamps them with the clock)."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=ZIP_DATE)
            info.compress_type = self.compression
            info.external_attr = 0o644 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        """Write-only worksheets arrive as temporary files: their time must not count either."""
        with open(filename, "rb") as fh:
            data = fh.read()
        self.writestr(arcname if arcname is not None else str(filename), data, compress_type, compresslevel)


def _cell(ws, cell_type, value):
    if _missing(value):
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, pd.Timestamp):
        cell = cell_type(ws, value.date())
        cell.number_format = "yyyy-mm-dd"
        return cell
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value)
    return _text_cell(ws, cell_type, str(value))


def _text_cell(ws, cell_type, text: str):
    """Text stays text: a name starting with '=' must never become a formula."""
    cell = cell_type(ws, text)
    cell.data_type = "s"
    return cell


def _column_letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i)


# --- report.json -----------------------------------------------------------------------

def report_json(report: Report) -> bytes:
    """A small, versioned summary for CI and scripts (documented on the methodology page)."""
    from .history import migrations

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
    if report.previous is not None and "segment" in report.previous:
        before = report.previous["segment"].reindex(c.index)
        matrix = migrations(before, c["segment"], [s.id for s in report.policy.segments])
        cells = [{"from": a, "to": b, "customers": int(matrix.loc[a, b])}
                 for a in matrix.index for b in matrix.columns if matrix.loc[a, b]]
        moves = {"previous_as_of": report.previous_as_of.isoformat() if report.previous_as_of else None,
                 "compared": int(before.notna().sum()),
                 "moved": sum(x["customers"] for x in cells if x["from"] != x["to"]),
                 "new": int(before.isna().sum()),
                 "matrix": cells}
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
                     "previous": _number(v.previous, v.kind)}
                 for k, v in sorted(report.kpis.items())},
        "focus_kpis": list(report.policy.model.kpis),
        "migrations": moves,
        "actions": {"total": int(len(a)),
                    "by_priority": {str(p): int(n) for p, n in sorted(a["priority"].value_counts().items())},
                    "by_action": {str(k): int(n) for k, n in sorted(a["action_id"].value_counts().items())}},
        "future_value": {"method": report.future_method, "note": report.future_note},
        "unavailable": dict(sorted(report.unavailable.items())),
        "warnings": list(report.warnings),
        "anonymised": bool(report.extra.get("anonymised", False)),
        "generated": report.generated,
    }
    return (json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=False, default=_jsonable) + "\n").encode("utf-8")


# --- documentation -----------------------------------------------------------------------

def output_files(lang: str) -> list[dict]:
    """The four machine-readable files and their columns, for the methodology page."""
    en = lang == "en"

    def t(nl: str, english: str) -> str:
        return english if en else nl

    return [
        {"file": "scores.csv", "description": t(
            "Eén regel per klant; UTF-8, komma als scheidingsteken, punt als decimaalteken, datums als "
            "JJJJ-MM-DD, leeg = ontbreekt, ja/nee als true/false. Elke kolom na page is een maatstaf uit de "
            "catalogus hieronder (de code is de kolomnaam), dus elk getal is met de definitie na te rekenen.",
            "One row per customer; UTF-8, comma-separated, '.' decimals, dates as YYYY-MM-DD, empty = missing, "
            "yes/no as true/false. Every column after page is a measure of the catalogue below (its code is the "
            "column name), so every figure can be recomputed from its definition."),
         "columns": [
             ("customer_id", t("Klantnummer zoals in de data (tekst).", "Customer id as in the data (text).")),
             ("name", t("Naam van de klant.", "Customer name.")),
             ("page", t("Pad van de klantpagina vanaf de hoofdmap van de site.",
                        "Path of the customer page from the site's root folder.")),
             ("segment … rfm_segment", t("Vaste kolommen waarop scripts kunnen rekenen; daarna de overige "
                                          "maatstaven in de volgorde van de catalogus.",
                                          "Fixed columns scripts can rely on; then the other measures in the "
                                          "catalogue's order.")),
         ]},
        {"file": "scores.xlsx", "description": t(
            "Dezelfde tabel voor spreadsheetgebruikers, met getallen, datums en ja/nee als echte celwaarden, op "
            "drie tabbladen.", "The same table for spreadsheet users, with numbers, dates and yes/no as real cell "
            "values, on three sheets."),
         "columns": [
             ("scores", t("De kolommen van scores.csv.", "The columns of scores.csv.")),
             ("actions", t("De kolommen van actions.csv.", "The columns of actions.csv.")),
             ("measures", t("Per maatstaf: code, naam, soort en definitie.",
                            "Per measure: code, name, kind and definition.")),
         ]},
        {"file": "actions.csv", "description": t(
            "Eén regel per aanbevolen actie, gegroepeerd per eigenaar: de werklijst voor maandagochtend.",
            "One row per recommended action, grouped by owner: the worklist for Monday morning."),
         "columns": [
             ("owner", t("Accountmanager van de klant; leeg als die niet bekend is (die acties staan onderaan).",
                         "The customer's account manager; empty when unknown (those actions come last).")),
             ("priority", t("1 (eerst) tot 5.", "1 (first) to 5.")),
             ("customer_id, name, segment", t("De klant en zijn segment.", "The customer and its segment.")),
             ("action_id, title", t("De actie uit de policy.", "The action from the policy.")),
             ("reason", t("Waarom: het segment of de huisregel, met de getallen erachter.",
                          "Why: the segment or the house rule, with the numbers behind it.")),
             ("numbers", t("Dezelfde getallen als code=waarde; …, zonder opmaak.",
                           "The same numbers as code=value; …, unformatted.")),
             ("text", t("De tekst van de actie (bij een brief: het concept).",
                        "The action's text (for a letter: the draft).")),
             ("letter", t("true als de tekst een conceptbrief is.", "true when the text is a letter draft.")),
             ("language", t("Taal van de tekst (brieven volgen de taal van de klant).",
                            "Language of the text (letters follow the customer's language).")),
             ("page", t("Pad van de klantpagina.", "Path of the customer page.")),
         ]},
        {"file": "report.json", "description": t(
            f"Samenvatting voor scripts en CI (schema klantwaarde-report, versie {REPORT_SCHEMA_VERSION}).",
            f"Summary for scripts and CI (schema klantwaarde-report, version {REPORT_SCHEMA_VERSION})."),
         "columns": [
             ("as_of, window", t("Rapportdatum en begin van de twee vensters van 12 maanden.",
                                 "Report date and the start of the two 12-month windows.")),
             ("segments", t("Per segment: id, naam, aantal klanten, omzet en nettowinst over 12 maanden.",
                            "Per segment: id, name, customers, revenue and net profit over 12 months.")),
             ("kpis", t("Per portefeuille-KPI: waarde nu en in het vorige venster (null als onbekend).",
                        "Per portfolio KPI: value now and in the previous window (null when unknown).")),
             ("migrations", t("Segmentverschuivingen sinds het vorige rapport: van/naar-matrix (null zonder "
                              "eerder rapport).", "Segment moves since the previous report: from/to matrix "
                              "(null without a previous report).")),
             ("actions", t("Aantal acties, per prioriteit en per actie.", "Number of actions, by priority and by "
                           "action.")),
             ("future_value, unavailable, warnings", t(
                 "Gebruikte methode voor toekomstige waarde, maatstaven die niet te berekenen waren en "
                 "waarschuwingen.", "Future-value method used, measures that could not be computed, and "
                 "warnings.")),
         ]},
    ]


# --- helpers --------------------------------------------------------------------------------

def _typed_scores(report: Report) -> pd.DataFrame:
    c = report.customers
    frame = c.copy()
    frame["customer_id"] = c.index.astype(str)
    frame["page"] = "customers/" + c["slug"] + ".html"
    frame = frame.reindex(columns=scores_columns(report))
    return frame.reset_index(drop=True)


def _is_bool(s: pd.Series) -> bool:
    if pd.api.types.is_bool_dtype(s):
        return True
    return s.dtype == object and bool(s.map(lambda v: isinstance(v, (bool, np.bool_))).any())


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
        return None if np.isnan(v) else float(v)
    return str(v)
