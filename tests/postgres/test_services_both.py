"""The service tests a researcher relies on most, run on both backends (see ``backend``).

They are the same test functions as the SQLite-only modules; importing them here runs them again
with this folder's ``project`` fixture, once on a file and once on the server.
"""

from __future__ import annotations

from tests.search.conftest import study  # noqa: F401
from tests.search.test_autocode import (  # noqa: F401
    test_autocode_by_speaker_and_question,
    test_autocode_is_one_step_and_undo_restores_exactly,
)
from tests.search.test_search import (  # noqa: F401
    test_lemma_mode_finds_inflected_forms,
    test_restrictions,
    test_wildcards_and_alternatives,
    test_words_and_phrases_match_a_plain_scan,
)
from tests.test_retrieval import (  # noqa: F401
    test_extracts_with_speaker_attributes_and_context,
    test_filters_by_kind_and_attribute,
)
from tests.test_services import (  # noqa: F401
    test_bulk_coding_is_one_undo_step,
    test_codes_nest_and_refuse_cycles_and_duplicates,
    test_delete_code_takes_subtree_and_keeps_quotes_unlinked,
    test_delete_document_takes_its_codings_and_undo_returns_them,
    test_document_text_is_normalised_and_counted,
    test_memos_attach_and_refuse_missing_targets,
    test_merge_moves_codings_links_memos_and_drops_duplicates,
    test_typed_attribute_values,
    test_undo_is_written_to_the_log_with_author,
)
from tests.themes.test_building import (  # noqa: F401
    test_create_update_and_the_final_rule,
    test_deleting_a_linked_code_still_undoes,
    test_link_unlink_promote,
    test_merge_demote_and_delete,
    test_split_code_moves_the_chosen_codings,
)
from tests.undo.test_operations import (  # noqa: F401
    test_create_then_apply_is_all_or_nothing,
    test_merge_and_compound_theme_actions_are_all_or_nothing,
    test_one_action_is_one_undo_step,
)
