"""Parquet datasets read through embedded DuckDB, and tables on object storage (issue 18).

A table of ``data:`` whose ``path:`` is Parquet — a ``.parquet``/``.pq`` file, a glob of them, a
folder (its Parquet files, in sorted order, sub-folders included) or ``format: parquet`` — is read
by an in-memory DuckDB (through ibis' ``read_parquet``) instead of pandas, when the 'db' extra is
installed. It is then a "connection" like any other (generator/inputs/connections.py): the same
column matching, ``compute: local`` pulls only the needed columns as Arrow (file by file, so a
message still names the file and its row: row 1 is line 2, as before), ``compute: database``
runs the per-customer summary in DuckDB over all files. Without the extra a Parquet file is read
by pyarrow into pandas as before (``validate`` says which).

Object storage: ``path: s3://bucket/prefix/*.parquet`` (also ``gs://``/``gcs://``, ``az://``/
``abfs://``) with an optional ``storage:`` mapping per table::

    customers:
      path: s3://crm-exports/2026/*.parquet
      storage: {endpoint_url: http://127.0.0.1:9000, region: eu-west-1, anonymous: false}

The objects are listed and opened through ``pyarrow.fs`` (its S3, GCS and Azure filesystems ship in
pyarrow's wheel) and handed to DuckDB as pyarrow datasets; DuckDB's own httpfs extension is not
used (it downloads itself at run time). Credentials come only from the environment —
``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY``/``AWS_SESSION_TOKEN`` (S3),
``AZURE_STORAGE_ACCOUNT_NAME``/``AZURE_STORAGE_ACCOUNT_KEY`` (Azure), Google's own
``GOOGLE_APPLICATION_CREDENTIALS`` (GCS) — or from ``env:NAME`` values under ``storage:``; without
them (and without ``anonymous: true``) S3 is an error rather than a search of ~/.aws or the EC2
metadata service. No message shows a credential. Every request has a bounded time-out
(:data:`CONNECT_TIMEOUT`, :data:`REQUEST_TIMEOUT`, two attempts).

pyarrow.fs, ibis and DuckDB are imported only when such a source is read.
"""
from __future__ import annotations

import atexit
import importlib.util
import os
import re
import shutil
import tempfile
from dataclasses import dataclass

from generator.errors import InputError, Problem

#: URL scheme -> pyarrow filesystem
SCHEMES = {"s3": "s3", "gs": "gcs", "gcs": "gcs", "az": "azure", "abfs": "azure", "abfss": "azure"}
PARQUET_SUFFIXES = (".parquet", ".pq")
#: seconds to reach the endpoint, and for one request (two attempts each)
CONNECT_TIMEOUT = 5
REQUEST_TIMEOUT = 30
#: the most objects one table's path may list
MAX_OBJECTS = 10_000
#: the keys of ``storage:``, per filesystem; ``env:NAME`` is allowed (and for secrets required)
KEYS = {"s3": ("endpoint_url", "region", "anonymous", "access_key", "secret_key", "session_token"),
        "gcs": ("endpoint_url", "anonymous"),
        "azure": ("endpoint_url", "account_name", "account_key")}
SECRETS = ("access_key", "secret_key", "session_token", "account_key")
UNREACHABLE = "cannot reach the storage endpoint"
#: the name DuckDB gives the whole dataset, and each file (kw_part_0, ...)
WHOLE = "kw_dataset"
PART = "kw_part_{}"


def scheme_of(path: str | None) -> str | None:
    """``s3``/``gcs``/``azure`` for an object-storage URL, else None."""
    if path is None:
        return None
    m = re.match(r"([A-Za-z][A-Za-z0-9+.-]*)://", path)
    return SCHEMES.get(m.group(1).lower()) if m else None


def endpoint_of(source) -> tuple | None:
    """What an object-storage table is reached through (its kind and endpoint_url), else None."""
    kind = scheme_of(source.path)
    return None if kind is None else (kind, str((source.storage or {}).get("endpoint_url", "")))


def is_remote(path: str | None) -> bool:
    return scheme_of(path) is not None


def maybe_parquet(path: str | None, fmt: str | None) -> bool:
    """Whether a ``path:`` may be a Parquet dataset, from the config alone (``compute:`` and
    ``storage:`` are allowed for it): format: parquet, a Parquet suffix, object storage, or no
    suffix at all (a folder)."""
    if path is None or fmt not in (None, "parquet"):
        return False
    if fmt == "parquet" or is_remote(path):
        return True
    name = re.split(r"[/\\]", path.rstrip("/\\"))[-1]
    return name.lower().endswith(PARQUET_SUFFIXES) or "." not in name


def is_parquet(config, table: str, source) -> bool:
    """Whether the table is a Parquet dataset (see the module's text)."""
    if not maybe_parquet(source.path, source.format):
        return False
    if source.format == "parquet" or is_remote(source.path):
        return True
    try:
        files = config.table_files(table)
    except InputError:
        return False
    return bool(files) and all(p.suffix.lower() in PARQUET_SUFFIXES for p in files)


def have_duckdb() -> bool:
    """Whether the 'db' extra (ibis with DuckDB) is installed, without importing it (0.4 s)."""
    try:
        return all(importlib.util.find_spec(name) is not None for name in ("ibis", "duckdb"))
    except (ImportError, ValueError):
        return False


def through_duckdb(config, table: str, source) -> bool:
    """Whether this table is read by DuckDB: a Parquet dataset, with the 'db' extra installed
    (object storage always is: without the extra it is an error naming the extra)."""
    return is_parquet(config, table, source) and (have_duckdb() or is_remote(source.path))


def column_key(name: str) -> str:
    """Column names compare without case, a byte-order mark, surrounding blanks or '_'/'-'/space
    differences (in files, Parquet datasets and databases alike)."""
    return re.sub(r"[\s_-]+", " ", name.replace("\ufeff", "").strip().casefold())


#: ``compute: auto`` summarises a Parquet transactions dataset of more rows than this in DuckDB
#: (``compute: database``): 5M rows read here took 37.6 s and 2.0 GB against 10.0 s and 1.4 GB
#: there, and 50M rows would need ~20 GB here (benchmarks/RESULTS.md). Smaller ones are read here,
#: where every message names its file and row.
AUTO_DATABASE_ROWS = 2_000_000
#: the canonical columns the database takes as they are typed (no text parsing there)
_TYPED = {"date": "date", "due_date": "date", "paid_date": "date", "amount": "number", "cost": "number",
          "quantity": "number"}


def auto_compute(config, table: str, source, located=None) -> tuple[str, str]:
    """``compute: auto`` for a Parquet dataset: ('database' | 'local', why). The database when the
    files' footers count more than :data:`AUTO_DATABASE_ROWS` rows and the dates and amounts are
    typed as dates and numbers in them (a date as text is parsed only here); the footers of a
    dataset that cannot be read leave it to the read, which names the file. ``located``: a function
    giving the dataset's files (a read's session lists them once), else :func:`locate`."""
    import pyarrow as pa  # deferred: pyarrow's Parquet reader, only for a Parquet dataset
    import pyarrow.parquet as pq

    try:
        dataset = located() if located is not None else locate(config, table, source)
        rows, schema = 0, None
        for part in dataset.parts:
            meta = pq.read_metadata(part.path, filesystem=dataset.filesystem)
            schema = schema or meta.schema.to_arrow_schema()
            rows += meta.num_rows
            if rows > AUTO_DATABASE_ROWS:
                break
    except (InputError, OSError, pa.ArrowException):
        return "local", "auto: its files are read here"
    if rows <= AUTO_DATABASE_ROWS:
        return "local", f"auto: {rows} rows are read here (DuckDB computes more than {AUTO_DATABASE_ROWS})"
    fields = {column_key(f.name): f for f in schema}
    for canonical, kind in _TYPED.items():
        name = source.columns.get(canonical, canonical)
        field = fields.get(column_key(name))
        if field is None:
            continue
        t = field.type
        typed = (pa.types.is_date(t) or pa.types.is_timestamp(t)) if kind == "date" else \
            (pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_decimal(t))
        if not typed:
            return "local", (f"auto: column '{field.name}' ({canonical}) is {t} in the files, not a "
                             f"{'date' if kind == 'date' else 'number'}: read here, where text is parsed")
    return "database", f"auto: more than {AUTO_DATABASE_ROWS} rows are summarised in DuckDB"


# --------------------------------------------------------------------------- the files of a dataset


@dataclass(frozen=True)
class Part:
    """One Parquet file of a dataset."""

    shown: str          # how messages name it: content/data/x.parquet, s3://bucket/key.parquet
    path: str           # a local path, or bucket/key on the filesystem
    size: int
    mtime: str = ""     # object storage: the modification time as listed


@dataclass(frozen=True)
class Dataset:
    parts: tuple[Part, ...]
    filesystem: object | None = None      # pyarrow.fs.FileSystem for object storage


def _problem(config, table: str, message: str, hint: str | None = None, key: str = "path") -> Problem:
    at = ("data", table, key) if ("data", table, key) in config.positions else ("data", table)
    line, _col = config.where(*at)
    return Problem(config.display(config.file), f"the {table} table ({_shown_path(config.data[table].path)}): "
                   f"{message}", line, None, hint)


def _shown_path(path: str) -> str:
    """A path without credentials (a URL's user:password@ part, should one be written)."""
    return re.sub(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@", r"\1", path)


def locate(config, table: str, source) -> Dataset:
    """The files of a Parquet dataset (local or on object storage), in sorted order; an
    :class:`InputError` naming the table and the config.yaml line when there are none or the
    storage cannot be listed."""
    if not is_remote(source.path):
        files = config.table_files(table)
        parts = []
        for p in files:
            try:
                size = p.stat().st_size
            except OSError:
                size = -1
            parts.append(Part(config.display(p), str(p), size))
        return Dataset(tuple(parts))
    fs, _scheme = filesystem(config, table, source)
    rest = source.path.split("://", 1)[1]
    try:
        infos = _list(fs, rest)
    except OSError as e:
        raise InputError(_problem(config, table, describe(e, source, config, table), _hint(e))) from None
    if not infos:
        if _is_glob(rest):
            raise InputError(_problem(config, table, f"no object matches '{_shown_path(source.path)}'",
                                      "check the bucket, prefix and pattern"))
        bucket = rest.split("/", 1)[0]
        try:
            from pyarrow import fs as pafs  # deferred: object storage only

            known = fs.get_file_info(bucket).type != pafs.FileType.NotFound
        except OSError:
            known = True
        raise InputError(_problem(config, table, f"no such object: {_shown_path(source.path)}" if known
                                  else f"no such bucket: {bucket}", "check the bucket and the key"))
    if len(infos) > MAX_OBJECTS:
        raise InputError(_problem(config, table, f"more than {MAX_OBJECTS:,} objects match "
                                  f"'{_shown_path(source.path)}'", "point it at the objects of this table"))
    prefix = source.path.split("://", 1)[0] + "://"
    return Dataset(tuple(Part(prefix + info.path, info.path, int(info.size or 0),
                              info.mtime.isoformat() if info.mtime is not None else "") for info in infos), fs)


def _is_glob(path: str) -> bool:
    return bool(re.search(r"[*?\[]", path))


def _glob_regex(pattern: str) -> re.Pattern:
    """A glob as a regular expression on '/'-separated keys: ``**/`` any folders, ``*`` and ``?``
    within one."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def _list(fs, rest: str) -> list:
    """FileInfos of the objects: one key, the Parquet objects under a prefix, or a glob's matches."""
    from pyarrow import fs as pafs  # deferred: object storage only

    if not _is_glob(rest):
        info = fs.get_file_info(rest)
        if info.type == pafs.FileType.File:
            return [info]
        if info.type == pafs.FileType.NotFound:
            return []
        found = fs.get_file_info(pafs.FileSelector(rest.rstrip("/"), recursive=True))
        return sorted((f for f in found if f.type == pafs.FileType.File
                       and f.path.lower().endswith(PARQUET_SUFFIXES)), key=lambda f: f.path)
    parts = rest.split("/")
    fixed = []
    for part in parts[:-1]:
        if _is_glob(part):
            break
        fixed.append(part)
    base = "/".join(fixed)
    matches = _glob_regex(rest)
    found = fs.get_file_info(pafs.FileSelector(base, recursive=True, allow_not_found=False))
    return sorted((f for f in found if f.type == pafs.FileType.File and matches.match(f.path)),
                  key=lambda f: f.path)


# --------------------------------------------------------------------------- object storage: the filesystem


def _value(config, table: str, key: str, value, source):
    """A ``storage:`` value, ``env:NAME`` read from the environment (the name in a message, never the value)."""
    if isinstance(value, str) and value.startswith("env:"):
        name = value[4:]
        found = os.environ.get(name, "").strip()
        if not found:
            raise InputError(_problem(config, table, f"the environment variable {name} "
                                      f"({'storage: ' + key}) is {'not set' if name not in os.environ else 'empty'}",
                                      f"set {name}", key="storage"))
        return found
    return value


def filesystem(config, table: str, source):
    """The pyarrow filesystem of an object-storage path, and its kind (s3, gcs, azure)."""
    try:
        from pyarrow import fs as pafs  # deferred: object storage only
    except ImportError:  # pyarrow is a dependency: only a broken install gets here
        raise InputError(_problem(config, table, "pyarrow's filesystems are not available")) from None
    kind = scheme_of(source.path)
    settings = {k: _value(config, table, k, v, source) for k, v in (source.storage or {}).items()}
    endpoint = settings.get("endpoint_url")
    scheme, host = None, None
    if endpoint:
        m = re.match(r"(https?)://([^/]+)/?$", str(endpoint))
        if not m:
            raise InputError(_problem(config, table, "endpoint_url must be http(s)://host[:port]",
                                      "e.g. endpoint_url: http://127.0.0.1:9000", key="storage"))
        scheme, host = m.group(1), m.group(2)
    anonymous = bool(settings.get("anonymous", False))
    try:
        if kind == "s3":
            access = settings.get("access_key") or os.environ.get("AWS_ACCESS_KEY_ID") or None
            secret = settings.get("secret_key") or os.environ.get("AWS_SECRET_ACCESS_KEY") or None
            token = settings.get("session_token") or os.environ.get("AWS_SESSION_TOKEN") or None
            if not anonymous and not (access and secret):
                raise InputError(_problem(
                    config, table, "no credentials for S3: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set",
                    "set both in the environment (or access_key: env:NAME and secret_key: env:NAME under "
                    "storage:), or write storage: {anonymous: true} for a public bucket", key="path"))
            return pafs.S3FileSystem(
                access_key=None if anonymous else access, secret_key=None if anonymous else secret,
                session_token=None if anonymous else token, anonymous=anonymous,
                region=settings.get("region") or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION"),
                endpoint_override=host, scheme=scheme, connect_timeout=CONNECT_TIMEOUT,
                request_timeout=REQUEST_TIMEOUT,
                retry_strategy=pafs.AwsStandardS3RetryStrategy(max_attempts=2)), kind
        if kind == "gcs":
            import datetime as dt  # deferred: only a GCS path needs it

            return pafs.GcsFileSystem(anonymous=anonymous, endpoint_override=host, scheme=scheme,
                                      retry_time_limit=dt.timedelta(seconds=REQUEST_TIMEOUT)), kind
        account = settings.get("account_name") or os.environ.get("AZURE_STORAGE_ACCOUNT_NAME")
        if not account:
            raise InputError(_problem(config, table, "no Azure account: AZURE_STORAGE_ACCOUNT_NAME is not set",
                                      "set it (and AZURE_STORAGE_ACCOUNT_KEY) in the environment", key="path"))
        return pafs.AzureFileSystem(account_name=account,
                                    account_key=settings.get("account_key")
                                    or os.environ.get("AZURE_STORAGE_ACCOUNT_KEY"),
                                    blob_storage_authority=host, blob_storage_scheme=scheme), kind
    except InputError:
        raise
    except Exception as e:
        raise InputError(_problem(config, table, f"cannot set up the {kind} storage: {describe(e, source, config, table)}",
                                  key="storage")) from None


def describe(e: Exception, source, config=None, table: str | None = None) -> str:
    """A storage error in a few words, without request ids or any credential."""
    text = (str(e).strip().splitlines() or [type(e).__name__])[0]
    text = re.sub(r"\s*\(Request ID: [^)]*\)", "", text)
    text = re.sub(r";?\s*Details: .*", "", text)
    for secret in _secrets(source):
        text = text.replace(secret, "***")
    for code, words in (("NO_SUCH_BUCKET", "no such bucket"), ("ACCESS_DENIED", "access denied"),
                        ("NETWORK_CONNECTION", UNREACHABLE),
                        ("INVALID_ACCESS_KEY_ID", "the access key is not known"),
                        ("SIGNATURE_DOES_NOT_MATCH", "the secret key is wrong"),
                        ("Forbidden", "access denied")):
        if code in text:
            return f"{words} ({text})"
    return text


def _hint(e: Exception) -> str:
    text = str(e)
    if "NETWORK_CONNECTION" in text:
        return "check endpoint_url under storage: and that the storage is reachable"
    if "ACCESS_DENIED" in text or "Forbidden" in text or "SIGNATURE" in text or "ACCESS_KEY" in text:
        return "check the credentials in the environment and the bucket's permissions"
    return "check the bucket, the prefix and storage: in config.yaml"


def _secrets(source) -> list[str]:
    found = [os.environ.get(n, "") for n in ("AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AZURE_STORAGE_ACCOUNT_KEY")]
    for key, value in (source.storage or {}).items():
        if key in SECRETS and isinstance(value, str) and value.startswith("env:"):
            found.append(os.environ.get(value[4:], ""))
    return [s for s in found if len(s) >= 4]


# --------------------------------------------------------------------------- DuckDB over the dataset


_SPILL: list[str] = []


def duckdb_config() -> dict:
    """Settings of every DuckDB klantwaarde opens: at most 40 % of the machine's memory (at least
    1 GB; DuckDB's own default is 80 %), beyond it spilled to a temporary folder of this process
    (removed at exit), and no insertion order kept where a query does not ask for one (every
    expression of aggregate.py orders its result itself): 50M rows staged for the summary
    otherwise took 11.6 GB."""
    if not _SPILL:
        _SPILL.append(tempfile.mkdtemp(prefix="klantwaarde-duckdb-"))
        atexit.register(shutil.rmtree, _SPILL[0], True)
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        total = 4 << 30
    limit = max(1 << 30, int(total * 0.4))
    return {"memory_limit": f"{limit >> 20}MB", "temp_directory": _SPILL[0], "preserve_insertion_order": False}


def connect(ibis, config, table: str, source, dataset: Dataset):
    """An in-memory DuckDB (ibis) with a view per file (:data:`PART`) and one over all of them
    (:data:`WHOLE`, columns unified by name). A file that is not Parquet is an :class:`InputError`
    naming the file, as pandas' reading named it."""
    con = ibis.duckdb.connect(**duckdb_config())
    problems = []
    for i, part in enumerate(dataset.parts):
        if part.size == 0:
            problems.append(Problem(part.shown, "the file is empty", None, None,
                                    "export the table again: the file holds nothing"))
            continue
        try:
            if dataset.filesystem is None:
                con.read_parquet(part.path, table_name=PART.format(i))
            else:
                import pyarrow.dataset as pads  # deferred: object storage only

                con.con.register(PART.format(i), pads.dataset(part.path, filesystem=dataset.filesystem,
                                                              format="parquet"))
        except Exception as e:
            message = describe(e, source)
            if dataset.filesystem is None or "Parquet" in message or "parquet" in message or "magic" in message:
                problems.append(Problem(part.shown, f"cannot read the file as Parquet: {message}", None, None,
                                        "check that it is a Parquet file, or set format: for this table"))
            else:
                problems.append(_problem(config, table, f"{part.shown}: {message}", _hint(e)))
    if problems:
        _close(con)
        raise InputError(problems)
    try:
        if dataset.filesystem is None:
            con.read_parquet([p.path for p in dataset.parts], table_name=WHOLE, union_by_name=True)
        else:
            con.con.execute(f"create view {WHOLE} as "
                            + " union all by name ".join(f"select * from {PART.format(i)}"
                                                         for i in range(len(dataset.parts))))
    except Exception as e:
        _close(con)
        raise InputError(_problem(config, table, f"the files do not form one table: {describe(e, source)}",
                                  "give the files of one table the same columns")) from None
    return con


def _close(con) -> None:
    try:
        con.disconnect()
    except Exception:  # nothing to do about a connection that will not close
        pass


# --------------------------------------------------------------------------- fingerprints (incremental builds)


def fingerprint(config, table: str, source) -> str | None:
    """What an object-storage table's bytes are known by, without reading them: per object its key,
    size, modification time and ETag (one HEAD request each; S3's ETag is the MD5 of the content for
    a plain upload, of its parts for a multipart one). None when the storage cannot be listed (the
    full build then reports why)."""
    try:
        dataset = locate(config, table, source)
        lines = []
        for part in dataset.parts:
            try:
                with dataset.filesystem.open_input_file(part.path) as f:
                    etag = (f.metadata() or {}).get("ETag", b"")
            except Exception:
                return None
            etag = etag.decode("utf-8", "replace") if isinstance(etag, bytes) else str(etag)
            lines.append(f"{part.shown}\0{part.size}\0{part.mtime}\0{etag}")
        return "\n".join(lines)
    except InputError:
        return None
