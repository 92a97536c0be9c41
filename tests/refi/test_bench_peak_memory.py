"""The REFI bench's memory figure is the command's own, not its parent's: a bench process that has
grown large must not be charged to the small process it starts (the kernel's ``ru_maxrss`` for a
child counts the memory it shared with its parent before it started the command)."""

from __future__ import annotations

import sys

import pytest

from qualcode.cli.refi import _fresh


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
def test_a_fresh_process_reports_its_own_peak() -> None:
    grown = bytearray(b"\x01") * (400 * 2**20)  # the parent holds 400 MB, touched
    _wall, _cpu, peak_mb = _fresh("--help")
    assert grown[-1] == 1
    assert 5 < peak_mb < 150
