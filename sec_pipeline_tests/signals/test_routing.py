"""Complexity score, routing thresholds and the router's tiers."""

from __future__ import annotations

import pytest

from sec_pipeline.signals.routing import (
    SentimentRouter,
    complexity_components,
    complexity_score,
    route,
)
from sec_pipeline.signals.sentiment import SentimentModel

EASY = "Sales rose. We sold more cars. Our staff grew."
HARD = (
    "Notwithstanding the aforementioned contractual indemnification obligations, the Corporation's "
    "consolidated subsidiaries recognized approximately $1,234.5 million, or 12.3%, of cumulative "
    "impairment charges attributable to goodwill, intangible assets and deferred income tax valuation "
    "allowances during fiscal 2023, 2022 and 2021, respectively, as further described in Note 14. "
) * 200


def test_complexity_score_bounds_and_order():
    assert complexity_score("") == 0.0
    easy, hard = complexity_score(EASY), complexity_score(HARD)
    assert 0.0 <= easy < 0.2 and 0.7 <= hard <= 1.0
    parts = complexity_components(HARD)
    assert set(parts) == {"length", "readability", "numeric", "long_sentences"}
    assert all(0.0 <= v <= 1.0 for v in parts.values()) and parts["long_sentences"] == 1.0


def test_route_thresholds():
    assert route(0.7) == "accurate" and route(0.6999) == "fast"
    assert route(0.5, threshold=0.5) == "accurate" and route(0.49, threshold=0.5) == "fast"
    assert route(1.0, threshold=1.0) == "accurate"
    with pytest.raises(ValueError, match="COMPLEXITY_THRESHOLD_HIGH"):
        route(0.5, threshold=1.5)


def test_router_without_models_falls_back_to_lexicon():
    results = SentimentRouter(None, None, lexicon_fallback=True).run([("7", EASY + " Losses were severe and litigation failed."), ("1A", HARD)])
    assert [r.tier for r in results] == ["lexicon", "lexicon"]
    for result in results:
        assert all(s.tier == "lexicon" and s.latency_s == result.latency_s for s in result.signals)
        assert result.signals[-1].family == "routing" and result.signals[-1].value == result.score
    net = {s.name: s for s in results[0].signals}["net_score"]
    assert net.evidence == "Losses were severe and litigation failed." and net.value < 0


def test_router_sends_hard_to_accurate_and_easy_to_fast(tiny_model_dir):
    fast = SentimentModel.load(tiny_model_dir, device="cpu")
    accurate = SentimentModel.load(tiny_model_dir, device="cpu")
    accurate.name = "accurate-model"
    router = SentimentRouter(accurate, fast, threshold=0.7)
    easy, hard = router.run([("7", EASY), ("1A", HARD)])
    assert hard.score >= 0.7 and hard.tier == "accurate"
    assert {s.model for s in hard.signals} == {"accurate-model"} and {s.tier for s in hard.signals} == {"accurate"}
    assert easy.tier == "fast" and {s.model for s in easy.signals} == {str(tiny_model_dir)}
    low = SentimentRouter(accurate, fast, threshold=0.0).run_section("1A", EASY)
    assert low.tier == "accurate" and {s.model for s in low.signals} == {"accurate-model"}
    only_accurate = SentimentRouter(accurate, None, threshold=1.0).run_section("7", EASY)
    assert only_accurate.tier == "accurate"  # an easy section with no fast model goes to the transformer


def test_router_never_falls_back_to_the_lexicon_unless_told():
    with pytest.raises(ValueError, match="lexicon_fallback"):
        SentimentRouter(None, None)
