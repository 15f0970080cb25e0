"""Inference cost and latency accounting."""

from __future__ import annotations

import math
from collections.abc import Sequence


def estimate_cost(seconds: float, device: str, usd_per_gpu_hour: float, usd_per_cpu_hour: float) -> float:
    """Dollars for `seconds` of compute on `device` ("cuda", "cuda:0" -> GPU rate; anything else -> CPU)."""
    if seconds < 0 or usd_per_gpu_hour < 0 or usd_per_cpu_hour < 0:
        raise ValueError(
            f"seconds={seconds}, usd_per_gpu_hour={usd_per_gpu_hour}, usd_per_cpu_hour={usd_per_cpu_hour} "
            "must all be >= 0"
        )
    rate = usd_per_gpu_hour if str(device).lower().startswith("cuda") else usd_per_cpu_hour
    return seconds / 3600.0 * rate


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in [0, 100]) of `values`; 0.0 for no values."""
    if not 0 <= q <= 100:
        raise ValueError(f"percentile q={q} must be within [0, 100]")
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(math.ceil(q / 100.0 * len(ordered)), 1)
    return float(ordered[rank - 1])


def latency_summary(seconds: Sequence[float]) -> dict[str, float]:
    """count, total, mean, p50, p95 and max of per-item latencies in seconds."""
    n = len(seconds)
    total = float(sum(seconds))
    return {"count": float(n), "total_s": total, "mean_s": total / n if n else 0.0,
            "p50_s": percentile(seconds, 50), "p95_s": percentile(seconds, 95),
            "max_s": float(max(seconds)) if n else 0.0}
