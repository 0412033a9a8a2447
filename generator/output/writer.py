"""Publishing the site: build in a temporary directory, then swap it in.

The output directory carries a marker file. A non-empty directory without it
is never replaced (it might be someone's documents), and a failed build
leaves the previous site exactly as it was.

A build that is killed (a closed terminal, a CI timeout) cannot clean up after
itself: its staging folder ``.<output>.new-*`` stays beside the output. The next
build removes such folders (:func:`remove_stale`), but never one a running build
still writes: a build holds a lock on ``.klantwaarde-build.lock`` in its staging
folder for as long as it runs (``flock``; where there is none, a folder counts as
in use for a day).
"""
from __future__ import annotations

import glob
import os
import shutil
import tempfile
import time
import zipfile
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from generator.errors import InputError, Problem

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; stale folders are told by their age
    fcntl = None

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
        remove_stale(self.output)
        super().__init__(tempfile.mkdtemp(prefix=f".{self.output.name}.new-", dir=self.output.parent))
        self._lock = _lock(self.folder)

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
            self._unlock()
            old = None
            if output.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
                old.rmdir()
                output.rename(old)
            try:
                tmp.rename(output)
            except BaseException:
                if old is not None:  # the previous site goes back where it was
                    old.rename(output)
                raise
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
        self._unlock()
        if self.folder != self.output:
            shutil.rmtree(self.folder, ignore_errors=True)

    def _unlock(self) -> None:
        lock, self._lock = self._lock, None
        if lock is not None:
            lock.close()
            (self.folder / LOCK).unlink(missing_ok=True)


#: the lock file a running build holds in its staging folder
LOCK = ".klantwaarde-build.lock"
#: a staging folder without a lock file (made by an older version, or left between making the
#: folder and its lock) is someone's only this long; without flock every folder is, for a day
UNLOCKED_GRACE = 60.0
NO_FLOCK_GRACE = 86_400.0


def _lock(folder: Path):
    """Open and lock ``folder``'s lock file; the lock lasts while the file stays open."""
    fh = open(folder / LOCK, "wb")
    if fcntl is not None:
        fcntl.flock(fh, fcntl.LOCK_EX)  # waits only while another build's remove_stale looks at it
    return fh


def _in_use(folder: Path) -> bool:
    """Whether a running build still writes into staging folder ``folder``."""
    lock = folder / LOCK
    try:
        age = time.time() - (lock if lock.exists() else folder).stat().st_mtime
    except OSError:
        return False  # gone already
    if not lock.exists():
        return age < UNLOCKED_GRACE
    if fcntl is None:
        return age < NO_FLOCK_GRACE
    try:
        with open(lock, "rb") as fh:
            fcntl.flock(fh, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    return False


def remove_stale(output: Path) -> list[Path]:
    """Remove what interrupted builds left beside ``output``: staging folders no build holds,
    and previous sites (``.<output>.old-*``) that a swap did not get to remove (only while
    ``output`` exists: without it such a folder is the last site there is). Returns them."""
    output = Path(output)
    if not output.parent.is_dir():
        return []
    removed = []
    for kind in ("new", "old"):
        for path in sorted(output.parent.glob(f".{glob.escape(output.name)}.{kind}-*")):
            if not path.is_dir() or path.is_symlink():
                continue
            if kind == "new" and _in_use(path) or kind == "old" and not output.is_dir():
                continue
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


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
