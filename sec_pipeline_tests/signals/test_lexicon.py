"""The Loughran-McDonald lexicon: the packaged file, its columns and inflections, bad files."""

from __future__ import annotations

import pytest

from sec_pipeline.signals.lexicon import LexiconError, load_lexicon, packaged_lm_path


def test_packaged_lexicon_columns_and_inflections():
    lexicon = load_lexicon()
    assert packaged_lm_path().name == "LM.csv"
    assert {"LOSS", "LOSSES", "LITIGATION"} <= lexicon.words_in("negative")
    assert "MUST" in lexicon.words_in("strong_modal") and "MAY" in lexicon.words_in("weak_modal")
    assert "SHOULD" not in lexicon.words_in("strong_modal") | lexicon.words_in("weak_modal")  # moderate modal
    assert lexicon.syllables["LITIGATION"] == 4


def test_bad_lexicon_file_names_missing_columns(tmp_path):
    csv = tmp_path / "bad.csv"
    csv.write_text("Word,Negative\nLOSS,1\n")
    with pytest.raises(LexiconError, match="Positive"):
        load_lexicon(csv)
    with pytest.raises(LexiconError, match="not found"):
        load_lexicon(tmp_path / "missing.csv")
