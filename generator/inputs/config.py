"""config.yaml: where the data is, which policy applies, how the site looks.

Declared once as a pydantic model; unknown keys are errors (a typo must not be
silently ignored). Paths in the file are relative to the config file.
"""
from __future__ import annotations

import datetime as dt
import glob
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from generator.errors import InputError, Problem, did_you_mean
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


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TableSource(_Strict):
    """Where one table comes from, and how to read it (all but path sniffed when absent)."""

    path: str
    format: Literal["csv", "excel", "parquet"] | None = None
    sep: str | None = None
    decimal: Literal[",", "."] | None = None
    encoding: str | None = None
    sheet: str | int | None = None
    header_row: int = Field(1, ge=1)
    date_format: str | None = None
    drop_duplicates: bool = False
    columns: dict[str, str] = Field(default_factory=dict)

    @field_validator("sep")
    @classmethod
    def _one_char(cls, v):
        if v is not None and len(v) != 1 and v != "\\t":
            raise ValueError("sep must be a single character such as ';' or ','")
        return "\t" if v == "\\t" else v


class DataConfig(_Strict):
    transactions: TableSource | str
    customers: TableSource | str | None = None
    interactions: TableSource | str | None = None
    assessments: TableSource | str | None = None
    feedback: TableSource | str | None = None


class Privacy(_Strict):
    notes: bool = False
    contacts: bool = False


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

    def display(self, path: Path) -> str:
        """A path as the user wrote it: relative to the config's folder when inside it."""
        try:
            return str(Path(path).relative_to(self.root))
        except ValueError:
            return str(path)

    def table_files(self, table: str) -> list[Path]:
        """The files of a table: its path, or its glob's matches in sorted order (empty: none found)."""
        pattern = self.data[table].path
        if re.search(r"[*?\[]", pattern):
            found = sorted(p for p in glob.glob(pattern, root_dir=self.root, recursive=True)
                           if (self.root / p).is_file())
            return [self.root / p for p in found]
        path = self.root / pattern
        return [path] if path.is_file() else []


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
    )
