"""Publishing the site: build in a temporary directory, then swap it in.

The output directory carries a marker file. A non-empty directory without it
is never replaced (it might be someone's documents), and a failed build
leaves the previous site exactly as it was.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from generator.errors import InputError, Problem

MARKER = ".klantwaarde-site"
MARKER_TEXT = b"This folder is written by klantwaarde build and replaced on every build.\n"
#: fixed timestamp in zip entries: the same site gives the same zip
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def check_output(output: Path) -> None:
    """Refuse, before any work is done, to replace a folder we did not write."""
    output = Path(output)
    if output.exists() and not output.is_dir():
        raise InputError(Problem(str(output), "the output path exists and is not a folder", hint="choose another --output"))
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).exists():
        raise InputError(Problem(str(output), "the output folder is not empty and was not written by klantwaarde; refusing to replace it",
                                 hint="choose an empty or new folder with --output, or remove this one yourself"))


#: files handed to the writing thread and not yet known to be on disk, at most
PENDING_WRITES = 64


class Folder:
    """Files written straight into an existing folder: relative path → bytes, sizes kept.

    The writing itself happens on a thread of its own, in the order given, while
    the caller makes the next page: creating and writing a file takes 0.05–0.7 ms
    on a busy disk, as long as making a small page, and the thread waits for the
    disk without holding the interpreter. :meth:`flush` waits for every write (and
    raises the first failure); a failed write also surfaces at a later ``[]=``.
    """

    def __init__(self, folder: Path | str):
        self.folder = Path(folder)
        self.sizes: dict[str, int] = {}
        self._dirs: set[str] = {""}
        self._pending: deque[Future] = deque()
        self._thread: ThreadPoolExecutor | None = None

    def __setitem__(self, rel: str, data: bytes) -> None:
        parent = rel.rpartition("/")[0]
        if parent not in self._dirs:
            (self.folder / parent).mkdir(parents=True, exist_ok=True)
            self._dirs.add(parent)
        if self._thread is None:
            self._thread = ThreadPoolExecutor(1, thread_name_prefix="klantwaarde-write")
        pending = self._pending
        pending.append(self._thread.submit(_write, self.folder / rel, data))
        self.sizes[rel] = len(data)
        while pending and (len(pending) > PENDING_WRITES or pending[0].done()):
            pending.popleft().result()

    def flush(self) -> None:
        """Wait until every file given is written; raise the first write that failed."""
        try:
            while self._pending:
                self._pending.popleft().result()
        finally:
            if self._thread is not None:
                self._thread.shutdown(wait=True, cancel_futures=True)
                self._thread = None
            self._pending.clear()


def _write(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)


class Staging(Folder):
    """The next site, written file by file into a temporary folder beside ``output``.

    A mapping of relative path → bytes (reading a file back reads it from
    disk), so a large build never holds all its pages in memory; worker
    processes may write into :attr:`folder` themselves and report the files
    with :meth:`add_written`. :meth:`publish` swaps the folder in;
    :meth:`discard` (or any error before that) leaves the published site as it was.
    """

    def __init__(self, output: Path):
        self.output = Path(output).resolve()
        check_output(self.output)
        self.output.parent.mkdir(parents=True, exist_ok=True)
        super().__init__(tempfile.mkdtemp(prefix=f".{self.output.name}.new-", dir=self.output.parent))

    def __getitem__(self, rel: str) -> bytes:
        if rel not in self.sizes:
            raise KeyError(rel)
        self.flush()
        return (self.folder / rel).read_bytes()

    def __contains__(self, rel) -> bool:
        return rel in self.sizes

    def __iter__(self):
        return iter(sorted(self.sizes))

    def __len__(self) -> int:
        return len(self.sizes)

    def keys(self):
        return sorted(self.sizes)

    def items(self):
        return ((rel, self[rel]) for rel in sorted(self.sizes))

    def update(self, files) -> None:
        """Like dict.update: a mapping or (path, bytes) pairs."""
        for rel, data in (files.items() if hasattr(files, "items") else files):
            self[rel] = data

    def for_worker(self) -> Folder:
        """A sink for a worker process that writes into this folder itself (picklable: nothing is
        pending in it yet); what it wrote comes back with :meth:`add_written`."""
        return Folder(self.folder)

    def add_written(self, sizes: dict[str, int]) -> None:
        """Files a worker wrote into :attr:`folder` itself."""
        self.sizes.update(sizes)

    def publish(self, marker: bytes = MARKER_TEXT) -> None:
        """Swap the new site in for the old one (the marker is written last)."""
        tmp, output = self.folder, self.output
        try:
            self.flush()
            check_output(output)
            (tmp / MARKER).write_bytes(marker)
            os.chmod(tmp, 0o755)
            old = None
            if output.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
                old.rmdir()
                output.rename(old)
            tmp.rename(output)
            self.folder = output  # reading back (the zip, the PDFs) now reads the published site
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        try:
            self.flush()
        except OSError:
            pass  # the folder goes anyway
        shutil.rmtree(self.folder, ignore_errors=True)


def publish(files: dict[str, bytes], output: Path) -> None:
    """Write ``files`` (relative path → bytes) as the site in ``output``, atomically."""
    staging = Staging(output)
    try:
        for rel in sorted(files):
            staging[rel] = files[rel]
    except BaseException:
        staging.discard()
        raise
    staging.publish()


def write_marker(output: Path, marker: bytes) -> None:
    """Replace the marker of a published site (atomically: it may carry a build's manifest)."""
    target = Path(output) / MARKER
    tmp = target.with_name(f"{MARKER}.tmp")
    tmp.write_bytes(marker)
    tmp.replace(target)


def write_zip(files: dict[str, bytes], zip_path: Path, folder: str) -> None:
    """The site as one zip (what a consultant sends), byte-identical for the same site."""
    prepare_zip(files, zip_path, folder).replace(zip_path)


def check_zip(zip_path: Path) -> None:
    """Refuse, before any work, a zip path that cannot become a file."""
    zip_path = Path(zip_path)
    if zip_path.exists() and not zip_path.is_file():
        raise InputError(Problem(str(zip_path), "--zip: this path exists and is not a file",
                                 hint="remove or rename it, or build without --zip"))


def prepare_zip(files: dict[str, bytes], zip_path: Path, folder: str) -> Path:
    """The zip, written as a temporary file beside ``zip_path`` (renamed in after the site is
    published): a read-only folder or a full disk fails here, before the swap, with exit 2."""
    zip_path = Path(zip_path)
    tmp = zip_path.with_name(f".{zip_path.name}.tmp")
    try:
        _zip(files, tmp, folder)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(Problem(str(zip_path), f"--zip: cannot write the zip: {exc.strerror or exc}",
                                 hint="check the free space and that you may write there")) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _zip(files: dict[str, bytes], tmp: Path, folder: str) -> None:
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for rel in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{rel}", date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, files[rel])
