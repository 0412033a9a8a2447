"""A rebuild with unchanged inputs: nothing read, computed or rendered again.

A build's output is a function of its inputs: klantwaarde's own code and
templates (and the versions of the libraries that shape the files), the
config, the policy, every data file's content, the theme folder, the build
options, ``SOURCE_DATE_EPOCH`` and the earlier reports in the history folder
(for "since the previous report"). :func:`fingerprint` hashes all of them —
contents, not modification times, so a fresh CI checkout of the same data
still counts as unchanged. Two kinds of source have no bytes here: a table
on object storage is known by each object's key, size, modification time and
ETag (listed and HEAD-requested through pyarrow.fs, storage.fingerprint); a
``connection:`` table is never taken as unchanged — Postgres has no cheap
exact answer (its statistics counters are approximate and reset, a checksum
of the rows is a full read), so such a build always runs in full — except a
DuckDB file, opened read-only: its bytes (and its write-ahead log's) are
exactly its rows, so they are hashed like a data file's.

A finished build stores the fingerprint, with what its summary line needs
and a hash of the published files' names, sizes and modification times, in the output folder's
marker file (:data:`writer.MARKER`). The next build with the same
fingerprint, finding the site (and the zip, with ``--zip``) still as written,
returns at once: the files keep their bytes and their modification times, so
deploy tools that compare content or times upload nothing. Anything else —
a changed byte in any input, a missing, resized or edited file, a history file added
or removed — and the build runs in full.

The check reads every input file once (hashing runs at about 1 GB/s) and
lists the site's files; it imports neither pandas nor the renderer.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from generator import __version__
from generator.errors import KlantwaardeError, Problem

from generator.inputs import history, storage
from generator.inputs.config import Config
from generator.resources import templates_dir
from generator.output.writer import MARKER, MARKER_TEXT

#: bump when the manifest's meaning changes
FORMAT = "klantwaarde-build 1"
#: the libraries whose version can change a built file's bytes
LIBRARIES = ("altair", "vl-convert-python", "pandas", "numpy", "scipy", "babel", "jinja2", "markupsafe",
             "pyarrow", "openpyxl", "weasyprint")
_BLOCK = 1 << 20


@dataclass(frozen=True)
class Reused:
    """What an earlier build with the same fingerprint recorded (for the summary line)."""

    customers: int
    segments: int
    files: int
    warnings: tuple[str, ...]


def fingerprint(config: Config, *, output: Path, lang: str | None, anonymise: bool, pdf: bool,
                make_zip: bool, pdf_customers: str | None = None) -> str | None:
    """The hash of everything a build's files depend on; None when an input is missing
    (the full build then names the problem)."""
    h = hashlib.sha256(FORMAT.encode())
    _text(h, "klantwaarde", __version__)
    for name in LIBRARIES:
        try:
            _text(h, name, metadata.version(name))
        except metadata.PackageNotFoundError:
            _text(h, name, "-")
    for root in sorted({Path(__file__).resolve().parent.parent, templates_dir().resolve()}):  # the package
        for path in _tree(root):
            _file(h, f"code:{path.relative_to(root)}", path)
    options = {"lang": lang, "anonymise": anonymise, "pdf": pdf, "pdf_customers": pdf_customers,
               "epoch": os.environ.get("SOURCE_DATE_EPOCH", ""),
               # the zip's top folder is the output folder's name; without --zip the name changes nothing
               "zip": Path(output).name if make_zip else None}
    _text(h, "options", json.dumps(options, sort_keys=True))
    if not config.file.is_file() or not config.policy.is_file():
        return None
    _file(h, "config", config.file)
    _file(h, "policy", config.policy)
    for table in sorted(config.data):
        source = config.data[table]
        if source.connection is not None:
            database = _duckdb_file(config, table, source)
            if database is None:
                return None     # a database server: no bytes to hash, and no cheap exact query says it is unchanged
            for path in database:
                _file(h, f"data:{table}:{path.name}", path)
            continue
        if storage.is_remote(source.path):     # object storage: every object's key, size, mtime and ETag
            objects = storage.fingerprint(config, table, source)
            if objects is None:
                return None
            _text(h, f"data:{table}", objects)
            continue
        files = config.table_files(table)
        if not files:
            return None
        for path in files:
            _file(h, f"data:{table}:{path.name}", path)
    if config.theme is not None:
        if not config.theme.is_dir():
            return None
        for path in _tree(config.theme):
            _file(h, f"theme:{path.relative_to(config.theme)}", path)
    return h.hexdigest()


def _duckdb_file(config: Config, table: str, source) -> list[Path] | None:
    """A ``duckdb:///file`` connection's file (and its write-ahead log, which holds what is not yet
    checkpointed into it): read-only, so its bytes are exactly its rows. None for any other database."""
    from generator.inputs import connections  # deferred: only a connection source needs it

    try:
        url = connections.url_of(config, table, source)
    except KlantwaardeError:
        return None
    if not url.startswith("duckdb:///"):
        return None
    path = Path(url[len("duckdb:///"):])
    wal = path.with_name(path.name + ".wal")
    return [path, wal] if wal.is_file() else [path]


def reuse(output: Path, config: Config, print_: str | None, *, make_zip: bool) -> Reused | None:
    """The recorded result when ``output`` holds an intact build with fingerprint ``print_``."""
    if print_ is None:
        return None
    manifest = read_manifest(Path(output))
    if manifest is None or manifest.get("fingerprint") != print_:
        return None
    if site_listing(Path(output)) != manifest.get("site"):
        return None
    if history_listing(config.history, manifest.get("as_of", "")) != manifest.get("history"):
        return None
    if make_zip:
        zip_path = Path(output).parent / f"{Path(output).name}.zip"
        if not zip_path.is_file() or zip_path.stat().st_size != manifest.get("zip_size"):
            return None
    return Reused(int(manifest["customers"]), int(manifest["segments"]), int(manifest["files"]),
                  tuple(manifest.get("warnings", ())))


def manifest_bytes(print_: str | None, site: str, files: int, *, as_of: str, history: str, customers: int,
                   segments: int, warnings: tuple[Problem, ...], zip_size: int | None) -> bytes:
    """The marker file's content: the fixed notice, then the manifest as one JSON line (``site``:
    :func:`site_listing` of the published folder)."""
    if print_ is None:
        return MARKER_TEXT
    record = {"fingerprint": print_, "site": site,
              "as_of": as_of, "history": history, "customers": customers, "segments": segments,
              "files": files, "warnings": [str(w) for w in warnings], "zip_size": zip_size}
    return MARKER_TEXT + json.dumps(record, sort_keys=True, ensure_ascii=False).encode("utf-8") + b"\n"


def read_manifest(output: Path) -> dict | None:
    try:
        lines = (output / MARKER).read_bytes().split(b"\n", 1)
        return json.loads(lines[1]) if len(lines) > 1 and lines[1].strip() else None
    except (OSError, ValueError):
        return None


def site_listing(output: Path) -> str:
    """A hash of the site's file names and sizes (without the marker itself); "" when a file was
    changed after the marker (written last by a build), so that a page edited by hand, even to the
    same size, makes the next build run in full. The listing itself holds no times: the marker
    stays byte-identical for the same site."""
    try:
        marker_time = (output / MARKER).stat().st_mtime_ns
    except OSError:
        marker_time = None
    newest = 0
    entries = []
    stack = [(output, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            scan = list(os.scandir(folder))
        except OSError:
            return ""
        for entry in scan:
            rel = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                stack.append((Path(entry.path), rel + "/"))
            elif rel != MARKER:
                st = entry.stat(follow_symlinks=False)
                entries.append((rel, st.st_size))
                newest = max(newest, st.st_mtime_ns)
    if marker_time is not None and newest > marker_time:
        return ""   # a file changed after the build finished (the marker is written last)
    return _listing(entries)


def history_listing(folder: Path, as_of: str) -> str:
    """The history files a report dated ``as_of`` compares with or has recorded (date ≤ as_of)."""
    return hashlib.sha256("\n".join(history.entry_names(folder, as_of)).encode("utf-8")).hexdigest()


def listing_of(sizes: dict[str, int]) -> str:
    """:func:`site_listing` of a site whose files (and their sizes) are known: no scan."""
    return _listing(sizes.items())


def _listing(entries) -> str:
    h = hashlib.sha256()
    for rel, size in sorted(entries):
        h.update(f"{rel}\0{size}\n".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def _tree(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo"))


def _text(h, key: str, value: str) -> None:
    h.update(f"{key}\0{value}\0".encode("utf-8", "surrogateescape"))


def _file(h, key: str, path: Path) -> None:
    _text(h, key, str(path.stat().st_size))
    with open(path, "rb") as fh:
        while block := fh.read(_BLOCK):
            h.update(block)
