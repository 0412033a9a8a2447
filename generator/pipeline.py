"""The build, stage by stage, in one direction (the packages of ``generator/``):

    read_inputs   inputs/   config, policy, theme, data, the previous report, the environment
    compute       model/    measures → scores → segments → changes → recommendations → the Report
    render_files  render/   the Report as pages, exports and PDFs, handed to a sink
    build         output/   the sink is a staging folder, swapped in at the end; then the history

Each stage takes plain data and returns plain data; only ``inputs`` reads and only
``output`` writes. The CLI (and ``serve``) are thin layers over these functions.
"""
from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from generator.errors import InputError, Problem, StrictWarnings
from generator.execution import DEFAULT, Execution
from generator.inputs.config import Config, load_config
from generator.output import incremental, writer

if TYPE_CHECKING:
    from generator.inputs.history import PreviousReport
    from generator.inputs.policy import Policy
    from generator.inputs.sources import Tables
    from generator.inputs.theme import Theme
    from generator.model.report import Report

# The stages after the config (pandas, pyarrow, scipy, pydantic, jinja2: 0.55 s to import) are
# imported in the functions that run them, so that a rebuild with unchanged inputs, which keeps
# the published site (output.incremental), returns before any of them is loaded.

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildResult:
    report: Report | None
    output: Path
    files: int
    seconds: float
    warnings: tuple[str, ...]           # as the terminal shows them (English)
    zip_path: Path | None = None
    customers: int = 0
    segments: int = 0
    shown: str = ""         # the output folder as the user wrote it
    reused: bool = False    # unchanged inputs: the published site was kept as it was (report is None)
    pdf_customers: int | None = None  # customer PDFs written (None: no PDF made in this build)

    @classmethod
    def of(cls, report: Report, output: Path, files: int, seconds: float, **more) -> BuildResult:
        """The result of a build that made ``report`` (its counts are the report's)."""
        return cls(report, output, files, seconds, tuple(str(w) for w in report.warnings),
                   customers=len(report.customers), segments=int(report.customers["segment"].nunique()), **more)

    def summary(self, display_output: str) -> str:
        w = len(self.warnings)
        done = "unchanged inputs, site kept" if self.reused else f"{self.seconds:.1f} s"
        return (f"klantwaarde: {self.customers} customers, {self.segments} segments, "
                f"{w} warning{'s' if w != 1 else ''}, {done} → {display_output}")


@dataclass(frozen=True)
class Inputs:
    """Everything a report is computed from, read before computing starts: the config, the
    policy, the theme, the data, the previous report in the history and the environment."""

    config: Config
    policy: Policy
    theme: Theme
    tables: Tables
    previous: PreviousReport | None  # the most recent stored build with an earlier report date
    generated: str | None            # from SOURCE_DATE_EPOCH (reproducible builds), else None


def load_inputs(config_path: str | Path) -> tuple[Config, Policy]:
    """Config and policy, validated, before any data is read (``klantwaarde validate``); the
    policy's text templates are checked by load_policy."""
    from generator.inputs.policy import load_policy  # deferred: see the note at the imports

    from generator.inputs.codes import check_targets  # deferred: see the note at the imports
    from generator.inputs.pages import pages_condition

    config = load_config(config_path)
    check_render_engine(config)  # render: {engine: spark | dask} needs its extra installed
    policy = load_policy(config.policy, config.display(config.policy))
    check_targets(config, policy)  # values: in config.yaml maps to codes the policy or klantwaarde knows
    pages_condition(config, policy)  # pages: in config.yaml is 'all' or a condition over known names
    return config, policy


def read_inputs(config_path: str | Path, progress: Progress | None = None) -> Inputs:
    """Read config, policy, theme, data and history (config and policy first: they fail fast)."""
    from generator.inputs import history, sources  # deferred: see the note at the imports
    from generator.inputs.theme import load_theme

    config, policy = load_inputs(config_path)
    theme = load_theme(config.theme, config.display(config.theme) if config.theme else "theme")
    if progress:
        progress("read")
    tables = sources.read_tables(config, policy)
    return Inputs(config, policy, theme, tables, history.load_previous(config.history, tables.as_of),
                  _generated(os.environ.get("SOURCE_DATE_EPOCH")))


def compute_report(config_path: str | Path, lang: str | None = None, progress: Progress | None = None,
                   anonymise: bool = False, execution: Execution = DEFAULT) -> Report:
    """Everything the site shows, computed from the config's data and policy."""
    return compute(read_inputs(config_path, progress), lang, progress, anonymise, execution)


def compare_policies(config_path: str | Path, other_policy: str | Path,
                     lang: str | None = None) -> tuple[Report, Report]:
    """The report under the configured policy and under ``other_policy``, from data read once
    (``klantwaarde diff``). Both policies are checked before any data is read."""
    from generator.inputs.policy import load_policy  # deferred: see the note at the imports

    other = load_policy(Path(other_policy), str(other_policy))
    inputs = read_inputs(config_path)
    return compute(inputs, lang), compute(replace(inputs, policy=other), lang)


def compute(inputs: Inputs, lang: str | None = None, progress: Progress | None = None,
            anonymise: bool = False, execution: Execution = DEFAULT) -> Report:
    """The report for inputs already read; no file is read or written from here on."""
    from generator.model.compute import report_of  # deferred: see the note at the imports

    return report_of(inputs.config, inputs.policy, inputs.theme, inputs.tables, inputs.previous, inputs.generated,
                     lang=lang or inputs.config.language, step=progress or (lambda _msg: None),
                     anonymise=anonymise, execution=execution)


def build(config_path: str | Path, output: str | Path | None = None, lang: str | None = None, *,
          strict: bool = False, make_zip: bool = False, anonymise: bool = False, pdf: bool = False,
          pdf_customers: str | None = None, progress: Progress | None = None,
          pdf_progress: Callable[[int, int], None] | None = None, execution: Execution = DEFAULT) -> BuildResult:
    """Build the report site; raise InputError (exit 2) or StrictWarnings (exit 3).

    Read everything, compute the report, render it into a staging folder, publish
    that folder in one swap, then record the build in the history. ``pdf``: also
    ``pdf/report.pdf``; ``pdf_customers`` ('all' or a condition, as in the policy): also a
    PDF for each customer it chooses (and the report's). ``pdf_progress(done, total)``
    follows the PDFs as they are made."""
    started = time.perf_counter()
    config = load_config(config_path)
    out = Path(output) if output is not None else config.output
    writer.check_output(out)  # refuse early, before any work
    zip_path = out.parent / f"{out.name}.zip" if make_zip else None
    if zip_path is not None:
        writer.check_zip(zip_path)
    _check_history_outside(config, out)
    writer.remove_stale(out)  # what killed builds left beside it (also when this one keeps the site)
    chosen = _pdf_selection(config_path, pdf_customers) if pdf_customers is not None else None
    pdf = pdf or chosen is not None
    shown = config.display(out)
    options = dict(output=out, lang=lang, anonymise=anonymise, pdf=pdf, make_zip=make_zip)
    print_ = incremental.fingerprint(config, **options, pdf_customers=pdf_customers)
    reused = incremental.reuse(out, config, print_, make_zip=make_zip)
    if reused is not None:  # the same inputs as the published site: nothing to do
        if strict and reused.warnings:
            raise StrictWarnings([Problem("", w) for w in reused.warnings])
        return BuildResult(None, out, reused.files, time.perf_counter() - started, reused.warnings,
                           out.parent / f"{out.name}.zip" if make_zip else None, customers=reused.customers,
                           segments=reused.segments, shown=shown, reused=True)
    check_render_engine(config)  # before the render engine starts (beside the computing)
    workers = _start_workers(config, execution)
    staging = zip_tmp = pending = None
    customer_pdfs = None
    try:
        report = compute_report(config_path, lang, progress, anonymise, execution)
        if strict and report.warnings:
            raise StrictWarnings(list(report.warnings))
        if progress:
            progress("render")
        staging = writer.Staging(out)
        render_files(report, staging, workers, execution)
        if pdf:
            if progress:
                progress("pdf")
            slugs = _chosen_customers(report, chosen)
            customer_pdfs = len(slugs)
            staging.update(_render_pdfs(report, staging, execution, slugs, pdf_progress))
        if progress:
            progress("write")
        # everything that can fail happens before the swap: the zip and the history are written
        # beside their places, and renamed in after it
        if zip_path is not None:
            zip_tmp = writer.prepare_zip(staging, zip_path, out.name)
        if not anonymise:  # pseudonyms would break the comparison with real builds
            from generator.output import history  # deferred with pandas: see the note at the imports

            try:
                pending = history.prepare(config.history, report.as_of, report.customers,
                                          {name: k.value for name, k in report.kpis.items()})
            except OSError as exc:
                raise InputError(Problem(
                    "config.yaml", f"cannot write the history folder {config.display(config.history)}: "
                    f"{exc.strerror or exc}", column="history",
                    hint="make the folder writable, or point 'history' in config.yaml elsewhere")) from None
        staging.publish()
    except BaseException:
        if workers is not None:  # the render shuts its pool down, unless it failed before using it
            _stop_workers(workers)
        if staging is not None:
            staging.discard()
        if zip_tmp is not None:
            zip_tmp.unlink(missing_ok=True)
        if pending is not None:
            pending.discard()
        raise
    if pending is not None:
        pending.commit()
    if zip_tmp is not None:
        zip_tmp.replace(zip_path)
    result = BuildResult.of(report, out, len(staging), time.perf_counter() - started, zip_path=zip_path,
                            shown=shown, pdf_customers=customer_pdfs)
    as_of = report.as_of.isoformat()
    writer.write_marker(out, incremental.manifest_bytes(
        print_, incremental.listing_of(staging.sizes), len(staging), as_of=as_of,
        history=incremental.history_listing(config.history, as_of),
        customers=result.customers, segments=result.segments, warnings=report.warnings,
        zip_size=zip_path.stat().st_size if zip_path else None))
    return result


def _check_history_outside(config: Config, out: Path) -> None:
    """The history may not live inside the output folder: every build replaces that folder (and
    would publish the real ids of the history with it)."""
    site, history = Path(out).resolve(), Path(config.history).resolve()
    if history == site or site in history.parents:
        raise InputError(Problem(
            "config.yaml", f"the history folder ({config.display(config.history)}) lies inside the output folder "
            f"({config.display(out)}), which every build replaces", column="history",
            hint="put 'history' beside the output, e.g. history: .klantwaarde/history"))


#: render.engine in config.yaml → (the module it needs, the extra that installs it)
ENGINE_NEEDS = {"spark": ("pyspark", "spark"), "dask": ("dask", "dask")}


def check_render_engine(config: Config) -> None:
    """Whether config.yaml's ``render.engine`` can run here: its extra installed (and Java for
    Spark), found without importing it; an InputError naming that line of config.yaml if not."""
    import importlib.util  # deferred: only a build with a render engine looks for it
    import shutil

    engine = config.render_engine
    if engine not in ENGINE_NEEDS:
        return
    module, extra = ENGINE_NEEDS[engine]
    line, col = config.where("render", "engine")
    shown = config.display(config.file)
    if importlib.util.find_spec(module) is None:
        raise InputError(Problem(shown, f"render.engine: {engine} needs the '{extra}' extra ({module} is not "
                                        "installed)", line, col,
                                 hint=f"in klantwaarde's folder: pip install '.[{extra}]', or engine: local"))
    home = os.environ.get("JAVA_HOME")
    if engine == "spark" and not (home and Path(home, "bin", "java").exists() or shutil.which("java")):
        raise InputError(Problem(shown, "render.engine: spark needs Java 17 or newer (no 'java' on the PATH "
                                        "and JAVA_HOME is not set)", line, col,
                                 hint="install Java 17 (Debian: apt-get install openjdk-17-jre-headless), "
                                      "or engine: local"))


def _start_workers(config: Config, execution: Execution):
    """A Spark or Dask engine when config.yaml chooses one (render.engines), started now: Spark's
    session takes 5-7 s to start, beside the computing, which keeps one core busy.

    Otherwise the render workers of a mid-sized build, started while it computes (site.start_workers),
    which keeps one core busy: 10,000 customers build in 9-10 s instead of 12. None otherwise.
    Whether a build is large is known only once its data is read, so the size of the data files
    decides here (``execution.pool_ahead_bytes``); a pool started for fewer customers than
    ``execution.pool_from`` is stopped unused."""
    if config.render_engine != "local":
        from generator.render import engines  # deferred: see the note at the imports

        line, col = config.where("render", "engine")
        return engines.start(config.render_engine, execution,
                             Problem(config.display(config.file), "", line, col))
    try:
        size = sum(path.stat().st_size for table in config.data for path in config.table_files(table))
    except OSError:
        return None
    low, high = execution.pool_ahead_bytes
    if not low <= size < high:
        return None
    from generator.render import site  # deferred: see the note at the imports

    return site.start_workers(execution)


def _stop_workers(workers) -> None:
    if hasattr(workers, "customer_pages"):  # a render engine (render.engines)
        workers.close()
        return
    from generator.render import site  # deferred: see the note at the imports

    site.stop_workers(workers)


def render_files(report: Report, files=None, workers=None, execution: Execution = DEFAULT):
    """Every file of the site (pages, assets and the machine-readable exports),
    as ``build`` writes it and ``serve`` serves it: into ``files`` (a
    :class:`writer.Staging`, so pages go to disk as they are made) or a new dict."""
    from generator.render import exports, site  # deferred: see the note at the imports

    def add_exports(files) -> None:
        files["scores.csv"] = exports.scores_csv(report)
        files["actions.csv"] = exports.actions_csv(report)
        files["scores.xlsx"] = exports.scores_xlsx(report, execution)
        files["actions.xlsx"] = exports.actions_xlsx(report, execution)
        files["report.json"] = exports.report_json(report)
        files["rejected.csv"] = site.data_quality.rejected_csv(report)   # on_bad_rows: skip (issue 16)

    return site.render_site(report, files, extra=add_exports, workers=workers, execution=execution)


def _render_pdfs(report: Report, files: dict[str, bytes], execution: Execution, slugs: list[str],
                 progress: Callable[[int, int], None] | None) -> dict[str, bytes]:
    """``pdf/report.pdf`` and ``pdf/<slug>.pdf`` per chosen customer (needs the 'pdf' extra)."""
    try:
        from generator.render.pdf import render_pdfs  # the optional 'pdf' extra (WeasyPrint)
    except ImportError as exc:
        raise InputError(Problem("--pdf", f"PDF export needs the 'pdf' extra ({exc.name} is not installed)",
                                 hint=PDF_INSTALL_HINT)) from None
    return render_pdfs(report, files, execution, slugs, progress)


#: how to get the 'pdf' extra: klantwaarde is installed from its source folder, not from a package index
PDF_INSTALL_HINT = "in klantwaarde's folder: pip install '.[pdf]'"

#: ``--pdf-customers`` takes this word for every customer, or a condition
ALL_CUSTOMERS = "all"


def _pdf_selection(config_path: str | Path, text: str):
    """``--pdf-customers``: ALL_CUSTOMERS or the parsed condition (checked against the policy's
    measures before any data is read); a wrong condition is an InputError naming the option."""
    if text.strip().lower() == ALL_CUSTOMERS:
        return ALL_CUSTOMERS
    from generator.inputs import conditions  # deferred: see the note at the imports

    _, policy = load_inputs(config_path)
    names = {**policy.catalogue.condition_names(allow_segment_dependent=True), "customer_id": "text"}
    try:
        return conditions.parse(text, names, file="--pdf-customers")
    except conditions.ConditionError as exc:
        p = exc.problem
        where = f" at character {p.column}" if isinstance(p.column, int) else ""
        raise InputError(Problem("--pdf-customers", f"{p.message}{where} of \"{text}\"",
                                 hint=p.hint or "write 'all' or a condition as in the policy, "
                                                "such as \"segment == 'fix' and revenue_12m > 10000\"")) from None


def _chosen_customers(report: Report, chosen) -> list[str]:
    """The slugs of the customers that get a PDF of their own, in the report's order."""
    customers = report.customers
    if chosen is None:
        return []
    has_page = report.has_page().to_numpy()  # a PDF is made from the customer's page (config: pages)
    if chosen == ALL_CUSTOMERS:
        return customers["slug"][has_page].tolist()
    frame = customers.assign(customer_id=customers.index) if "customer_id" in chosen.names else customers
    return customers["slug"][chosen.matches(frame) & has_page].tolist()


def _generated(epoch: str | None) -> str | None:
    """The build time shown in the report: only from SOURCE_DATE_EPOCH, so builds compare."""
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return None
