"""Fuzzy ranking, and the Quick Code dialog driven from the keyboard."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from qualcode.ui.coding.fuzzy import fuzzy_score, rank
from qualcode.ui.coding.quick_code import QuickCodeDialog

PATHS = [
    (1, "Access to services"),
    (2, "Access to services › Waiting and delays"),
    (3, "Access to services › Crowded waiting rooms"),
    (4, "Trust"),
    (5, "Trust › Trust in staff"),
    (6, "Wider determinants"),
]


def texts(query: str, candidates: list[str]) -> list[str]:
    return [m.text for m in rank(query, candidates)]


def test_subsequence_or_nothing() -> None:
    assert fuzzy_score("wd", "Waiting and delays") is not None
    assert fuzzy_score("wait del", "Waiting and delays") is not None
    assert fuzzy_score("WAIT", "waiting") is not None
    assert fuzzy_score("dw", "Waiting and delays") is None
    assert fuzzy_score("xyz", "Waiting and delays") is None
    assert fuzzy_score("", "anything") == 0.0
    assert fuzzy_score("ab", "") is None


def test_word_starts_and_runs_rank_higher() -> None:
    # "wd" at two word starts beats "wd" buried inside a word.
    assert texts("wd", ["Crowded", "Waiting and delays"]) == ["Crowded", "Waiting and delays"][::-1]
    # A run of consecutive letters beats the same letters scattered.
    assert texts("trus", ["The rural sample", "Trust"]) == ["Trust", "The rural sample"]
    # A space asks for a new word: "wait del" prefers "delays" to "model".
    got = texts("wait del", ["Waiting model lists", "Waiting and delays"])
    assert got[0] == "Waiting and delays"
    # Exact names first, then names that start with the query.
    assert texts("trust", ["Mistrust", "Trust in staff", "Trust"]) == [
        "Trust",
        "Trust in staff",
        "Mistrust",
    ]


def test_the_code_name_counts_more_than_its_parent() -> None:
    leaf = "Waiting › Access"
    parent = "Access › Waiting"
    assert texts("acc", [parent, leaf]) == [leaf, parent]


def test_rank_keeps_order_for_an_empty_query_and_ties() -> None:
    names = ["b", "a", "c"]
    assert texts("", names) == names
    assert [m.index for m in rank("x", ["x", "x"])] == [0, 1]
    assert len(rank("a", ["a"] * 10, limit=3)) == 3


def test_rank_is_quick_enough_for_typing() -> None:
    import time

    words = ["access", "waiting", "delays", "staff", "trust", "housing", "money", "travel"]
    names = [" › ".join(words[(i + k) % 8] for k in range(3)) + f" {i}" for i in range(1000)]
    started = time.perf_counter()
    for query in ("a", "wa", "wait del", "staff tr"):
        rank(query, names)
    assert time.perf_counter() - started < 0.5


def make(qtbot: Any) -> QuickCodeDialog:
    dialog = QuickCodeDialog(PATHS)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_all_codes_listed_at_first(qtbot: Any) -> None:
    dialog = make(qtbot)
    assert [cid for cid, _ in dialog.visible_entries()] == [1, 2, 3, 4, 5, 6]


def test_type_and_enter_chooses_the_best_match(qtbot: Any) -> None:
    dialog = make(qtbot)
    qtbot.keyClicks(dialog.edit, "wait del")
    entries = dialog.visible_entries()
    assert entries[0] == (None, 'Create code "wait del"')
    assert entries[1][0] == 2
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert (dialog.chosen_code_id, dialog.new_code_name) == (2, None)


def test_exact_name_has_no_create_entry(qtbot: Any) -> None:
    dialog = make(qtbot)
    qtbot.keyClicks(dialog.edit, "trust")
    assert [cid for cid, _ in dialog.visible_entries()][:2] == [4, 5]
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert dialog.chosen_code_id == 4


def test_arrows_move_through_the_list(qtbot: Any) -> None:
    dialog = make(qtbot)
    qtbot.keyClicks(dialog.edit, "wd")
    first = dialog.visible_entries()[1][0]
    second = dialog.visible_entries()[2][0]
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Up)
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert dialog.chosen_code_id == second != first


def test_a_new_name_creates_a_code(qtbot: Any) -> None:
    dialog = make(qtbot)
    qtbot.keyClicks(dialog.edit, "  Housing   costs ")
    assert dialog.visible_entries() == [(None, 'Create code "Housing costs"')]
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert (dialog.chosen_code_id, dialog.new_code_name) == (None, "Housing costs")


def test_up_reaches_create_even_when_codes_match(qtbot: Any) -> None:
    dialog = make(qtbot)
    qtbot.keyClicks(dialog.edit, "staff")
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Up)
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert (dialog.chosen_code_id, dialog.new_code_name) == (None, "staff")


def test_escape_chooses_nothing(qtbot: Any) -> None:
    dialog = make(qtbot)
    qtbot.keyClicks(dialog.edit, "trust")
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Escape)
    assert dialog.result() == dialog.DialogCode.Rejected
    assert (dialog.chosen_code_id, dialog.new_code_name) == (None, None)
