"""read_cues: WebVTT voices and markup, SRT times, encodings and malformed subtitle files."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualcode.importers.cues import read_cues
from qualcode.importers.model import Cue, FileImportError

TEAMS_VTT = """WEBVTT
Kind: captions

NOTE made by a meeting tool

a1b2/12-0
00:00:01.000 --> 00:00:04.500 align:start position:10%
<v Ana Lopes>Hello, <i>everyone</i> &amp; welcome.</v>

a1b2/13-0
00:00:04.500 --> 00:00:07.250
<v.loud Ben>Thanks!
It's <00:00:05.000><c.yellow>great</c> to be here.</v>

00:01:02.000 --> 01:00:03.004
No voice here
"""


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def refused(path: Path, *words: str) -> str:
    with pytest.raises(FileImportError) as info:
        read_cues(path)
    message = str(info.value)
    assert message.startswith(path.name), message
    for word in words:
        assert word in message, message
    return message


def test_vtt_voices_markup_and_times(tmp_path: Path) -> None:
    cues = read_cues(write(tmp_path / "meeting.vtt", TEAMS_VTT))
    assert cues == [
        Cue(1, 1000, 4500, "Hello, everyone & welcome.", "Ana Lopes"),
        Cue(2, 4500, 7250, "Thanks!\nIt's great to be here.", "Ben"),
        Cue(3, 62_000, 3_603_004, "No voice here", None),
    ]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1252"])
def test_vtt_encodings_and_crlf(tmp_path: Path, encoding: str) -> None:
    text = "WEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\n<v Zoë>£5, “fine”\r\n"
    cues = read_cues(write(tmp_path / "enc.vtt", text, encoding))
    assert cues == [Cue(1, 1000, 2000, "£5, “fine”", "Zoë")]


def test_srt_cues_with_times(tmp_path: Path) -> None:
    srt = (
        "\n1\n00:00:01,000 --> 00:00:03,500\n<i>Interviewer:</i> How was it?\n\n"
        "2\n00:00:03,600 --> 00:00:09,000 X1:10 X2:50 Y1:5 Y2:9\n{\\an8}Respondent: Hard --> then "
        "easy.\nSecond line.\n\n"
        "3\n01:02:03,004 --> 01:02:04,000\n<font color=red>Bye</font>\n"
    )
    cues = read_cues(write(tmp_path / "talk.srt", srt, "utf-8-sig"))
    assert cues == [
        Cue(1, 1000, 3500, "Interviewer: How was it?"),
        Cue(2, 3600, 9000, "Respondent: Hard --> then easy.\nSecond line."),
        Cue(3, 3_723_004, 3_724_000, "Bye"),
    ]


def test_bad_timestamp_names_cue_and_line(tmp_path: Path) -> None:
    vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nfine\n\n00:00:03.000 --> 00:0x:04.000\nbad\n"
    refused(write(tmp_path / "bad.vtt", vtt), "cue 2, line 6", "00:0x:04.000")
    vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:75.000\nseconds over 59\n"
    refused(write(tmp_path / "range.vtt", vtt), "cue 1, line 3", "over 59")
    srt = "1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:09,000 --> 00:00:03,000\nbackwards\n"
    refused(write(tmp_path / "back.srt", srt), "cue 2, line 6", "ends before it starts")


def test_malformed_and_empty_files(tmp_path: Path) -> None:
    refused(write(tmp_path / "nohead.vtt", "00:01.000 --> 00:02.000\nhi\n"), "WEBVTT", "line 1")
    refused(write(tmp_path / "garbage.srt", "Hello there\nthis is prose\n"), "SubRip")
    refused(write(tmp_path / "nocues.vtt", "WEBVTT\n\nNOTE nothing here\n"), "no cues")
    refused(
        write(tmp_path / "blank.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\n<b></b>\n"), "no cues"
    )
    refused(write(tmp_path / "empty.srt", ""), "empty")
    (tmp_path / "binary.vtt").write_bytes(bytes(range(256)) * 4)
    refused(tmp_path / "binary.vtt", "not a text file")
    refused(write(tmp_path / "captions.sbv", "0:00:01.000,0:00:02.000\nhi\n"), ".vtt", ".srt")
