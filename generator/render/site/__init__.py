"""The static report site: every page and asset, rendered from one Report.

:func:`render_site` hands the whole site, ``{relative path: bytes}``, to the
sink it is given (the output stage writes it) or returns it. Pages are Jinja
templates (``templates/``, autoescaped) filled with plain view data prepared
here, so templates only lay out and format. Links are relative, so the folder
can be zipped or moved, and nothing on any page points outside the site. The
same Report gives the same bytes.

One module per page type prepares its view data: :mod:`.overview`,
:mod:`.segments`, :mod:`.customer_index`, :mod:`.customers`, :mod:`.actions`,
:mod:`.policy_page`, :mod:`.methodology`, :mod:`.data_quality`; what they share
is :class:`.build.Build`. A consultant's theme (``Report.theme``) overrides any
template and adds its assets (:mod:`generator.inputs.theme`).
"""
from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

from generator.execution import DEFAULT, Execution
from generator.model.report import Report
from generator.render.site import (actions, customer_index, customers, data_quality, methodology, overview,
                                   policy_page, segments)
from generator.render.site.build import Build
from generator.render.site.environment import CSP
from generator.render.site.pool import start_customer_pages, start_workers, stop_workers

__all__ = ["CSP", "render_site", "start_workers", "stop_workers"]


def render_site(report: Report, files=None, extra=None, workers: ProcessPoolExecutor | None = None,
                execution: Execution = DEFAULT):
    """Every file of the site keyed by its path relative to the site root, put into ``files``
    (a mapping such as the pipeline's staging folder, which may hand out sinks for worker
    processes: ``files.for_worker()``) or, without it, a new dict in path order.
    ``extra(files)`` adds more files (the exports) while a large build's customer pages are
    being made; ``workers``: a pool from :func:`start_workers` (shut down when not needed)."""
    site = Build(report, files)
    site.assets()
    pool = start_customer_pages(report, files, workers, execution)  # a large build: workers start on them now
    try:
        overview.render(site)
        segments.render(site, execution)
        customer_index.render(site, execution)
        if pool is None:
            customers.render(site)
        actions.render(site, execution)
        policy_page.render(site)
        methodology.render(site)
        data_quality.render(site)
        if extra is not None:
            extra(site.files)
    except BaseException:
        if pool is not None:
            pool.stop()
        raise
    if pool is not None:
        for sizes in pool.finish():
            site.files.add_written(sizes)
    if files is not None:
        return files
    return {path: site.files[path] for path in sorted(site.files)}
