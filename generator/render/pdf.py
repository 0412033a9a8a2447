"""The report as PDF (``build --pdf``, extra 'pdf'): one for the whole report, and one per chosen customer
(``--pdf-customers``).

A PDF is the site's own pages, printed. Each page's HTML gets its charts as
vector SVG — the same Vega-Lite spec the browser draws, rendered by
vl-convert — where the browser would have drawn them, and WeasyPrint lays it
out on A4 with the site's print stylesheet plus :data:`PDF_CSS`. Styles and
images come from the site's own files (:func:`_fetcher_class`); nothing is
fetched from the network or read from disk. A process parses each stylesheet
once and keeps one font configuration for all its PDFs (:func:`_stylesheet`):
the site's pages all link the same few files.

``pdf/report.pdf`` is the overview, the segment pages, the policy, the
methodology and the data-quality page in one document with continuous page
numbers (the actions page and the customer pages are left out: they grow
with the number of customers; a customer's PDF is made on request, for the
customers ``--pdf-customers`` chooses).

The same site gives the same bytes: the PDFs carry no creation date unless
SOURCE_DATE_EPOCH is set (then the report's ``generated`` time is used).
Many customers are rendered by a pool of worker processes started with
'spawn' (after vl-convert has run in a process, forked workers can deadlock);
``progress(done, total)`` is told as PDFs are finished.

What a customer PDF costs (the sample, ``time.process_time`` per PDF on a busy 2-core
machine): about 1.0 s for its six A4 pages (1.2 s before the stylesheets were shared and the
charts became images). Of that, 0.02 s is what any document costs (a page with a heading only),
0.12 s the monthly chart (0.07 s vl-convert, the rest WeasyPrint drawing the SVG) and about
0.14 s each page: WeasyPrint laying out text and tables, which no option of ours changes much
(a fixed table layout saved 0.1 s but squeezed the columns). So a PDF of half a second would
be one of three pages: less than the customer page, which the PDF prints as it is.
"""
from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, wait
from functools import lru_cache
from urllib.parse import urljoin

import vl_convert
import weasyprint  # the 'pdf' extra: without it importing this module fails and the build says so

from generator.execution import DEFAULT, Execution
from generator.model.report import Report
from generator.render.charts import full_spec, read_script
from generator.render.workers import spawn_pool, spawnable, stop_now

#: width of a chart in the PDF, in CSS pixels: A4 minus the page margins at 96 dpi
PRINT_WIDTH = 680

#: the PDF's own additions to the site's print stylesheet. WeasyPrint lays out grid and flex
#: boxes slowly (seconds per page), so the PDF gets the same look from blocks and inline blocks.
PDF_CSS = """
.chart, .chart-fallback { display: none !important; }
.chart-svg { margin: 0.2rem 0 0.4rem; }
.chart-svg img { display: block; width: 100%; height: auto; }
.site-header__inner, .meta, .letter__head, .breadcrumb, .subnav ul { display: block; }
.meta div { display: inline-block; margin-right: 1.5em; }
.facts, .cards, .measure-groups, .scorecard, .columns, .outliers { display: block; }
.facts > div, .cards > div { display: inline-block; width: 23.5%; margin: 0 0 0.4rem; vertical-align: top; }
.cards--kpi > div { width: 31.5%; }
.measure-groups > section, .columns > section { display: inline-block; width: 48%; margin-right: 1.5%;
                                                 vertical-align: top; }
.site-footer { display: none; }  /* the title, date and page number are in every page's margin */
tfoot { display: table-row-group; }  /* a table's total once, at its end, not on every page it spans */
.outliers > section { display: block; }
.scorecard__score { display: table; width: 100%; box-sizing: border-box; }
.scorecard__summary { display: table-cell; width: 30%; padding-right: 1.2rem; vertical-align: top; }
.scorecard__score > .table-wrap { display: table-cell; margin: 0; vertical-align: top; }
.scorecard__score { padding: 0.5rem 0.8rem; margin-bottom: 0.5rem; }
.scorecard__score table.data th, .scorecard__score table.data td { padding-top: 0.12rem; padding-bottom: 0.12rem; }
.visually-hidden { display: none !important; }
.measures div { display: block; overflow: hidden; }
.measures dt { float: left; }
.score, .chip { display: inline-block; }
.score { min-width: 0; }
.score__value { display: inline-block; min-width: 2.2em; }
.score__bar { display: inline-block; width: 4rem; vertical-align: middle; }
.scorecard__big .score__bar { width: 5rem; }
.trace td:nth-child(3) code { overflow-wrap: break-word; }  /* 'anywhere' cost 0.1 s a PDF (min-content) */
.trace .values li { white-space: normal; }  /* so a long name and its value share the width */
.chip::before { display: inline-block; margin-right: 0.3em; vertical-align: 0.05em; }
.report-part + .report-part { break-before: page; }
"""

_SPEC = re.compile(r'<script type="application/json" class="chart-spec" data-target="([^"]*)">(.*?)</script>', re.S)
_SCRIPT = re.compile(r"<script\b[^>]*\bsrc=[^>]*></script>\s*")
_LINK = re.compile(r'(<a\b[^>]*?)\s+href="(?!#)[^"]*"')
_MAIN = re.compile(r'<main\b[^>]*>(.*?)</main>', re.S)
_BASE = "https://klantwaarde.invalid/"  # never fetched: the site files fetcher serves every URL


def render_pdfs(report: Report, files: dict[str, bytes], execution: Execution = DEFAULT,
                customers: Iterable[str] = (), progress: Callable[[int, int], None] | None = None
                ) -> dict[str, bytes]:
    """``pdf/report.pdf`` and ``pdf/<slug>.pdf`` for each slug in ``customers``, from the rendered
    site ``files``; from ``execution.pdf_pool_from`` PDFs on, on a pool of worker processes.
    ``progress(done, total)`` is called at the start and whenever PDFs are finished."""
    assets = {path: data for path, data in files.items()
              if path.startswith("assets/") and not path.endswith(".js")}
    meta = _metadata(report)
    meta["specs"] = read_script(files["assets/chart-specs.js"].decode("utf-8"))
    report_pages = ["index.html", *(f"segments/{s.id}.html" for s in report.policy.segments),
                    "policy.html", "methodology.html", "data-quality.html"]
    jobs = [("pdf/report.pdf", [(p, files[p].decode("utf-8")) for p in report_pages if p in files])]
    for slug in customers:
        page = f"customers/{slug}.html"
        jobs.append((f"pdf/{slug}.pdf", [(page, files[page].decode("utf-8"))]))
    total = len(jobs)
    tell = progress or (lambda done, total: None)
    tell(0, total)
    workers = 1 if total < execution.pdf_pool_from or not spawnable() else execution.workers()
    done: dict[str, bytes] = {}
    if workers <= 1:
        _start(assets, meta)
        for job in jobs:
            done.update(_render_jobs([job]))
            tell(len(done), total)
    else:
        # the report (the longest) alone and first; then the customers in chunks small enough
        # that every worker gets several and the count moves
        rest = jobs[1:]
        chunk = max(1, min(execution.pdf_chunk, len(rest) // (workers * 4)))
        chunks = [jobs[:1]] + [rest[i:i + chunk] for i in range(0, len(rest), chunk)]
        with spawn_pool(min(workers, len(chunks)), _start, (assets, meta)) as pool:
            pending = {pool.submit(_render_jobs, c) for c in chunks}
            try:
                while pending:
                    finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for future in finished:
                        done.update(future.result())
                    tell(len(done), total)
            except BaseException:  # an error or Ctrl-C: stop now, not after the chunks handed out
                stop_now(pool)
                raise
    return {name: done[name] for name in sorted(done)}


def print_html(html: str, specs: dict) -> tuple[str, dict[str, bytes]]:
    """One site page made ready for paper: charts as SVG images, no scripts, no links out of the page.
    ``specs``: the site's shared chart specs (``assets/chart-specs.js``). Returns the page and its
    charts' SVG by URL: an ``<img>`` of an SVG is drawn as vectors just as an inline ``<svg>``, but
    its hundreds of elements are parsed by ElementTree, not by the HTML parser, and take no part
    in the cascade of the page's stylesheets (half the cost of a chart)."""
    charts: dict[str, bytes] = {}

    def chart(found: re.Match) -> str:
        url = f"{_BASE}pdf-chart-{len(charts) + 1}.svg"
        charts[url] = _chart_svg(found.group(2), specs).encode("utf-8")
        return f'<div class="chart-svg"><img src="{url}" alt=""></div>'

    html = _SPEC.sub(chart, html)
    html = _SCRIPT.sub("", html)
    return _LINK.sub(r"\1", html), charts


def combined_html(pages: list[tuple[str, str]]) -> str:
    """Several site pages as one document (one header, each page's main content starting on a new page)."""
    first = pages[0][1]
    parts = []
    for path, html in pages:
        found = _MAIN.search(html)
        if found:
            parts.append(f'<div class="report-part" data-page="{path}">{found.group(1)}</div>')
    start, end = _MAIN.search(first).span()
    return first[:start] + '<main id="main" class="content">' + "\n".join(parts) + "</main>" + first[end:]


# ---------------------------------------------------------------------------- worker side

_STATE: dict = {}
_STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]*)">\n?')


def _start(assets: dict[str, bytes], meta: dict) -> None:
    """Set up a process (the main one or a spawned worker): the site's styles and the PDF metadata."""
    _STATE.clear()
    _STATE.update(assets=assets, meta=meta, sheets={})


def _render_jobs(jobs: list[tuple[str, list[tuple[str, str]]]]) -> list[tuple[str, bytes]]:
    return [(name, _render(pages)) for name, pages in jobs]


def _render(pages: list[tuple[str, str]]) -> bytes:
    path = pages[0][0]
    html, charts = print_html(pages[0][1] if len(pages) == 1 else combined_html(pages), _STATE["meta"]["specs"])
    base = _BASE + path
    sheets = [_stylesheet(urljoin(base, href)) for href in _STYLESHEET.findall(html)]
    sheets.append(_stylesheet(None))
    fonts, fetcher = _STATE["fonts"], _STATE["fetcher"]
    fetcher.charts = charts
    try:
        document = weasyprint.HTML(string=_STYLESHEET.sub("", html), base_url=base, url_fetcher=fetcher).render(
            stylesheets=sheets, font_config=fonts)
    finally:
        fetcher.charts = {}
    meta = _STATE["meta"]
    if len(pages) > 1:
        document.metadata.title = meta["title"]
    document.metadata.created = document.metadata.modified = meta["date"]
    document.metadata.generator = "klantwaarde"
    return document.write_pdf()


def _stylesheet(url: str | None):
    """The site's stylesheet at ``url`` (None: :data:`PDF_CSS`), parsed once per process.

    The pages' own ``<link>``s are taken out and their sheets handed to WeasyPrint in the same
    order, :data:`PDF_CSS` last; all of them as 'user' sheets, so with no author sheet left the
    cascade is the one the links gave (and style attributes still win)."""
    sheets = _STATE["sheets"]
    if url not in sheets:
        if "fonts" not in _STATE:
            from weasyprint.text.fonts import FontConfiguration  # the optional 'pdf' extra

            _STATE["fonts"] = FontConfiguration()
            _STATE["fetcher"] = _fetcher_class()(_STATE["assets"])
        common = dict(media_type="print", font_config=_STATE["fonts"], url_fetcher=_STATE["fetcher"])
        sheets[url] = (weasyprint.CSS(string=PDF_CSS, base_url=_BASE, **common) if url is None
                       else weasyprint.CSS(url=url, **common))
    return sheets[url]


def _chart_svg(part_json: str, specs: dict) -> str:
    """A page's chart as SVG: fixed width, no links (a PDF is read on paper), no data from outside."""
    spec = copy.deepcopy(full_spec(json.loads(part_json), specs))
    if spec.get("width") == "container":
        spec["width"] = PRINT_WIDTH
    _drop_links(spec)
    return vl_convert.vegalite_to_svg(spec, allowed_base_urls=[])


def _drop_links(node) -> None:
    if isinstance(node, dict):
        encoding = node.get("encoding")
        if isinstance(encoding, dict):
            encoding.pop("href", None)
        mark = node.get("mark")
        if isinstance(mark, dict):
            mark.pop("cursor", None)
        for value in node.values():
            _drop_links(value)
    elif isinstance(node, list):
        for value in node:
            _drop_links(value)


def _metadata(report: Report) -> dict:
    """Document metadata; a date only from SOURCE_DATE_EPOCH (via report.generated), so builds compare."""
    date = None
    if report.generated:  # "YYYY-MM-DD HH:MM UTC"
        day, time_, *_ = report.generated.split() + ["00:00"]
        date = f"{day}T{time_}:00+00:00"
    return {"title": report.title, "date": date}


@lru_cache(maxsize=1)
def _fetcher_class():
    """A WeasyPrint URL fetcher over the site's files."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # the optional 'pdf' extra

    class SiteFiles(URLFetcher):
        """Serves the site's own files to WeasyPrint; anything else is refused, never fetched."""

        def __init__(self, assets: dict[str, bytes]):
            super().__init__()
            self._assets = assets
            self.charts: dict[str, bytes] = {}  # the charts of the document being laid out, by URL

        def fetch(self, url, headers=None):
            if url in self.charts:
                return URLFetcherResponse(url, self.charts[url], {"Content-Type": "image/svg+xml"})
            path = url[len(_BASE):].split("#")[0].split("?")[0] if url.startswith(_BASE) else None
            if path not in self._assets:
                raise ValueError(f"not part of the site: {url}")
            return URLFetcherResponse(url, self._assets[path], {"Content-Type": _MEDIA_TYPES.get(
                path.rsplit(".", 1)[-1], "application/octet-stream")})

    return SiteFiles


_MEDIA_TYPES = {"css": "text/css", "svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg",
                "jpeg": "image/jpeg", "woff2": "font/woff2", "woff": "font/woff", "ttf": "font/ttf"}
