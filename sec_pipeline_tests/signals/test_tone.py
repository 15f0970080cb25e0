"""Tone scores from the lexicon: counts, shares, fog, exact word forms, syllables."""

from __future__ import annotations

import pytest

from sec_pipeline.signals.lexicon import load_lexicon
from sec_pipeline.signals.tone import estimate_syllables, score_tone, tone_signals


def test_tone_counts_on_crafted_text():
    text = ("We may lose money. The litigation could cause losses and we must comply. "
            "Profits improved. Costs were lowered.")
    scores = score_tone(text)
    # lose, litigation, losses | improved | may, could | litigation | comply | must | may, could
    assert scores.counts == {"negative": 3, "positive": 1, "uncertainty": 2, "litigious": 1,
                             "constraining": 1, "strong_modal": 1, "weak_modal": 2}
    assert scores.words == 18 and scores.sentences == 4
    assert scores.net_tone == pytest.approx((1 - 3) / 4)
    assert scores.shares["negative"] == pytest.approx(3 / 18)
    assert scores.evidence["negative"].text == "The litigation could cause losses and we must comply."
    # the only word of 3+ syllables (by the LM syllable column) is LITIGATION (4)
    assert scores.complex_words == 1
    assert scores.fog == pytest.approx(0.4 * (18 / 4 + 100 * 1 / 18))


def test_no_stemming_exact_forms(tmp_path):
    csv = tmp_path / "lm.csv"
    csv.write_text(
        "Word,Negative,Positive,Uncertainty,Litigious,Constraining,Strong_Modal,Weak_Modal,Syllables\n"
        "LOSS,2009,0,0,0,0,0,0,1\nGAIN,0,2009,0,0,0,0,0,1\nALWAYS,0,0,0,0,0,2009,0,2\n"
    )
    lexicon = load_lexicon(csv)
    scores = score_tone("Loss, losses, gained. Gain always.", lexicon)
    assert scores.counts["negative"] == 1 and scores.counts["positive"] == 1
    assert scores.counts["strong_modal"] == 1
    signals = tone_signals("7", "Loss, losses, gained. Gain always.", lexicon)
    by_name = {s.name: s for s in signals}
    assert by_name["net_tone"].value == 0.0 and by_name["negative_count"].value == 1.0
    assert by_name["negative_share"].evidence == "Loss, losses, gained."
    assert by_name["negative_share"].evidence_start == 0
    assert all(s.family == "tone" and s.tier == "lexicon" and s.section == "7" for s in signals)


def test_syllable_estimate():
    assert estimate_syllables("cat") == 1
    assert estimate_syllables("regulation") == 4
