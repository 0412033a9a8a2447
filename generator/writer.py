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
from pathlib import Path

from .errors import InputError, Problem

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


def publish(files: dict[str, bytes], output: Path) -> None:
    """Write ``files`` (relative path → bytes) as the site in ``output``, atomically."""
    output = Path(output).resolve()
    check_output(output)
    parent = output.parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=parent))
    try:
        for rel in sorted(files):
            target = tmp / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[rel])
        (tmp / MARKER).write_bytes(MARKER_TEXT)
        os.chmod(tmp, 0o755)
        old = None
        if output.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=parent))
            old.rmdir()
            output.rename(old)
        tmp.rename(output)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def write_zip(files: dict[str, bytes], zip_path: Path, folder: str) -> None:
    """The site as one zip (what a consultant sends), byte-identical for the same site."""
    zip_path = Path(zip_path)
    tmp = zip_path.with_name(f".{zip_path.name}.tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for rel in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{rel}", date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, files[rel])
    tmp.replace(zip_path)
