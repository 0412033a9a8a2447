"""Staging a site: pages go to disk on a writing thread; a failed write loses nothing published."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.output import writer


def test_staged_files_are_all_on_disk_in_order_when_published(tmp_path: Path):
    out = tmp_path / "site"
    staging = writer.Staging(out)
    for i in range(3 * writer.PENDING_WRITES):
        staging[f"customers/c{i}.html"] = f"page {i}".encode()
    staging["index.html"] = b"first"
    staging["index.html"] = b"second"  # written twice: the last one counts
    assert staging["customers/c5.html"] == b"page 5"  # reading back waits for the writes
    staging["late.html"] = b"late"
    staging.publish()
    assert (out / "index.html").read_bytes() == b"second"
    assert (out / "late.html").read_bytes() == b"late"
    assert len(list((out / "customers").iterdir())) == 3 * writer.PENDING_WRITES
    assert staging.sizes["index.html"] == len(b"second") and (out / writer.MARKER).is_file()


def test_a_write_that_fails_on_the_thread_is_raised_and_the_old_site_stays(tmp_path: Path):
    out = tmp_path / "site"
    old = writer.Staging(out)
    old["index.html"] = b"old site"
    old.publish()

    staging = writer.Staging(out)
    staging["index.html"] = b"new"
    (staging.folder / "blocked.html").mkdir()  # a folder where a file must go: the write fails
    with pytest.raises(IsADirectoryError):
        staging["blocked.html"] = b"x"
        staging.flush()
    staging.discard()
    assert not staging.folder.exists()
    assert (out / "index.html").read_bytes() == b"old site"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no staging folder left behind
