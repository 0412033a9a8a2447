"""The repeated parts of a customer page as HTML made in Python, not in the template.

A customer page's tables (the scorecard, the months, the timeline, the rule
trace, the services, all measures) are most of its values, and a Jinja
template spends several times as long per value as an f-string (escaping
through Markup, attribute lookups, a generator step per piece of output). At a
page per customer that is most of a large build, so ``customer.html`` places
these parts whole; the same rows are in its context as data, for a theme that
lays them out itself.

Every value is escaped here with :func:`esc` (exactly as markupsafe would); the
numbers come from :class:`generator.text.formatting.Formatter` (one value or, by its
``columns``, a whole column) and hold no markup.
"""
from __future__ import annotations

from markupsafe import Markup

from generator.text.formatting import is_missing

try:  # markupsafe's own C escaper, as its escape() uses it, without making a Markup per value
    from markupsafe._speedups import _escape_inner as _escape_str
except ImportError:  # pragma: no cover - markupsafe without its C speedups
    def _escape_str(text: str) -> str:
        return (text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
                .replace("'", "&#39;").replace('"', "&#34;"))

MUTED = ' class="muted"'
NEGATIVE = ' class="negative"'
BEYOND = ' class="beyond"'
UNKNOWN = ' class="unknown"'


def esc(value) -> str:
    """Text for HTML, exactly as markupsafe.escape writes it (without making a Markup per value)."""
    return _escape_str(value if type(value) is str else str(value))


def bar_width(value) -> str:
    if is_missing(value):
        return "0"
    return f"{min(100.0, max(0.0, float(value))):.1f}"


def score_bar(value, text: str | None) -> str:
    """A score from 0 to 100 as its number (``text``, formatted) and a bar (decoration: aria-hidden)."""
    if value is None:
        return '<span class="score score--missing">—</span>'
    return (f'<span class="score"><span class="score__value">{esc(text)}</span>'
            f'<span class="score__bar" aria-hidden="true" style="--fill:{bar_width(value)}%"></span></span>')


def chip(seg: dict | None, root: str, link: bool = True) -> str:
    """A segment's name as a coloured chip, linking to its page (``—`` without a segment)."""
    if not seg:
        return "—"
    sid, name = esc(seg["id"]), esc(seg["name"])
    if link:
        return f'<a class="chip seg-{sid}" href="{esc(root)}{esc(seg["href"])}">{name}</a>'
    return f'<span class="chip seg-{sid}">{name}</span>'


def trend(tr: dict, tag: str, before: str, after: str, sep: str) -> str:
    """A trend arrow with its words (``_Site._trend``) as element ``tag`` with classes around
    the trend's own."""
    return (f'<{tag} class="{before}trend trend--{esc(tr["tone"])}{after}"><span aria-hidden="true">'
            f'{esc(tr["arrow"])}</span> {esc(tr["text"])} <span class="visually-hidden">({esc(tr["words"])})</span>'
            f'{sep}{esc(tr["context"])}</{tag}>')


def headline(items: list[dict]) -> Markup:
    """The four figures read first, as cards."""
    out = []
    for h in items:
        sub = trend(h["trend"], "dd", "card__sub ", "", " · ") if h["trend"] else ""
        out.append(f'<div class="card">\n<dt>{esc(h["label"])}</dt>\n'
                   f'<dd{NEGATIVE if h["negative"] else ""}>{esc(h["value"])}</dd>\n{sub}</div>')
    return Markup("\n".join(out))


SCORE_END = "</tbody>\n</table>\n</div>\n</div>"


def score_summary(s: dict, texts: dict[str, str]) -> str:
    """A score's number, band, trend and note (``s`` as in ``scores`` of a customer page)."""
    parts = [f'<div class="scorecard__score">\n<div class="scorecard__summary">\n<h3>{esc(s["label"])}</h3>\n'
             f'<p class="scorecard__big">{score_bar(s["value"], s["value_text"])}</p>\n']
    if s["band"]:
        inverted = " band--inverted" if s["name"] == "burden_score" else ""
        parts.append(f'<span class="band band--{esc(s["band_key"])}{inverted}">{esc(s["band_text"])}</span>\n')
    if s["trend"]:
        parts.append(trend(s["trend"], "p", "", " small", " ") + "\n")
    if s["value"] is None:
        parts.append(f'<p class="note">{esc(texts["score_missing"])}</p>\n')
    elif s["coverage"] is not None:
        parts.append(f'<p class="note small">{esc(s["coverage_text"])}</p>\n')
    return "".join(parts)


def score_table(label: str, head: str) -> str:
    """The opening of a score's components table, up to its rows."""
    return (f'</div>\n<div class="table-wrap">\n<table class="data data--compact">\n'
            f'<caption class="visually-hidden">{esc(label)}</caption>\n{head}\n<tbody>\n')


def component_row(label: str, inverted: bool, raw: str, normalised, normalised_text: str, weight_text: str,
                  share_text: str, texts: dict[str, str]) -> str:
    """One component of a score: measured value, on the 0–100 scale, weight, effective weight
    (``label`` escaped; ``normalised`` None when the measure is missing)."""
    note = f' <span class="muted small">({esc(texts["inverted_note"])})</span>' if inverted else ""
    if normalised is None:
        row, norm = '<tr class="missing">', f'<span class="muted small">{esc(texts["component_missing"])}</span>'
    else:
        row, norm = "<tr>", score_bar(normalised, normalised_text)
    return (f'{row}\n<th scope="row">{label}{note}</th>\n<td class="num">{esc(raw)}</td>\n<td>{norm}</td>\n'
            f'<td class="num">{esc(weight_text)}</td>\n<td class="num">{esc(share_text)}</td>\n</tr>\n')


def services(rows: list[dict]) -> Markup:
    """The cost-to-serve table's rows, one per service (amounts already formatted)."""
    out = []
    for s in rows:
        out.append(f'<tr{BEYOND if s["beyond"] else ""}>\n'
                   f'<th scope="row">{esc(s["name"])} <span class="muted small">({esc(s["per_unit"])})</span></th>\n'
                   f'<td class="num">{esc(s["usage_text"])}</td>\n<td class="num">{esc(s["cost_text"])}</td>\n'
                   f'<td>{esc(s["entitled_text"])}</td>\n<td class="num">{esc(s["beyond_text"])}</td>\n</tr>')
    return Markup("\n".join(out))


def facts(items: list[dict]) -> Markup:
    """Label–value pairs of a ``<dl class="facts">`` (a value marked negative is coloured)."""
    return Markup("".join(f'<div><dt>{esc(m["label"])}</dt><dd{NEGATIVE if m.get("negative") else ""}>'
                          f'{esc(m["value"])}</dd></div>' for m in items))


def trace(rows: list[dict], root: str, texts: dict[str, str]) -> Markup:
    """The rule trace: every segment rule in order, its outcome for this customer and the values it read."""
    out = []
    chosen_mark = f' <strong class="chosen-mark">← {esc(texts["trace_chosen"])}</strong>'
    catch_all = f'<span class="muted">{esc(texts["trace_catch_all"])}</span>'
    for r in rows:
        state = esc(r["state"])
        when = catch_all
        if r["when"]:  # the policy's own text, and below it the same rule in words
            when = f"<code>{esc(r['when'])}</code>"
            if r.get("words"):
                when += (f'<br><span class="muted small">{esc(texts["trace_in_words"])}:</span> '
                         f'<span class="small">{esc(r["words"])}</span>')
        values = ""
        if r["parts"]:
            values = '<ul class="values">' + "".join(
                f'<li>{esc(v.get("label") or v["name"])} <code class="small">{esc(v["name"])}</code>: '
                f'<span{UNKNOWN if v["missing"] else ""}>{esc(v["value"])}</span>'
                + (f' <code class="small">{esc(v["code"])}</code>' if v.get("code") else "")
                + '</li>' for v in r["parts"]) + "</ul>"
        out.append(f'<tr class="trace--{state}{" chosen" if r["chosen"] else ""}">\n'
                   f'<td class="num">{r["position"]}</td>\n<th scope="row">{chip(r["seg"], root)}</th>\n'
                   f'<td>{when}</td>\n<td><span class="outcome outcome--{state}">{esc(r["outcome"])}</span>'
                   f'{chosen_mark if r["chosen"] else ""}</td>\n<td>{values}</td>\n</tr>')
    return Markup("\n".join(out))


def timeline_row(kind: str, iso: str, date_text: str, label: str, detail: str, negative: bool, note,
                 notes_shown: bool) -> str:
    """One row of the contact timeline (an event of ``kind`` 'contact' or 'purchase'). Every text
    comes escaped (the timeline escapes each distinct label and date once)."""
    cell = f'<td>{note or ""}</td>' if notes_shown else ""
    return (f'<tr class="timeline--{kind}"><td><time datetime="{iso}">{date_text}</time></td>'
            f'<th scope="row">{label}</th><td{NEGATIVE if negative else ""}>{detail}</td>{cell}</tr>')


def measure_group_frame(gid: str, label: str) -> tuple[str, str]:
    """The HTML before and after a measure group's items."""
    gid = esc(gid)
    return (f'<section class="measure-group" aria-labelledby="group-{gid}">\n'
            f'<h3 id="group-{gid}">{esc(label)}</h3>\n<dl class="measures">\n', "\n</dl>\n</section>")


def measure_item_heads(label: str) -> tuple[str, str]:
    """A measure item's HTML up to its value: known, and missing (muted). ``label`` is escaped."""
    return f"<div><dt>{label}</dt><dd>", f"<div><dt>{label}</dt><dd{MUTED}>"
