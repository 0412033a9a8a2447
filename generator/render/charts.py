"""The site's charts: Vega-Lite specs built with Altair, drawn in the browser by vega-embed.

Altair is slow per call (``to_dict`` takes milliseconds) and a build has a
chart on every customer page, so each chart *type* is built once per build
around a named dataset (:data:`DATASET`); a page only swaps in its own rows
and serialises the result (:meth:`Charts.embed`). Everything data-independent
(titles, colours, month order, number locale) is fixed at build time.

The browser side is one vendored runtime (:func:`runtime_js`, generated from
the pinned vl-convert-python) and ``templates/assets/charts.js``, which finds
the ``<script type="application/json" class="chart-spec">`` blocks and calls
vegaEmbed with ``ast: true`` (Vega's expression interpreter, so the
Content-Security-Policy needs no 'unsafe-eval').
"""
from __future__ import annotations

import hashlib
import json
import math
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from markupsafe import Markup

from generator import cache
from generator.text.formatting import d3_number_locale
from generator.text.translation import STRINGS, Translator

alt = None  # altair, imported by _specs only when the specs are not in the cache (it costs ~0.2 s)

#: name of the dataset each page fills in
DATASET = "rows"
#: the quadrant's density view: customers per cell of BIN × BIN score points
BINS = "bins"
BIN = 5
#: one shape per segment besides its colour, so the chart reads without colour vision
SHAPES = ("circle", "square", "triangle-up", "diamond", "cross", "triangle-down", "triangle-right",
          "triangle-left", "wedge", "arrow")

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
TEXT = "#3e4c59"
MUTED = "#7b8794"
LABEL = "#616e7c"
GRID = "#e4e7eb"
REVENUE = "#1f4e79"
MARGIN = "#2f8f6f"
CUSTOMERS = "#9fb3c8"

class Charts:
    """The chart types of one build; :meth:`embed` serialises one with a page's rows."""

    def __init__(self, lang: str, segments: list[tuple[str, str]], months: list[str],
                 currency_symbol: str = "€", previous_months: list[str] | None = None):
        """``segments``: (name, colour) in policy order; ``months``: x labels of the current window;
        ``previous_months``: the same months a year earlier (the tooltip of the dashed lines)."""
        self._specs = _specs(lang, tuple(segments), tuple(months), currency_symbol,
                             tuple(previous_months or months))

    def embed(self, kind: str, rows: list[dict], **datasets: list[dict]) -> Markup:
        """A page's part of chart ``kind``: its name and its ``rows`` (and any other named
        datasets), as JSON safe inside <script>. The rest of the spec is shared by every
        page in ``assets/chart-specs.js`` (:meth:`script`); :func:`full_spec` joins the two."""
        return spec_json({"spec": kind, "datasets": {DATASET: rows, **datasets}})

    @staticmethod
    def embed_rows(kind: str, rows: list[str]) -> Markup:
        """:meth:`embed` for rows already written as JSON objects (numbers only, keys in order,
        values by :func:`json_number`): the same text, without building and serialising them
        (the monthly chart of every customer page)."""
        return Markup('{"datasets":{"%s":[%s]},"spec":"%s"}' % (DATASET, ",".join(rows), kind))

    def script(self) -> bytes:
        """``assets/chart-specs.js``: every chart type's spec without its page's data, once per site
        (a classic script: ``window.KW_SPECS``; file:// pages cannot fetch JSON)."""
        return b"window.KW_SPECS = " + spec_json(self._specs).encode("utf-8") + b";\n"


def full_spec(part: dict, specs: dict) -> dict:
    """The whole Vega-Lite spec of a page's chart ``part`` (what charts.js hands to vegaEmbed)."""
    base = specs[part["spec"]]
    spec = dict(base)  # shallow: the shared spec itself is never changed
    spec["datasets"] = {**base.get("datasets", {}), **part.get("datasets", {})}
    return spec


def read_script(text: str) -> dict:
    """The specs in an ``assets/chart-specs.js`` (:meth:`Charts.script`)."""
    head = "window.KW_SPECS = "
    return json.loads(text.strip()[len(head):].rstrip(";"))


@lru_cache(maxsize=16)
def _specs(lang: str, segments: tuple[tuple[str, str], ...], months: tuple[str, ...],
           currency_symbol: str, previous_months: tuple[str, ...]) -> dict[str, dict]:
    """Every chart type's spec without data. Altair takes a noticeable time per chart, so the
    specs are kept in the cache folder, keyed by everything they are made of: these arguments,
    the texts of the language, this module's code and the Altair version."""
    try:
        altair_version = version("altair")
    except PackageNotFoundError:  # pragma: no cover
        altair_version = "unknown"
    key = hashlib.sha256(json.dumps([lang, segments, months, currency_symbol, previous_months, STRINGS[lang],
                                     altair_version], sort_keys=True, ensure_ascii=False).encode("utf-8"))
    key.update(Path(__file__).read_bytes())
    name = f"specs/{key.hexdigest()[:24]}.json"
    kept = cache.read(name)
    if kept is not None:
        try:
            return json.loads(kept)
        except ValueError:
            pass
    specs = _build_specs(lang, segments, months, currency_symbol, previous_months)
    cache.write(name, json.dumps(specs, sort_keys=True, ensure_ascii=False))
    return specs


def _build_specs(lang: str, segments: tuple[tuple[str, str], ...], months: tuple[str, ...],
                 currency_symbol: str, previous_months: tuple[str, ...]) -> dict[str, dict]:
    global alt
    import altair  # deferred: 0.2 s, and only when the specs are not in the cache

    alt = altair
    t = Translator(lang)
    config = _config(lang, currency_symbol)
    names = [n for n, _ in segments]
    colours = [c for _, c in segments]
    charts = {
        "quadrant": _quadrant(t, names, colours),
        "quadrant_members": _quadrant(t, names, colours, legend=False),
        "quadrant_density": _quadrant(t, names, colours, density=True),
        "quadrant_members_density": _quadrant(t, names, colours, legend=False, density=True),
        "segment_shares": _segment_shares(t, names),
        "whale": _whale(t),
        "monthly": _monthly(t, list(months), list(previous_months)),
    }
    return {kind: _finish(chart, config) for kind, chart in charts.items()}


def _finish(chart: alt.TopLevelMixin, config: dict) -> dict:
    spec = chart.to_dict()
    spec.pop("$schema", None)
    spec["config"] = config
    text = json.dumps(spec)
    if "http://" in text or "https://" in text:  # the site must never point outside itself
        raise AssertionError("a chart spec contains an external URL")
    return spec


def spec_json(spec: dict) -> Markup:
    """Deterministic, compact JSON that cannot close its <script> element.

    ``<``, ``>`` and ``&`` only occur inside JSON strings, where ``\\u003c``
    and friends mean the same thing to JSON.parse.
    """
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    text = (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
    return Markup(text)


@lru_cache(maxsize=1)
def runtime_js() -> str:
    """vega, vega-lite and vega-embed in one classic script (``assets/vega-runtime.js``).

    The bundle declares top-level consts and sets ``window.vegaEmbed``; the
    IIFE keeps its names out of the page's global scope.
    """
    version = _vl_convert_version()
    # kept between builds: bundling costs seconds, and depends only on the pinned version
    name = f"vega-runtime-{version}.js" if version != "unknown" else None
    kept = cache.read(name) if name else None
    if kept is not None:
        return kept
    import vl_convert  # deferred: only when the bundle is not in the cache

    bundle = vl_convert.javascript_bundle()
    text = f"/* vega, vega-lite and vega-embed, bundled by vl-convert-python {version} */\n" \
           f"(function(){{\n{bundle}\n}})();\n"
    if name:
        cache.write(name, text)
    return text


def _vl_convert_version() -> str:
    try:
        return version("vl-convert-python")
    except PackageNotFoundError:  # pragma: no cover
        return "unknown"


def json_number(value: float) -> str:
    """A known (not missing) chart value as :meth:`Charts.embed` writes it: :func:`clean`'s
    rounding, and JSON's text of the number, which for a float is its repr."""
    r = round(value, 2)
    return repr(r) if r != 0 else "0.0"


def clean(value, digits: int = 2):
    """A number for a chart dataset: rounded, and None (not NaN) when missing."""
    if value is None:
        return None
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    if math.isnan(f) or math.isinf(f):
        return None
    r = round(f, digits)
    return 0.0 if r == 0 else r  # no "-0.0"


# --------------------------------------------------------------------------- chart types

def _config(lang: str, currency_symbol: str) -> dict:
    return {
        "font": FONT,
        "locale": {"number": d3_number_locale(lang, currency_symbol)},
        "view": {"stroke": None},
        "axis": {"labelColor": TEXT, "titleColor": TEXT, "gridColor": GRID, "domainColor": MUTED,
                 "tickColor": MUTED, "labelFontSize": 11, "titleFontSize": 12, "titleFontWeight": "normal",
                 "titlePadding": 8},
        "legend": {"labelColor": TEXT, "titleColor": TEXT, "labelFontSize": 11, "titleFontSize": 12,
                   "titleFontWeight": "normal", "orient": "bottom", "direction": "horizontal"},
        "padding": 4,
    }


def _js(values: list[str]) -> str:
    """A list of labels as an array literal of Vega's expression language (JSON's syntax)."""
    return json.dumps(list(values), ensure_ascii=False)


def _data():
    return alt.NamedData(DATASET)


def _quadrant(t, segment_names: list[str], colours: list[str], legend: bool = True,
              density: bool = False) -> alt.LayerChart:
    """Each customer a dot: value score (x) against burden score (y), coloured and shaped by segment.

    rows: ``v`` value, ``b`` burden, ``f`` future score, ``n`` name, ``s`` segment
    name, ``h`` relative link to the customer page. With ``density`` (many
    customers) the dots are a sample drawn over dataset :data:`BINS`: ``x``,
    ``x2``, ``y``, ``y2`` the corners of a BIN × BIN cell, ``c`` customers in it,
    ``l`` that count formatted.
    """
    scale = alt.Scale(domain=[0, 100], nice=False, zero=True)
    x = alt.X("v:Q", title=t("q_axis_value"), scale=scale)
    y = alt.Y("b:Q", title=t("q_axis_burden"), scale=scale)
    split = alt.Chart(alt.Data(values=[{"at": 50}]))
    vrule = split.mark_rule(color=GRID, strokeWidth=1.5).encode(x=alt.X("at:Q", scale=scale))
    hrule = split.mark_rule(color=GRID, strokeWidth=1.5).encode(y=alt.Y("at:Q", scale=scale))
    corners = [
        {"x": 98, "y": 98, "label": t("q_hv_hb"), "align": "right"},
        {"x": 2, "y": 98, "label": t("q_lv_hb"), "align": "left"},
        {"x": 98, "y": 2, "label": t("q_hv_lb"), "align": "right"},
        {"x": 2, "y": 2, "label": t("q_lv_lb"), "align": "left"},
    ]
    labels = []
    for c in corners:
        labels.append(alt.Chart(alt.Data(values=[c])).mark_text(
            align=c["align"], baseline="top" if c["y"] > 50 else "bottom", color=LABEL, fontSize=11,
        ).encode(x=alt.X("x:Q", scale=scale), y=alt.Y("y:Q", scale=scale), text="label:N"))
    # one column: two of segment names ran past the edge of a 320-360 px phone
    segment_scale = dict(title=t("segment"), legend=alt.Legend(orient="bottom", columns=1, labelLimit=240)
                         if legend else None)
    points = alt.Chart(_data()).mark_point(size=30 if density else 46, filled=True, opacity=0.85,
                                           stroke="#ffffff", strokeWidth=0.5, cursor="pointer").encode(
        x=x, y=y,
        color=alt.Color("s:N", scale=alt.Scale(domain=segment_names, range=colours), **segment_scale),
        shape=alt.Shape("s:N", scale=alt.Scale(domain=segment_names, range=list(SHAPES)), **segment_scale),
        href="h:N",
        tooltip=[
            alt.Tooltip("n:N", title=t("col_customer")),
            alt.Tooltip("s:N", title=t("segment")),
            alt.Tooltip("v:Q", title=t("q_axis_value"), format=".0f"),
            alt.Tooltip("b:Q", title=t("q_axis_burden"), format=".0f"),
            alt.Tooltip("f:Q", title=t("q_axis_future"), format=".0f"),
        ],
    )
    layers = [vrule, hrule, *labels, points]
    if density:
        cells = alt.Chart(alt.NamedData(BINS)).mark_rect(color=REVENUE).encode(
            x=alt.X("x:Q", scale=scale), x2="x2:Q", y=alt.Y("y:Q", scale=scale), y2="y2:Q",
            opacity=alt.Opacity("c:Q", scale=alt.Scale(type="sqrt", range=[0.06, 0.7], zero=False), legend=None),
            tooltip=[alt.Tooltip("l:N", title=t("col_customers"))],
        )
        layers = [cells, vrule, hrule, *labels, points]
    return alt.layer(*layers).properties(width="container", height=380)


def _segment_shares(t, segment_names: list[str]) -> alt.Chart:
    """Per segment, its share of customers beside its share of revenue.

    rows: ``s`` segment name, ``k`` series label, ``v`` share (0–1), ``l`` the
    absolute figure, already formatted, for the tooltip.
    """
    series = [t("share_customers"), t("share_revenue")]
    return alt.Chart(_data()).mark_bar(cornerRadiusEnd=2).encode(
        y=alt.Y("s:N", title=None, sort=segment_names, axis=alt.Axis(labelLimit=220)),
        yOffset=alt.YOffset("k:N", sort=series),
        x=alt.X("v:Q", title=None, axis=alt.Axis(format=".0%", tickCount=5)),
        color=alt.Color("k:N", title=None, scale=alt.Scale(domain=series, range=[CUSTOMERS, REVENUE]),
                        legend=alt.Legend(orient="bottom", columns=1)),
        tooltip=[
            alt.Tooltip("s:N", title=t("segment")),
            alt.Tooltip("k:N", title=" "),
            alt.Tooltip("v:Q", title=t("col_share"), format=".1%"),
            alt.Tooltip("l:N", title=t("total")),
        ],
    ).properties(width="container", height=max(120, 36 * len(segment_names)))


def _whale(t) -> alt.LayerChart:
    """Cumulative share of net profit (y) over the share of customers (x), most profitable first.

    rows: ``x`` share of customers, ``y`` cumulative share of net profit,
    ``peak`` true on the highest point.
    """
    x = alt.X("x:Q", title=t("whale_x").split("\n"), axis=alt.Axis(format=".0%", values=[i / 10 for i in range(11)]),
              scale=alt.Scale(domain=[0, 1]))
    y = alt.Y("y:Q", title=t("whale_y"), axis=alt.Axis(format=".0%"))
    base = alt.Chart(_data())
    hundred = alt.Chart(alt.Data(values=[{"y": 1}])).mark_rule(color=MUTED, strokeDash=[4, 3]).encode(
        y=alt.Y("y:Q"))
    area = base.mark_area(color=REVENUE, opacity=0.08).encode(x=x, y=y)
    line = base.mark_line(color=REVENUE, strokeWidth=2).encode(
        x=x, y=y,
        tooltip=[alt.Tooltip("x:Q", title=t("col_customers"), format=".1%"),
                 alt.Tooltip("y:Q", title=t("whale_y"), format=".1%")])
    peak = base.transform_filter(alt.FieldEqualPredicate(field="peak", equal=True)).mark_point(
        color=REVENUE, filled=True, size=60).encode(
        x=x, y=y,
        tooltip=[alt.Tooltip("x:Q", title=t("col_customers"), format=".1%"),
                 alt.Tooltip("y:Q", title=t("whale_y"), format=".1%")])
    return alt.layer(hundred, area, line, peak).properties(width="container", height=300)


def _monthly(t, months: list[str], previous_months: list[str]) -> alt.LayerChart:
    """Revenue and margin per month of the current window, solid, against the year before, dashed.

    rows, compact because every customer page carries 48 of them: ``i`` month index in the
    current window, ``s`` series (0 revenue, 1 margin), ``p`` period (0 this year, 1 the year
    before), ``v`` amount. The labels are looked up in the spec (shared by all pages).
    """
    series = [t("series_revenue"), t("series_margin")]
    periods = [t("period_current"), t("period_previous")]
    enc = dict(
        x=alt.X("ml:N", title=None, sort=months, axis=alt.Axis(labelAngle=0, labelOverlap=True)),
        y=alt.Y("v:Q", title=None, axis=alt.Axis(format="$,.0f", tickCount=5)),
        color=alt.Color("sl:N", title=None, scale=alt.Scale(domain=series, range=[REVENUE, MARGIN]),
                        legend=alt.Legend(orient="top")),  # one legend above, one below: fits a phone
        strokeDash=alt.StrokeDash("pl:N", title=None,
                                  scale=alt.Scale(domain=periods, range=[[1, 0], [5, 4]])),
        detail="pl:N",
    )
    tooltip = [alt.Tooltip("wl:N", title=t("col_month")), alt.Tooltip("sl:N", title=" "),
               alt.Tooltip("v:Q", title=t("col_value"), format="$,.0f")]
    labels = dict(ml=f"{_js(months)}[datum.i]", sl=f"{_js(series)}[datum.s]", pl=f"{_js(periods)}[datum.p]",
                  wl=f"datum.p == 0 ? {_js(months)}[datum.i] : {_js(previous_months)}[datum.i]")
    base = alt.Chart(_data()).transform_calculate(**labels)
    lines = base.mark_line(strokeWidth=2, interpolate="monotone").encode(**enc)
    dots = base.mark_point(filled=True, size=28).encode(
        **{k: v for k, v in enc.items() if k != "strokeDash"}, tooltip=tooltip)
    return alt.layer(lines, dots).properties(width="container", height=260)
