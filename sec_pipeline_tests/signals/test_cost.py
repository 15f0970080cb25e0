"""Cost accounting and latency summaries."""

from __future__ import annotations

import pytest

from sec_pipeline.signals.cost import estimate_cost, latency_summary, percentile


def test_cost_and_latency():
    assert estimate_cost(3600, "cuda:0", usd_per_gpu_hour=2.0, usd_per_cpu_hour=0.1) == pytest.approx(2.0)
    assert estimate_cost(1800, "cpu", usd_per_gpu_hour=2.0, usd_per_cpu_hour=0.1) == pytest.approx(0.05)
    with pytest.raises(ValueError):
        estimate_cost(-1, "cpu", 1, 1)
    assert percentile([5, 1, 2, 3, 4], 95) == 5 and percentile([5, 1, 2, 3, 4], 50) == 3
    assert percentile([], 95) == 0.0
    summary = latency_summary([1.0, 3.0])
    assert summary["total_s"] == 4.0 and summary["p95_s"] == 3.0 and summary["mean_s"] == 2.0
