"""The ``klantwaarde`` command: a thin layer over :mod:`generator.pipeline`.

It parses options, shows progress, prints problems one per line on stderr and
maps them to exit codes: 0 success, 1 internal error (a bug), 2 invalid
input, 3 warnings under ``--strict``.
"""
from __future__ import annotations

import functools
import json
import os
import re
import shutil
import sys
import traceback
from pathlib import Path

import click

from generator import __version__
from generator.errors import EXIT_INTERNAL, InputError, KlantwaardeError, Problem
from generator.execution import few_collections
from generator.resources import content_dir, project_config
from generator.text import LANGUAGES

STAGES = ("read", "measures", "scores", "segments", "recommendations", "render", "pdf", "write")


def _config_option(f):
    f = click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")(f)
    return click.option("--config", "config_path", default="config.yaml", show_default=True,
                        type=click.Path(dir_okay=False), help="The config file.")(f)


def _handle_errors(f):
    """Turn known errors into messages and exit codes; a traceback only with --debug."""
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        debug = kwargs.get("debug", False)
        try:
            return f(*args, **kwargs)
        except KlantwaardeError as exc:
            problems = getattr(exc, "problems", None) or []
            for p in problems:
                click.echo(f"error: {str(p).lstrip(': ')}" if exc.exit_code == 2 else f"warning: {str(p).lstrip(': ')}", err=True)
            if not problems:
                click.echo(f"error: {exc}", err=True)
            if exc.exit_code == 3:
                click.echo(f"klantwaarde: {len(problems)} warning(s) with --strict: nothing written", err=True)
            elif exc.exit_code == 2:
                n = len(problems) or 1
                click.echo(f"klantwaarde: {n} problem{'s' if n != 1 else ''} in the input: nothing written", err=True)
            sys.exit(exc.exit_code)
        except click.exceptions.Exit:
            raise
        except (click.ClickException, click.Abort):
            raise
        except OSError as exc:  # the machine said no: a folder that cannot be written, a full disk
            if debug:
                traceback.print_exc()
            where = exc.filename if exc.filename is not None else "klantwaarde"
            click.echo(f"error: {where}: {exc.strerror or exc}", err=True)
            click.echo("hint: check that the folder exists and that you may write there, and the free disk space",
                       err=True)
            click.echo("klantwaarde: 1 problem with the files or the disk: the published site (if any) is unchanged",
                       err=True)
            sys.exit(2)
        except MemoryError:  # an input too large for this machine's memory
            click.echo("error: klantwaarde ran out of memory: the input is too large for this machine", err=True)
            click.echo("hint: check the data files for runaway rows or values, or build on a larger machine", err=True)
            sys.exit(2)
        except Exception as exc:  # a bug: say so plainly
            if debug:
                traceback.print_exc()
            click.echo(f"internal error: {type(exc).__name__}: {exc}", err=True)
            click.echo("This is a bug in klantwaarde. Run again with --debug for the traceback and report it.", err=True)
            sys.exit(EXIT_INTERNAL)
    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="klantwaarde")
def main():
    """klantwaarde: customer value, cost and advice, as an offline report site.

    Reads config.yaml, the customer data and the customer policy, scores and
    segments every customer and writes a static site with one recommendation
    page per customer.
    """
    # for the whole command, the imports included; restored when the command ends
    click.get_current_context().with_resource(few_collections())
    _check_source_date_epoch()


def _check_source_date_epoch() -> None:
    """SOURCE_DATE_EPOCH (reproducible builds): empty is unset; anything but whole seconds since 1970
    is exit 2 (a library imported on the way, numpy's f2py, would fail on it with a ValueError)."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        return
    if not value.strip():
        del os.environ["SOURCE_DATE_EPOCH"]
    elif not value.strip().isdigit() or int(value) > 253402300799:
        click.echo(f"error: SOURCE_DATE_EPOCH is {value[:40]!r}, not a number of seconds since 1970-01-01 UTC",
                   err=True)
        click.echo("hint: set it to whole seconds, e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct), or unset it",
                   err=True)
        sys.exit(2)
    else:
        os.environ["SOURCE_DATE_EPOCH"] = value.strip()


@main.command()
@_config_option
@click.option("--output", "-o", type=click.Path(file_okay=False), help="Output folder (relative to the working directory). Default: 'output' in the config.")
@click.option("--lang", type=click.Choice(LANGUAGES), help="Language of the site (overrides 'language' in the config).")
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit code 3, nothing written).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary line (warnings are still shown).")
@click.option("--pdf", is_flag=True,
              help="Also write pdf/report.pdf: overview, segments, policy, methodology and data quality on A4 "
                   "(needs the 'pdf' extra).")
@click.option("--pdf-customers", metavar='all|"CONDITION"',
              help="Also write pdf/<slug>.pdf for these customers (and pdf/report.pdf): 'all', or a condition "
                   "as in the policy, e.g. \"segment == 'fix'\" or \"account_manager == 'Anna de Boer'\". "
                   "About 1 s of CPU per customer, on all cores.")
@click.option("--zip", "make_zip", is_flag=True, help="Also write <output>.zip beside the output folder.")
@click.option("--anonymise", is_flag=True,
              help="Replace customer ids, names and account managers with stable pseudonyms in every file.")
@_handle_errors
def build(config_path, output, lang, strict, quiet, pdf, pdf_customers, make_zip, anonymise, debug):
    """Build the report site from the data and the policy."""
    from generator.pipeline import build as run_build  # deferred: a command loads what it runs

    show = not quiet and sys.stderr.isatty()
    bar = click.progressbar(length=len(STAGES), label="building", file=sys.stderr) if show else None
    done: list[str] = []

    def progress(stage: str) -> None:
        if bar is not None and stage in STAGES and stage not in done:
            done.append(stage)
            bar.update(1)

    pdf_count = None if quiet else _PdfCount(sys.stderr.isatty())
    if bar is not None:
        bar.__enter__()
    try:
        result = run_build(config_path, output, lang, strict=strict, make_zip=make_zip,
                           anonymise=anonymise, pdf=pdf, pdf_customers=pdf_customers, progress=progress,
                           pdf_progress=pdf_count)
    finally:
        if pdf_count is not None:
            pdf_count.close()
        if bar is not None:
            bar.__exit__(None, None, None)
    for w in result.warnings:  # also under --quiet: a warning is about the report, not its progress
        click.echo(f"warning: {w}", err=True)
    shown = output if output is not None else result.shown
    shown = str(shown).rstrip("/") + "/"
    if not quiet:
        click.echo(result.summary(shown), err=True)
        if result.zip_path is not None:
            click.echo(f"klantwaarde: zip written to {result.zip_path.name} beside {shown}", err=True)
        if result.pdf_customers is not None:
            n = result.pdf_customers
            click.echo(f"klantwaarde: PDFs in {shown}pdf/: report.pdf and {n} customer{'s' if n != 1 else ''}"
                       + ("" if n or pdf_customers is None else " (no customer matches --pdf-customers)"), err=True)


class _PdfCount:
    """The PDFs made so far, on stderr: a bar on a terminal, else a line at every tenth."""

    def __init__(self, tty: bool):
        self.tty = tty
        self.bar = None
        self.tenth = -1

    def __call__(self, done: int, total: int) -> None:
        if not self.tty:
            tenth = done * 10 // max(total, 1)
            if tenth > self.tenth:
                self.tenth = tenth
                click.echo(f"klantwaarde: PDFs {done}/{total}", err=True)
            return
        if self.bar is None:
            click.echo("", err=True)  # below the build's own bar
            self.bar = click.progressbar(length=total, label="PDFs", show_pos=True, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)
        if done >= total:
            self.close()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@main.command()
@_config_option
@_handle_errors
def validate(config_path, debug):
    """Check config and policy (before reading any data), then the data."""
    from generator.inputs import sources, storage  # deferred: a command loads what it runs (pandas: 0.3 s)
    from generator.inputs.connections import compute_of
    from generator.pipeline import load_inputs

    from generator.model.recommendations import rehearse  # deferred: a command loads what it runs

    config, policy = load_inputs(config_path)
    rehearse(policy, config.currency)  # every action text, for customers at the edges: fails here, not in a build
    tables = sources.read_tables(config, policy)
    for w in tables.warnings:
        click.echo(f"warning: {w}", err=True)
    for name, quality in tables.quality.items():
        source = config.data[name]
        if storage.is_parquet(config, name, source):   # Parquet: read by DuckDB, or by pyarrow without the 'db' extra
            n = len(quality.files)
            how = "read by DuckDB" if storage.through_duckdb(config, name, source) else \
                "read by pyarrow (install the 'db' extra to read it by DuckDB: pip install '.[db]')"
            click.echo(f"source {name}: {n} Parquet file{'s' if n != 1 else ''} {how}: {quality.rows_read} rows",
                       err=True)
            if name == "transactions" and storage.through_duckdb(config, name, source):   # auto resolved, and why
                click.echo("source transactions: compute: %s (%s)" % compute_of(config, name, source), err=True)
        if source.connection is not None:    # a database: what was found there
            origin = source.connection if source.connection.startswith("env:") else "connection: in config.yaml"
            engine = dict(quality.sniffed["format"].params).get("value") if "format" in quality.sniffed else "?"
            click.echo(f"source {name}: {quality.files[0] if quality.files else '?'} ({engine}, {origin}): "
                       f"{quality.rows_read} rows; columns: "
                       + ", ".join(f"{c}={db}" for c, db in quality.columns.items()), err=True)
            if name == "transactions":   # compute: auto resolved, and why
                click.echo("source transactions: compute: %s (%s)" % compute_of(config, name, source), err=True)
    for name, quality in tables.quality.items():
        for line in _code_lines(name, quality.codes):
            click.echo(line, err=True)
    n = sum(len(t) for t in (tables.transactions, tables.customers, tables.interactions,
                             tables.assessments, tables.feedback) if t is not None)
    if tables.transactions is None:     # compute: database: summarised there, counted there
        n += tables.quality["transactions"].rows_used
    click.echo(f"klantwaarde: config, policy ({len(policy.segments)} segments, {len(policy.services)} services) "
               f"and data ({n} rows) are valid; {len(tables.warnings)} warning(s)", err=True)


def _code_lines(table: str, codes) -> list[str]:
    """Per coded column: the codes found with their rows, and what the policy makes of them."""
    lines = []
    for c in codes:
        found = ", ".join(f"{code} {n}" for code, n in c.found) or "none"
        lines.append(f"codes: {table}.{c.column}: {found}")
        if c.policy:
            lines.append(f"  used by the policy: {', '.join(c.policy)}")
        for code, guess in c.unknown:
            lines.append(f"  unknown: {code}" + (f" (did you mean '{guess}'?)" if guess else "")
                         + f" — map it under data: {table}: values: {{{c.column}: {{{code}: ...}}}}")
        if c.never:
            lines.append(f"  in the policy, never in the data: {', '.join(c.never)}")
    return lines


@main.command()
@_config_option
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0 picks a free one).")
@click.option("--lang", type=click.Choice(LANGUAGES), help="Language of the site (overrides 'language' in the config).")
@_handle_errors
def serve(config_path, port, lang, debug):
    """Preview the report on 127.0.0.1, rebuilt and reloaded when data, policy, config or templates change.

    Nothing is written: not the output folder, not the history. A failed build
    is shown in the page and here, and the last good report stays served.
    """
    from generator.serve import serve as run_serve  # deferred: a command loads what it runs

    run_serve(config_path, port=port, lang=lang, debug=debug, echo=lambda line: click.echo(line, err=True))


@main.command()
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@_handle_errors
def init(directory, debug):
    """Start a new client folder: config, policy and sample data to adapt."""
    target = Path(directory)
    if target.exists() and any(target.iterdir()):
        raise InputError(Problem(str(target), "the folder is not empty", hint="choose a new or empty folder"))
    source = content_dir()
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source, target / "content", ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "__init__.py"))
    (target / "config.yaml").write_text(new_client_config(project_config()), encoding="utf-8")
    click.echo(f"klantwaarde: new project in {directory}/ — edit config.yaml and content/policy.yaml, "
               f"put your exports in content/data/, then run '{_command()} validate' and "
               f"'{_command()} build' there", err=True)


#: what replaces the sample's report date in a new client's config.yaml
_AS_OF_RULE = """\
# as_of: 2026-06-30  # the report date; left out, it is the date of the last transaction in the data.
#                    # Set it to report on an earlier date, or on a later one at most 31 days on
#                    # (beyond that a build warns: customers without data would all look silent).
"""


def new_client_config(sample: str) -> str:
    """The sample's config.yaml for a new client: without the sample's report date (a copied
    as_of made every customer of a client whose data ended months earlier silent)."""
    return re.sub(r"(?m)^as_of:.*\n", lambda _m: _AS_OF_RULE, sample, count=1)


def _command() -> str:
    """``klantwaarde`` when the shell finds this one, else its full path (no venv activated)."""
    here = Path(sys.executable).parent / "klantwaarde"
    found = shutil.which("klantwaarde")
    if not here.exists() or (found and Path(found).resolve() == here.resolve()):
        return "klantwaarde"
    return str(here)


@main.command()
@click.argument("customer_id")
@_config_option
@click.option("--lang", type=click.Choice(LANGUAGES), help="Language of the explanation (default: the config's).")
@_handle_errors
def explain(customer_id, config_path, lang, debug):
    """Why CUSTOMER_ID is in its segment: each rule tried, the values used, the advice."""
    from generator.render.explain import render_trace, trace_customer  # deferred: a command loads what it runs
    from generator.pipeline import compute_report

    report = compute_report(config_path, lang)
    click.echo(render_trace(trace_customer(report, customer_id)), nl=False)


@main.command()
@click.option("--policy", "other_policy", required=True, type=click.Path(dir_okay=False),
              help="The other policy file, compared with the one in the config.")
@_config_option
@click.option("--lang", type=click.Choice(LANGUAGES), help="Language of the comparison (default: the config's).")
@_handle_errors
def diff(other_policy, config_path, lang, debug):
    """What another policy would change: segment moves, entitled cost and leakage."""
    from generator.render.explain import compare_reports, render_diff  # deferred: a command loads what it runs
    from generator.pipeline import compare_policies

    base, other = compare_policies(config_path, other_policy, lang)
    click.echo(render_diff(compare_reports(base, other)), nl=False)


@main.command()
@click.argument("which", type=click.Choice(["policy", "config"]), default="policy")
@click.option("--format", "fmt", type=click.Choice(["json", "markdown"]), default="json", show_default=True,
              help="json: the JSON Schema; markdown: the policy's key reference (as in docs/policy.md).")
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True,
              help="Language of the markdown key reference.")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@_handle_errors
def schema(which, fmt, lang, debug):
    """Print the JSON Schema of the policy (default) or the config, for editors and CI."""
    from generator.inputs.config import ConfigModel  # deferred: a command loads what it runs
    from generator.inputs.policy import json_schema, reference_markdown

    if fmt == "markdown":
        if which != "policy":
            raise click.UsageError("--format markdown is only for the policy")
        click.echo(reference_markdown(lang), nl=False)
        return
    out = json_schema() if which == "policy" else {
        "$schema": "https://json-schema.org/draft/2020-12/schema", "title": "klantwaarde config",
        **ConfigModel.model_json_schema()}
    click.echo(json.dumps(out, indent=2, ensure_ascii=False))


if __name__ == "__main__":  # pragma: no cover
    main()
