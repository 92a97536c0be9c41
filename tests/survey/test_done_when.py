"""Issue 19's "done when" on the sample project: the closed-question tables and the survey's
completion match pandas run here on the community survey's own CSV file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from qualcode.services.samples.samples import samples_dir
from qualcode.services.survey.closed import question_tables
from qualcode.services.survey.overview import sample_overview
from qualcode.storage.project import Project

CSV = samples_dir() / "closed-questions" / "community-survey.csv"
WHERE = "Where do you live?"
OFTEN = "How often have you used local support in the last year?"
USED = "Which of these have you used? (tick all that apply)"
RATING = "How satisfied are you with local support? (1 = not at all, 5 = very)"


def test_sample_survey_tables_match_pandas(sample_path: Path) -> None:
    raw = pd.read_csv(CSV, dtype=str, keep_default_na=False).replace("", pd.NA)
    with Project.open(sample_path, readonly=True) as p:
        tables = {t.key: t for t in question_tables(p, by=WHERE)}
        overview = sample_overview(p)
    often = tables[OFTEN]
    assert (often.asked, often.answered) == (len(raw), raw[OFTEN].notna().sum())
    assert dict(often.frame["n"]) == dict(raw[OFTEN].value_counts())
    assert list(often.frame.index) == ["Every week", "Every month", "A few times", "Once", "Never"]
    answered = raw.dropna(subset=[OFTEN])
    expected = pd.crosstab(answered[OFTEN], answered[WHERE])
    assert often.crosstab is not None
    for area in expected.columns:
        assert often.crosstab.bases[area] == expected[area].sum()
        for option in expected.index:
            assert often.crosstab.counts.at[option, area] == expected.at[option, area]
    # the lived-experience survey did not ask where people live: no crosstab of "No value" only
    assert tables["What is your gender?"].crosstab is None
    used = tables[USED]
    ticked = raw[USED].dropna()
    assert used.kind == "multiple" and used.answered == len(ticked)
    assert dict(used.frame["n"]) == dict(ticked.str.split("; ").explode().value_counts())
    rating = tables[RATING]
    scores = pd.to_numeric(raw[RATING]).dropna().astype(int).astype(str)
    assert rating.kind == "rating" and dict(rating.frame["n"]) == dict(scores.value_counts())
    [community] = [s for s in overview.surveys if s.instrument == "Community survey"]
    assert community.respondents == len(raw)
    completion = {q.text: q.answered for q in community.questions}
    for column in (WHERE, OFTEN, USED, RATING, "What one thing would make support better for you?"):
        assert completion[column] == raw[column].notna().sum(), column
