"""The Report from the inputs read: measures, scores, segments, changes since the previous
report, recommendations, KPIs and everything else the pages show, in that order.

Nothing here reads or writes a file; ``pipeline.read_inputs`` has read everything before.
"""
from __future__ import annotations

from typing import Callable

import pandas as pd

from generator.execution import DEFAULT, Execution
from generator.inputs.config import Config
from generator.inputs.history import PreviousReport
from generator.inputs.policy import PORTFOLIO_KPIS, Policy
from generator.inputs.pages import pages_condition
from generator.inputs.sources import Tables
from generator.inputs.theme import Theme
from generator.model import anonymise as anonymise_
from generator.model import changes, consistency, measures, recommendations, scoring, segmentation
from generator.model import contacts as contacts_
from generator.model import timeline as timeline_
from generator.model.report import Kpi, Report
from generator.model.slugs import customer_slugs, manager_slugs
from generator.text.messages import Message
from generator.text.translation import Translator


def report_of(config: Config, policy: Policy, theme: Theme, tables: Tables, earlier: PreviousReport | None,
              generated: str | None, *, lang: str, step: Callable[[str], None] = lambda _msg: None,
              anonymise: bool = False, execution: Execution = DEFAULT) -> Report:
    """Everything one build knows, for ``lang``; ``step`` is told each stage as it starts."""
    as_of = tables.as_of
    step("measures")
    m = measures.compute_measures(tables, policy, as_of)
    step("scores")
    frame = scoring.add_scores(m.frame, policy)
    # the previous report (an earlier report date): score changes, segment moves
    frame = changes.add_changes(frame, earlier.frame if earlier else None)
    frame = changes.add_fix_advice(frame, earlier.first_in_segment if earlier else None,
                                   policy.house_rules.fix_segment, policy.house_rules.fix_first)
    step("segments")
    seg = segmentation.assign_segments(frame, policy)
    frame["segment"] = seg.segment
    frame["segment_name"] = frame["segment"].map({s.id: s.name.get(lang) for s in policy.segments})
    frame = segmentation.add_entitlements(frame, policy)
    chosen = pages_condition(config, policy)
    if chosen is not None:  # on the real ids, before any pseudonyms; carried through them as a column
        frame[_PAGE] = chosen.matches(frame.assign(customer_id=frame.index.astype(str))
                                      if "customer_id" in chosen.names else frame)
    rules, monthly, quality = seg.rules, m.monthly, tables.quality
    warnings = tables.warnings
    previous_frame = earlier.frame if earlier else None
    # an anonymised report shows no free-text notes: a note can name anyone, in any spelling
    timeline = (timeline_.interactions(tables.interactions, frame.index, m.windows.start,
                                       config.privacy.notes and not anonymise),
                timeline_.purchases(tables.transactions, frame.index, m.windows.start) if tables.transactions is not None
                else timeline_.pushed(m.purchases))
    if anonymise:  # once, here: everything downstream sees only pseudonyms
        names = anonymise_.Pseudonyms.for_customers(frame, lang, hidden=config.exclude)
        frame, rules, previous_frame = names.customers(frame), names.by_id(rules), names.by_id(previous_frame)
        monthly = names.column(monthly)
        timeline = tuple(names.column(t) for t in timeline)
        quality, warnings = names.quality(quality), tuple(names.problem(w) for w in warnings)
    if previous_frame is not None:
        previous_frame.attrs["as_of"] = earlier.as_of
    frame["slug"] = customer_slugs(list(frame.index))
    page_mask = frame.pop(_PAGE).astype(bool) if _PAGE in frame else None
    step("recommendations")
    actions = recommendations.recommend(frame, policy, lang, config.currency, execution)
    # compute: database: the database made the portfolio (there are no rows here)
    portfolio = m.portfolio or measures.portfolio_of(tables.transactions, m.windows, m.customer_codes)
    kpis, previous_kpis = _kpis(frame, m, portfolio, earlier, lang)
    return Report(
        config=config, policy=policy, lang=lang, as_of=as_of,
        window_start=m.windows.start.date(), prev_window_start=m.windows.prev_start.date(),
        data_start=portfolio.data_start.date() if portfolio.data_start is not None else None, customers=frame, rules=rules, monthly=monthly,
        actions=actions, kpis=kpis, quality=quality, warnings=warnings, unavailable=_unavailable(m, earlier),
        future_method=m.future.method, future_note=m.future.note, generated=generated,
        future_backtest=m.future.backtest, future_params=_future_params(m.future),
        consistency=consistency.consistency(frame, policy, lang), rfm_grid=measures.rfm_grid(),
        manager_slugs=manager_slugs(frame, actions), theme=theme,
        moves=changes.segment_moves(previous_frame, frame["segment"], [s.id for s in policy.segments]),
        interactions=timeline[0], purchases=timeline[1],
        previous=previous_frame, previous_as_of=earlier.as_of if earlier else None, previous_kpis=previous_kpis,
        whale=measures.whale_curve(frame["net_profit_12m"]) if frame["net_profit_12m"].notna().any() else None,
        extra={"anonymised": anonymise}, page_mask=page_mask,
        contacts=contacts_.contact_details(tables.customers, frame.index,
                                           config.privacy.contacts and not anonymise),
    )

#: a column of the customer frame while it is computed: does the customer get a page (config: pages)
_PAGE = "__page"


def _kpis(frame: pd.DataFrame, m: measures.Measures, portfolio: measures.Portfolio, earlier: PreviousReport | None,
          lang: str) -> tuple[dict[str, Kpi], dict[str, float | None] | None]:
    """The policy's portfolio KPIs, each with its value a window earlier and at the previous
    report; and the previous report's KPI values (None when it predates stored KPIs)."""
    values = measures.portfolio_kpis(frame, m.previous, portfolio, m.windows)
    values["leakage_12m"] = (float(frame["leakage_12m"].sum()) if frame["leakage_12m"].notna().any() else None, None)
    previous_kpis = ({n: v for n, v in earlier.kpis.items() if n in PORTFOLIO_KPIS}
                     if earlier is not None and earlier.kpis is not None else None)
    kpis, t = {}, Translator(lang)
    for name, kind in PORTFOLIO_KPIS.items():
        value, previous = values.get(name, (None, None))
        kpis[name] = Kpi(name, t(f"kpi.{name}"), kind, value, previous, (previous_kpis or {}).get(name))
    return kpis, previous_kpis


def _unavailable(m: measures.Measures, earlier: PreviousReport | None) -> dict[str, Message]:
    """Measure -> why it could not be computed."""
    unavailable = dict(m.unavailable)
    if m.future.method == "simple":
        unavailable.setdefault("expected_purchases_12m", m.future.note)
    if earlier is None:
        for name in changes.CHANGE_MEASURES:
            unavailable[name] = Message("unavailable.no_history")
    return unavailable


def _future_params(fv) -> dict[str, float]:
    """The chosen model's fitted parameters (days), and Gamma-Gamma's as gg_p, gg_q, gg_v."""
    out = {k: float(v) for k, v in vars(fv.counting).items()} if fv.counting is not None else {}
    if fv.gamma_gamma is not None and fv.counting is not None:
        out.update({f"gg_{k}": float(v) for k, v in vars(fv.gamma_gamma).items()})
    return out
