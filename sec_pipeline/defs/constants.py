"""Constants of the Dagster layer: the EDGAR pool, the GPU pod request, owners, the model assets' decorator."""

from collections.abc import Callable
from typing import Any

import dagster as dg

# Every step that talks to EDGAR runs in this pool; deploy/dagster.yaml limits it so that
# concurrent runs together stay under SEC's 10 requests/s (each client holds its own token bucket).
EDGAR_POOL = "sec_edgar"

OWNERS = ["team:sec-pipeline"]

# Inference steps run on a GPU pod under the k8s_job_executor (ignored by other executors).
GPU_K8S_CONFIG = {
    "dagster-k8s/config": {
        "container_config": {
            "resources": {
                "requests": {"cpu": "4", "memory": "16Gi", "nvidia.com/gpu": "1"},
                "limits": {"memory": "24Gi", "nvidia.com/gpu": "1"},
            }
        },
        "pod_spec_config": {
            "node_selector": {"nvidia.com/gpu.present": "true"},
            "tolerations": [{"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}],
        },
    }
}


def model_asset(code_version: str) -> Callable[[Callable[..., Any]], dg.AssetsDefinition]:
    """The asset decorator of a self-trained model (sentiment_model, event_model): group, kinds, owners, GPU pod."""
    return dg.asset(group_name="models", kinds={"pytorch", "python"}, owners=OWNERS, code_version=code_version,
                    op_tags=GPU_K8S_CONFIG)
