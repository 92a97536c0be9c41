"""Arbitrary bytes in a text-like file give text or a FileImportError, never another exception."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualcode.importers.cues import read_cues
from qualcode.importers.extract import extract_text
from qualcode.importers.model import FileImportError

# Plausible starts make the parsers get past their first check and into the interesting code.
PREFIXES = [b"", b"WEBVTT\n\n", b"1\n00:00:01,000 --> 00:00:02,000\n", b"{\\rtf1 ", b"\xef\xbb\xbf"]
FRAGMENTS = [b"-->", b"\n\n", b"00:00:01.000", b"<v A>", b"\\u-99999999", b"\\'zz", b"{", b"}"]


@st.composite
def contents(draw: st.DrawFn) -> bytes:
    parts = draw(st.lists(st.one_of(st.binary(max_size=60), st.sampled_from(FRAGMENTS))))
    return draw(st.sampled_from(PREFIXES)) + b"".join(parts)


@pytest.mark.parametrize("suffix", [".txt", ".vtt", ".srt", ".rtf"])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=contents())
def test_arbitrary_bytes_only_raise_file_import_error(
    tmp_path_factory: pytest.TempPathFactory, suffix: str, data: bytes
) -> None:
    path = tmp_path_factory.getbasetemp() / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        if suffix in (".vtt", ".srt"):
            cues = read_cues(path)
            assert cues and all(c.text and c.start_ms <= c.end_ms for c in cues)
        else:
            text = extract_text(path).text
            assert text == text.strip() and "\r" not in text and "\n\n\n" not in text
    except FileImportError as exc:
        assert str(exc).startswith(path.name)
