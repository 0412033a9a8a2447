"""config.yaml: where the data is, which policy applies, how the site looks.

Declared once as a pydantic model; unknown keys are errors (a typo must not be
silently ignored). Paths in the file are relative to the config file.
"""
from __future__ import annotations

import codecs
import datetime as dt
import glob
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from generator.errors import InputError, Problem, did_you_mean
from generator.inputs import storage
from generator.inputs.yamlfile import load_yaml, validate
from generator.text import LANGUAGES

TABLES = ("transactions", "customers", "interactions", "assessments", "feedback")
#: the canonical columns of each table, in order (sources.py maps and parses them)
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "transactions": ("customer_id", "date", "amount",
                     "cost", "order_type", "invoice_id", "due_date", "paid_date", "quantity"),
    "customers": ("customer_id",
                  "name", "since", "account_manager", "sector", "region", "contract", "language", "contact_name",
                  "phone", "email"),
    "interactions": ("customer_id", "date", "kind",
                     "minutes", "severity", "note", "direction"),
    "assessments": ("customer_id",
                    "date", "knowledge", "pleasure", "network", "prestige", "potential"),
    "feedback": ("customer_id", "date",
                 "nps", "csat"),
}


#: header_row beyond this is a mistake (a title block of a few lines is what it is for)
MAX_HEADER_ROW = 1000
#: a glob's matches beyond this are a mistake (a pattern that reaches far beyond the data folder)
MAX_GLOB_MATCHES = 10_000
#: files and folders a recursive glob (**) may look at before it is stopped
MAX_GLOB_ENTRIES = 200_000
#: encodings suggested for a CSV
COMMON_ENCODINGS = ("utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16")
_SAMPLE_DATE = dt.date(2026, 1, 31)


def date_format_problem(fmt: str) -> str | None:
    """Why ``fmt`` cannot be a date_format (None: it can): it must hold a % directive, and a date
    written with it must read back as the same date (strftime, strptime and pandas agree)."""
    if "%" not in fmt:
        return f"'{fmt}' holds no % directive; write one such as \"%d-%m-%Y\" or \"%Y-%m-%d\""
    example = "%d-%m-%Y, %d/%m/%Y, %Y-%m-%d or %m/%d/%Y"
    try:
        text = _SAMPLE_DATE.strftime(fmt)
        back = dt.datetime.strptime(text, fmt).date()
    except (ValueError, TypeError, OverflowError) as exc:
        return f"'{fmt}' is no date format: {exc}; write one such as {example}"
    if back != _SAMPLE_DATE:
        return (f"'{fmt}' does not hold a whole date: {_SAMPLE_DATE.isoformat()} is written as '{text}' and "
                f"read back as {back.isoformat()}; it needs a day, a month and a year, such as {example}")
    import pandas as pd  # deferred: only a configured date_format needs it

    try:
        parsed = pd.to_datetime(pd.Series([text]), format=fmt, errors="raise")
    except (ValueError, TypeError, OverflowError) as exc:
        return f"'{fmt}' cannot be used to read dates: {str(exc).splitlines()[0]}; write one such as {example}"
    if parsed.iloc[0].date() != _SAMPLE_DATE:
        return f"'{fmt}' reads {text!r} as {parsed.iloc[0].date().isoformat()}; write one such as {example}"
    return None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TableSource(_Strict):
    """Where one table comes from, and how to read it (all but path sniffed when absent).

    A table is a file (``path``) or a database table or query (``connection`` with ``table`` or
    ``query``; generator.inputs.connections): exactly one of the two, checked in load_config.
    """

    path: str | None = None
    #: ``env:NAME`` (the URL is in that environment variable) or a URL without a password
    connection: str | None = None
    table: str | None = None
    query: str | None = None
    #: where the rows become per-customer figures: database (the transactions' summary computed there,
    #: generator/inputs/aggregate.py), local, auto (database for Spark and warehouses, local for
    #: Postgres and DuckDB files: connections.compute_of)
    compute: Literal["auto", "database", "local"] = "auto"
    #: object storage (``path: s3://…``): endpoint_url, region, anonymous, ``env:`` credentials (storage.py)
    storage: dict[str, Any] | None = None
    format: Literal["csv", "excel", "parquet"] | None = None
    sep: str | None = None
    decimal: Literal[",", "."] | None = None
    encoding: str | None = None
    sheet: str | int | None = None
    header_row: int = Field(1, ge=1, le=MAX_HEADER_ROW)
    date_format: str | None = None
    drop_duplicates: bool = False
    columns: dict[str, str] = Field(default_factory=dict)
    #: their code -> our code, per column (``values: {order_type: {spoed: rush}}``); checked in load_config
    values: dict[str, dict[Any, Any]] = Field(default_factory=dict)
    #: a row that cannot be read (no id, a date like 31-02-2025, 'n.v.t.' as an amount): stop, or skip and count it
    on_bad_rows: Literal["error", "skip"] = "error"

    @field_validator("sep")
    @classmethod
    def _one_char(cls, v):
        if v is not None and len(v) != 1 and v != "\\t":
            raise ValueError("sep must be a single character such as ';' or ','")
        return "\t" if v == "\\t" else v

    @field_validator("encoding")
    @classmethod
    def _text_encoding(cls, v):
        """An encoding Python knows that turns bytes into text (not rot13, hex or base64)."""
        if v is None:
            return v
        try:
            info = codecs.lookup(v)
        except (LookupError, TypeError, ValueError):
            guess = did_you_mean(v.lower(), COMMON_ENCODINGS)
            raise ValueError(f"unknown encoding '{v}'; {guess or 'use one such as ' + ', '.join(COMMON_ENCODINGS)}")
        if not getattr(info, "_is_text_encoding", True):
            raise ValueError(f"'{v}' is no text encoding (it transforms, as rot13, hex or base64 do); "
                             f"use one such as {', '.join(COMMON_ENCODINGS)}")
        return v

    @field_validator("date_format")
    @classmethod
    def _date_format_works(cls, v):
        """A format that writes a date and reads the same date back (by Python and by pandas)."""
        if v is None:
            return v
        problem = date_format_problem(v)
        if problem:
            raise ValueError(problem)
        return v


class DataConfig(_Strict):
    transactions: TableSource | str
    customers: TableSource | str | None = None
    interactions: TableSource | str | None = None
    assessments: TableSource | str | None = None
    feedback: TableSource | str | None = None

    @field_validator(*TABLES, mode="before")
    @classmethod
    def _mapping_or_path(cls, v):
        """A mapping is a TableSource, whatever is wrong in it: its problems are then named by its
        own keys (not also as 'not a valid string', the other choice)."""
        return TableSource.model_validate(v) if isinstance(v, dict) else v


class Privacy(_Strict):
    notes: bool = False
    contacts: bool = False


class Render(_Strict):
    """How the customer pages are rendered: ``local`` (the spawn pool, render.site.pool) or as the
    tasks of a Spark or Dask job (render.engines); the same bytes either way."""
    engine: Literal["local", "spark", "dask"] = "local"


class ConfigModel(_Strict):
    title: str = "Klantwaarde"
    language: Literal[LANGUAGES] = "nl"  # one of the languages the text layer has
    currency: str = Field("EUR", pattern=r"^[A-Z]{3}$")
    as_of: dt.date | None = None
    policy: str = "content/policy.yaml"
    output: str = "site"
    history: str = ".klantwaarde/history"
    exclude: list[str] = Field(default_factory=list)
    privacy: Privacy = Field(default_factory=Privacy)
    theme: str | None = None
    #: which customers get a customer page: "all" or a condition as in the policy (checked
    #: against the policy's measures by inputs.pages)
    pages: str = "all"
    render: Render = Field(default_factory=Render)
    data: DataConfig

    @field_validator("exclude", mode="before")
    @classmethod
    def _ids_as_text(cls, v):
        if isinstance(v, list):
            return [str(x) for x in v]
        return v


@dataclass(frozen=True)
class Config:
    """The validated configuration with every path made absolute."""

    file: Path
    root: Path
    title: str
    language: str
    currency: str
    as_of: dt.date | None
    policy: Path
    output: Path
    history: Path
    exclude: tuple[str, ...]
    privacy: Privacy
    theme: Path | None
    data: dict[str, TableSource] = field(default_factory=dict)
    #: which customers get a page: None for all, else the condition's text (config.yaml's ``pages:``)
    pages: str | None = None
    #: the render engine of the customer pages (config.yaml's ``render: {engine: …}``)
    render_engine: str = "local"
    #: (line, column) in config.yaml of a key path such as ('data', 'transactions', 'values', 'order_type', 'spoed')
    positions: dict[tuple, tuple[int, int]] = field(default_factory=dict, repr=False, compare=False)

    def where(self, *path) -> tuple[int | None, int | None]:
        """Line and column of ``path`` in config.yaml (of the nearest key written), for messages."""
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return None, None

    def display(self, path: Path) -> str:
        """A path as the user wrote it: relative to the config's folder when inside it."""
        try:
            return str(Path(path).relative_to(self.root))
        except ValueError:
            return str(path)

    def table_files(self, table: str) -> list[Path]:
        """The files of a table: its path, or its glob's matches in sorted order (empty: none found,
        or a table read from a connection).

        A glob is listed with bounds: a recursive one (``**``) looks at no more than
        ``MAX_GLOB_ENTRIES`` files and folders, and more than ``MAX_GLOB_MATCHES`` files is an
        error naming the key in config.yaml (a pattern reaching far beyond the data folder)."""
        pattern = self.data[table].path
        if pattern is None or storage.is_remote(pattern):     # object storage: storage.locate lists it
            return []
        if is_glob(pattern):
            line, col = self.where("data", table, "path") if ("data", table, "path") in self.positions \
                else self.where("data", table)
            shown = self.display(self.file)
            if "**" in pattern:
                base = self.root / glob_base(pattern)
                if _entries_beyond(base, MAX_GLOB_ENTRIES):
                    raise InputError(Problem(
                        shown, f"data: {table}: the pattern '{pattern}' searches more than {MAX_GLOB_ENTRIES:,} "
                        f"files and folders under {base}", line, col,
                        "point it at the folder of the exports, e.g. content/data/*.csv"))
            found = []
            for p in glob.iglob(pattern, root_dir=self.root, recursive=True):
                if (self.root / p).is_file():
                    found.append(p)
                    if len(found) > MAX_GLOB_MATCHES:
                        raise InputError(Problem(
                            shown, f"data: {table}: more than {MAX_GLOB_MATCHES:,} files match '{pattern}'",
                            line, col, "point it at the folder of the exports, e.g. content/data/*.csv"))
            return [self.root / p for p in sorted(found)]
        path = self.root / pattern
        if path.is_dir() and storage.maybe_parquet(pattern, self.data[table].format):   # a Parquet dataset's folder
            return sorted((p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in storage.PARQUET_SUFFIXES),
                          key=lambda p: p.relative_to(path).as_posix())[:MAX_GLOB_MATCHES + 1]
        return [path] if path.is_file() else []


def is_glob(pattern: str) -> bool:
    return bool(re.search(r"[*?\[]", pattern))


def glob_base(pattern: str) -> str:
    """The fixed part of a glob: its folders before the first one with a wildcard ('' for none)."""
    parts = re.split(r"[/\\]", pattern)
    fixed = []
    for part in parts[:-1]:
        if is_glob(part):
            break
        fixed.append(part)
    base = "/".join(fixed)
    return "/" if pattern.startswith(("/", "\\")) and not base else base


def _too_wide(pattern: str, root: Path) -> str | None:
    """Why a recursive glob reaches too far (its fixed part is a filesystem root, the home folder
    or a folder above it), or None."""
    if pattern is None or "**" not in pattern or storage.is_remote(pattern):
        return None
    written = glob_base(pattern)
    base = Path(os.path.expanduser(written)) if written.startswith("~") else root / written
    try:
        base = base.resolve()
        home = Path.home().resolve()
    except (OSError, RuntimeError):
        return None
    if base == Path(base.anchor):
        return f"the pattern '{pattern}' searches the whole disk from {base}"
    if base == home or base in home.parents:
        return f"the pattern '{pattern}' searches {'the home folder' if base == home else base} and all below it"
    return None


def _entries_beyond(base: Path, limit: int) -> bool:
    """Whether the tree under ``base`` holds more than ``limit`` files and folders (counting stops there;
    links to folders are not followed)."""
    seen, todo = 0, [base]
    while todo:
        try:
            with os.scandir(todo.pop()) as entries:
                for entry in entries:
                    seen += 1
                    if seen > limit:
                        return True
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            todo.append(Path(entry.path))
                    except OSError:
                        continue
        except OSError:
            continue
    return False


def load_config(path: str | Path) -> Config:
    """Read and validate ``config.yaml``; raise :class:`InputError` listing every problem."""
    path = Path(path)
    name = str(path)
    if not path.exists():
        raise InputError(Problem(name, "config file not found",
                                 hint="pass --config PATH, or run 'klantwaarde init DIR' to create one"))
    doc = load_yaml(path, name)
    if not isinstance(doc.data, dict):
        raise InputError(Problem(name, "the config must be a mapping of keys such as 'title:' and 'data:'", 1, 1))
    model: ConfigModel = validate(doc, ConfigModel)  # type: ignore[assignment]
    root = path.resolve().parent
    data = {}
    for table in TABLES:
        source = getattr(model.data, table)
        if source is None:
            continue
        if isinstance(source, str):
            source = TableSource(path=source)
        data[table] = source
    for table in list(data):
        mapped = data[table].columns
        for canonical in mapped:
            allowed = TABLE_COLUMNS[table]
            if canonical not in allowed:
                raise InputError(doc.problem(("data", table, "columns", canonical, "__key__"),
                                             f"'{canonical}' is not a column of the {table} table",
                                             did_you_mean(canonical, allowed) or f"columns: {', '.join(allowed)}"))
    problems = [p for table, source in data.items() for p in _source_problems(doc, table, source)]
    problems += [p for table, source in data.items() for p in _value_problems(doc, table, source)]
    for table, source in data.items():
        wide = _too_wide(source.path, root)
        if wide:
            at = ("data", table, "path") if ("data", table, "path") in doc.positions else ("data", table)
            problems.append(doc.problem(at, f"data: {table}: {wide}",
                                        "give the folder of the exports, e.g. content/data/*.csv or "
                                        "content/data/**/*.csv (relative to config.yaml)"))
    if problems:
        raise InputError(problems)
    return Config(
        file=path.resolve(),
        root=root,
        title=model.title,
        language=model.language,
        currency=model.currency,
        as_of=model.as_of,
        policy=root / model.policy,
        output=root / model.output,
        history=root / model.history,
        exclude=tuple(model.exclude),
        privacy=model.privacy,
        theme=(root / model.theme) if model.theme else None,
        data=data,
        pages=None if model.pages.strip().lower() == "all" else model.pages,
        render_engine=model.render.engine,
        positions={path: at for path, at in doc.positions.items()
                   if path[:1] in (("data",), ("as_of",), ("pages",), ("render",))},
    )


_CONNECTION_ONLY = ("table", "query")


def _source_problems(doc, table: str, source: TableSource) -> list[Problem]:
    """A file or a connection, not both; a connection with exactly one of table/query, its URL in
    an environment variable when it holds a password (whose value is never shown)."""
    at = ("data", table)
    if source.path is None and source.connection is None:
        return [doc.problem(at, f"the {table} table needs 'path:' (a file) or 'connection:' (a database)",
                            "e.g. path: content/data/transactions.csv, or connection: env:KLANTWAARDE_DB "
                            "with table: schema.name")]
    if source.path is not None and source.connection is not None:
        return [doc.problem(at + ("connection", "__key__"), f"the {table} table names both 'path:' and "
                            "'connection:'", "keep one: a file or a database")]
    if source.path is not None:
        parquet = storage.maybe_parquet(source.path, source.format)   # compute: applies to a Parquet dataset too
        return [doc.problem(at + (key, "__key__"), f"'{key}:' belongs to a table read from a 'connection:'",
                            "remove it, or replace path: by connection:")
                for key in (*_CONNECTION_ONLY, *(() if parquet else ("compute",))) if key in _keys_under(doc, at)] \
            + _storage_problems(doc, table, source) + _compute_problems(doc, table, source)
    if source.storage is not None:
        return [doc.problem(at + ("storage", "__key__"), "'storage:' belongs to a path on object storage "
                            "(s3://, gs://, az://)", "remove it")]
    problems = []
    if (source.table is None) == (source.query is None):
        problems.append(doc.problem(at + ("connection", "__key__"),
                                    f"a connection needs exactly one of 'table:' and 'query:' (the {table} table)",
                                    "e.g. table: sales.invoice_lines, or query: \"select ...\""))
    if source.table is not None and not re.fullmatch(r"[A-Za-z_][\w$]*(\.[A-Za-z_][\w$]*){0,2}", source.table):
        problems.append(doc.problem(at + ("table",), f"'{source.table}' is not a table name",
                                    "write name or schema.name; for anything else use query:"))
    if source.connection.startswith("env:"):
        if not re.fullmatch(r"env:[A-Za-z_][A-Za-z0-9_]*", source.connection):
            problems.append(doc.problem(at + ("connection",), "env: must be followed by the name of an "
                                        "environment variable", "e.g. connection: env:KLANTWAARDE_DB"))
    elif _has_password(source.connection):
        problems.append(doc.problem(at + ("connection",), "a password in config.yaml is refused (not shown here)",
                                    "put the URL in an environment variable and write connection: "
                                    "env:KLANTWAARDE_DB"))
    problems += _compute_problems(doc, table, source)
    for key in ("format", "sep", "decimal", "encoding", "sheet", "header_row", "date_format"):
        if key in _keys_under(doc, at):
            problems.append(doc.problem(at + (key, "__key__"), f"'{key}:' is a setting of files, not of a "
                                        "'connection:'", "remove it: a database's columns carry their types"))
    return problems


def _compute_problems(doc, table: str, source: TableSource) -> list[Problem]:
    if source.compute == "database" and table != "transactions":
        return [doc.problem(("data", table, "compute"), "compute: database applies to the transactions table "
                            f"only: the {table} table is read locally", "write compute: auto or compute: local")]
    return []


def _storage_problems(doc, table: str, source: TableSource) -> list[Problem]:
    """``storage:`` only with an object-storage path, with the keys of its kind; credentials only as
    ``env:NAME``; no credentials in the path itself."""
    at = ("data", table)
    kind = storage.scheme_of(source.path)
    problems = []
    if kind is not None and re.match(r"[A-Za-z][A-Za-z0-9+.-]*://[^/]*@", source.path):
        problems.append(doc.problem(at + ("path",), "credentials in the path are refused (not shown here)",
                                    "put them in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)"))
    if kind is not None and source.format not in (None, "parquet"):
        problems.append(doc.problem(at + ("format",), f"object storage is read as Parquet; format: {source.format} "
                                    "is not read from it", "export the table as Parquet, or copy the file here"))
    if source.storage is None:
        return problems
    if kind is None:
        return problems + [doc.problem(at + ("storage", "__key__"), "'storage:' belongs to a path on object "
                                       "storage (s3://, gs://, az://)", "remove it, or give an s3:// path")]
    for key, value in source.storage.items():
        here = at + ("storage", str(key))
        if key not in storage.KEYS[kind]:
            problems.append(doc.problem(here + ("__key__",), f"'{key}' is not a setting of {kind} storage",
                                        did_you_mean(str(key), storage.KEYS[kind])
                                        or f"settings: {', '.join(storage.KEYS[kind])}"))
        elif key == "anonymous":
            if not isinstance(value, bool):
                problems.append(doc.problem(here, "anonymous must be true or false"))
        elif not isinstance(value, str) or not value.strip():
            problems.append(doc.problem(here, f"{key} must be text"))
        elif key in storage.SECRETS and not re.fullmatch(r"env:[A-Za-z_][A-Za-z0-9_]*", value):
            problems.append(doc.problem(here, f"a secret in config.yaml is refused (not shown here): {key}",
                                        f"write {key}: env:NAME and put the value in that environment variable"))
    return problems


def _keys_under(doc, path: tuple) -> set:
    """The keys written in the mapping at ``path`` of config.yaml."""
    return {key[len(path)] for key in doc.positions if len(key) == len(path) + 1 and key[:len(path)] == path}


def _has_password(url: str) -> bool:
    from urllib.parse import urlsplit  # deferred: only a connection needs it

    try:
        return bool(urlsplit(url).password) or "password=" in url.lower()
    except ValueError:
        return False


def _hashable(value):
    return (type(value).__name__, value)


def _written_keys(doc, path: tuple) -> dict:
    """The keys of the mapping at ``path`` as written (``no``), by what YAML made of them (False)."""
    import yaml  # deferred: only a mistake needs it

    out = {}
    for key in doc.positions:
        if len(key) == len(path) + 1 and key[:-1] == path:
            try:
                out[_hashable(yaml.safe_load(key[-1]))] = key[-1]
            except (yaml.YAMLError, TypeError):
                continue
    return out


def _value_problems(doc, table: str, source: TableSource) -> list[Problem]:
    """``values:`` of one table: known columns, and text on both sides (YAML reads 1, yes and no as
    other things: codes must be quoted then). Whether a target is a code klantwaarde or the policy
    knows is checked with the policy (generator.inputs.codes.check_targets)."""
    problems = []
    at = ("data", table, "values")
    for column, mapping in source.values.items():
        if column not in TABLE_COLUMNS[table]:
            problems.append(doc.problem(at + (column, "__key__"), f"'{column}' is not a column of the {table} table",
                                        did_you_mean(column, TABLE_COLUMNS[table])
                                        or f"columns: {', '.join(TABLE_COLUMNS[table])}"))
            continue
        written = _written_keys(doc, at + (column,))
        for theirs, ours in mapping.items():
            here = at + (column, written.get(_hashable(theirs), str(theirs)))
            if not isinstance(theirs, str):
                problems.append(doc.problem(here + ("__key__",), f"the code {theirs!r} to map is not text "
                                            f"(YAML reads {str(theirs) if theirs is not None else 'null'} as "
                                            f"{type(theirs).__name__ if theirs is not None else 'nothing'})",
                                            "quote it, e.g. '1': rush or 'no': out"))
            elif not isinstance(ours, str):
                problems.append(doc.problem(here, f"'{theirs}' maps to {ours!r}, which is not a code",
                                            f"write the code it stands for, e.g. {theirs}: rush"))
    return problems
