"""The worklist: actions.html with every recommended action by account manager, or, for many
actions, a summary there and each manager's actions on pages of their own
(actions/<slug>.html, actions/<slug>_2.html, …)."""
from __future__ import annotations

from generator.execution import DEFAULT, Execution
from generator.model.contacts import CONTACT_COLUMNS
from generator.render.exports import contact_details
from generator.render.site.build import Build

ACTIONS_UNASSIGNED = "_unassigned"  # page stem for actions without an account manager (no slug has '_')


def render(site: Build, execution: Execution = DEFAULT) -> None:
    """actions.html with every action, or, above ``execution.actions_paged_above`` actions, a
    summary per account manager and per manager pages of ``execution.actions_page_rows`` rows
    (priority 1 first).

    Page names follow the customer slug rule (DESIGN.md) applied to the manager's name
    (``Report.manager_slugs``); page 2 onwards add ``_<n>``, which no slug contains, so names
    never collide.
    """
    title = site.t("actions_title")
    groups = _by_manager(site)
    contacts = _add_contacts(site)
    total = sum(len(g["rows"]) for g in groups)
    if total <= execution.actions_paged_above:
        site.page("actions.html", "actions.html", "actions", title, groups=groups, summary=None,
                  contacts=contacts, worklist=_worklist(site, [a for g in groups for a in g["rows"]]))
        return
    per_page = max(1, int(execution.actions_page_rows))
    stems = site.report.manager_slugs
    priorities = sorted({a["priority"] for g in groups for a in g["rows"]})
    managers = []
    for g in groups:
        stem = stems[g["key"]] if g["key"] else ACTIONS_UNASSIGNED
        rows = g["rows"]
        chunks = [rows[i:i + per_page] for i in range(0, len(rows), per_page)]
        names = [f"{stem}.html" if n == 1 else f"{stem}_{n}.html" for n in range(1, len(chunks) + 1)]
        starts: dict[int, int] = {}   # priority -> number of the page where it begins
        pages = []
        for n, chunk in enumerate(chunks, start=1):
            sections: list[dict] = []
            for a in chunk:
                p = a["priority"]
                if not sections or sections[-1]["priority"] != p:
                    sections.append({"priority": p, "anchor": f"p{p}", "continued": p in starts, "rows": []})
                    starts.setdefault(p, n)
                sections[-1]["rows"].append(a)
            pages.append({"n": n, "sections": sections, "first": (n - 1) * per_page + 1,
                          "last": (n - 1) * per_page + len(chunk)})
        counts = {p: sum(1 for a in rows if a["priority"] == p) for p in priorities}
        # links from the summary (site root); a manager page (in actions/) links by file name
        by_priority = [{"priority": p, "count": counts[p], "page": starts.get(p),
                        "href": f"actions/{names[starts[p] - 1]}#p{p}" if p in starts else None}
                       for p in priorities]
        manager = {"label": g["label"], "key": g["key"] or "", "count": len(rows), "pages": len(chunks),
                   "href": f"actions/{names[0]}", "by_priority": by_priority}
        managers.append(manager)
        for page in pages:
            n = page["n"]

            def here(i: int, anchor: str = "", n: int = n) -> str:  # page i of this manager, seen from page n
                return (anchor or "#") if i == n else names[i - 1] + anchor

            pager = {"previous": here(n - 1) if n > 1 else None,
                     "next": here(n + 1) if n < len(names) else None,
                     "pages": [{"n": i, "href": here(i), "current": i == n} for i in range(1, len(names) + 1)]}
            jump = [{"priority": b["priority"], "count": b["count"], "page": b["page"],
                     "href": here(b["page"], f"#p{b['priority']}")} for b in by_priority if b["count"]]
            page_title = site.t("actions_manager_title", name=g["label"])
            if len(names) > 1:
                page_title += " · " + site.t("page_of", n=site.fmt.count(n), total=site.fmt.count(len(names)))
            site.page(f"actions/{names[n - 1]}", "actions_manager.html", "actions", page_title,
                      manager=manager, page=page, pager=pager, jump=jump, total_pages=len(names),
                      per_page=per_page, contacts=contacts,
                      worklist=_worklist(site, [a for s in page["sections"] for a in s["rows"]]))
    site.page("actions.html", "actions.html", "actions", title, groups=[],
              summary={"total": total, "page_rows": per_page, "priorities": priorities, "managers": managers,
                       "by_priority": [{"priority": p, "count": sum(m["by_priority"][i]["count"]
                                                                    for m in managers)}
                                       for i, p in enumerate(priorities)]})


def _worklist(site: Build, rows: list[dict]) -> dict:
    """What the page's filters offer (the priorities and segments of its own rows) and the key
    under which the browser keeps the "done" ticks: the report (title and date) they belong to."""
    segments = {a["customer"]["segment"] for a in rows}
    report = site.report
    return {"priorities": sorted({a["priority"] for a in rows}),
            "segments": [s for s in site.segments if s["id"] in segments],
            "report": f"{report.title}|{report.as_of.isoformat()}",
            "file": f"{site.t('actions_export_file')}-{report.as_of.isoformat()}.csv"}


def _add_contacts(site: Build) -> bool:
    """Each action row's ``contact``: the customer's contact person, phone and e-mail that are
    known (lines of text), when the report may show them (config privacy.contacts, never
    anonymised); whether the pages show a contact column."""
    contacts = contact_details(site.report)
    if contacts is None:
        return False
    frame = contacts.reindex(columns=list(CONTACT_COLUMNS)).astype(object)
    frame = frame.where(frame.notna(), None)
    lines = {str(cid): [v for v in values if v]
             for cid, values in zip(frame.index, frame.itertuples(index=False, name=None))}
    for a in site.action_rows:
        a["contact"] = lines.get(a["customer"]["customer_id"]) or None
    return True


def worklist_key(a: dict) -> tuple:
    """How every worklist orders its actions: safety rules (threats, incidents) first, then by
    priority, within a priority the largest impact in euros first (unknown last), then by
    customer name, id and the order of recommendation."""
    impact = a.get("impact")
    return (not a.get("safety"), a["priority"], impact is None, -(impact or 0.0),
            a["customer"]["name"].casefold(), a["customer"]["customer_id"], a["order"])


def _by_manager(site: Build) -> list[dict]:
    """The actions grouped by account manager (by name, those without one last), each group
    in worklist order (:func:`worklist_key`)."""
    groups: dict[str | None, list[dict]] = {}
    for a in site.action_rows:
        groups.setdefault(a["customer"]["account_manager"], []).append(a)
    named = sorted((k for k in groups if k), key=lambda k: (k.casefold(), k))
    keys = named + ([None] if None in groups else [])
    out = []
    for i, am in enumerate(keys):
        rows = sorted(groups[am], key=worklist_key)
        out.append({"label": am or site.t("no_account_manager"), "anchor": f"am-{i + 1}", "rows": rows,
                    "key": am})
    return out
