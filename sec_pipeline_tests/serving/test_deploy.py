"""deploy/production/api.yaml: the API's Deployment and Service, probes on /health, secrets by reference."""

from __future__ import annotations

from pathlib import Path

import yaml

from sec_pipeline.cli import build_parser

REPO = Path(__file__).resolve().parents[2]
MANIFEST = REPO / "deploy/production/api.yaml"


def _documents() -> dict[str, dict]:
    return {doc["kind"]: doc for doc in yaml.safe_load_all(MANIFEST.read_text())}


def test_deployment_serves_the_api_with_probes_on_health():
    docs = _documents()
    assert set(docs) == {"Deployment", "Service"}
    container = docs["Deployment"]["spec"]["template"]["spec"]["containers"][0]
    assert container["command"][:2] == ["sec-pipeline", "serve"]
    args = build_parser().parse_args(container["command"][1:])
    port = container["ports"][0]["containerPort"]
    assert (args.host, args.port) == ("0.0.0.0", port)
    for probe in ("readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"] == {"path": "/health", "port": "http"}
    assert container["envFrom"] == [{"secretRef": {"name": "sec-pipeline-secrets"}}]
    names = {item["name"] for item in container["env"]}
    assert not names & {"DATABASE_URL", "DAGSTER_PG_PASSWORD", "SEC_PIPELINE_USER_AGENT"}, "secrets by reference"
    assert f"EXPOSE 4000 {port}" in (REPO / "deploy/Dockerfile").read_text()


def test_service_selects_the_deployments_pods():
    docs = _documents()
    labels = docs["Deployment"]["spec"]["template"]["metadata"]["labels"]
    selector = docs["Service"]["spec"]["selector"]
    assert selector.items() <= labels.items()
    assert docs["Service"]["spec"]["ports"][0]["targetPort"] == "http"
