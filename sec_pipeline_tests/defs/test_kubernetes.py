"""The inference step's pod asks Kubernetes for a GPU; the production instance config is well formed."""

from pathlib import Path

import dagster as dg
import yaml
from dagster_k8s.job import DagsterK8sJobConfig, construct_dagster_k8s_job, get_user_defined_k8s_config

REPO = Path(__file__).resolve().parents[2]


def test_extracted_signals_pod_requests_a_gpu(default_definitions):
    node = default_definitions.resolve_asset_graph().get(dg.AssetKey("extracted_signals"))
    tags = node.assets_def.op.tags
    user_config = get_user_defined_k8s_config(tags)
    job = construct_dagster_k8s_job(
        DagsterK8sJobConfig(job_image="sec-pipeline:test", dagster_home="/opt/dagster/dagster_home",
                            instance_config_map="dagster-instance"),
        args=["dagster", "api", "execute_step"],
        job_name="extracted-signals-step",
        user_defined_k8s_config=user_config,
    )
    container = job.spec.template.spec.containers[0]
    assert container.resources.limits["nvidia.com/gpu"] == "1"
    assert job.spec.template.spec.node_selector == {"nvidia.com/gpu.present": "true"}


def test_production_instance_uses_postgres_with_psycopg2_and_k8s_launcher():
    config = yaml.safe_load((REPO / "deploy/production/dagster.yaml").read_text())
    assert config["storage"]["postgres"]["postgres_db"]["scheme"] == "postgresql+psycopg2"
    assert config["run_launcher"]["class"] == "K8sRunLauncher"
    assert config["concurrency"]["pools"]["default_limit"] == 1
    assert config["run_retries"]["retry_on_asset_or_op_failure"] is False, "a failed gate or user error is not rerun"
    text = (REPO / "deploy/production/dagster.yaml").read_text()
    assert "password: { env: DAGSTER_PG_PASSWORD }" in text, "secrets only from the environment"
