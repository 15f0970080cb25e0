"""`sec-pipeline backfill`: in process, and against a real `dagster dev` on loopback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest

from sec_pipeline.store.store import Store
from sec_pipeline_tests.commands.dagster_dev import REPO, graphql, running_dagster_dev
from sec_pipeline_tests.commands.helpers import cli_environ

BACKFILL_TIMEOUT_S = 420


def test_three_day_backfill_runs_end_to_end_in_process(tmp_path, edgar_mirror, capsys):
    from sec_pipeline.cli import main

    environ = cli_environ(tmp_path, edgar_mirror, SEC_PIPELINE_FORMS="8-K")
    # Friday to Tuesday: the weekend has no partitions, so three dates run
    assert main(["backfill", "--start", "2007-08-03", "--end", "2007-08-07", "--in-process"], environ) == 0
    database_url = f"sqlite:///{tmp_path / 'home' / 'sec_pipeline.db'}"
    out = capsys.readouterr().out
    assert "[1/3] 2007-08-03 ok" in out and "[3/3] 2007-08-07 ok" in out and "3 succeeded, 0 failed" in out
    assert "2007-08-04" not in out and "DEBUG" not in out
    store = Store(database_url)
    assert {f["filing_date"].isoformat() for f in store.get_filings()} == {"2007-08-07"}
    assert store.get_signals(filing_date="2007-08-07"), "published after the gates"
    store.dispose()


@pytest.mark.parametrize(("argv", "message"), [
    (["--start", "2007-08-04", "--end", "2007-08-05"], "holds no business day"),
    (["--start", "2007-08-07", "--end", "2007-08-06"], "is before --start"),
    (["--start", "2007-08-06", "--end", "2007-08-07", "--workspace", "nowhere.yaml"], "is not a file"),
])
def test_unusable_ranges_and_workspaces_fail_in_one_line(tmp_path, capsys, argv, message):
    from sec_pipeline.cli import main

    (tmp_path / "dagster").mkdir()
    environ = cli_environ(tmp_path, "http://127.0.0.1:9", DAGSTER_HOME=str(tmp_path / "dagster"))
    assert main(["backfill", *argv], environ) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def _cli(environ: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sec_pipeline.cli", "backfill", *argv], cwd=REPO, env=environ,
                          capture_output=True, text=True, timeout=BACKFILL_TIMEOUT_S, check=False)


def _most_at_once(records: list) -> int:
    """The most runs that were running at the same moment."""
    moments = sorted([(r.start_time, 1) for r in records] + [(r.end_time, -1) for r in records])
    running = most = 0
    for _, change in moments:
        running += change
        most = max(most, running)
    return most


def test_backfill_against_dagster_dev_follows_its_runs_and_fails_when_a_date_fails(
    tmp_path: Path, shared_edgar: Path, edgar_mirror: str
) -> None:
    from sec_pipeline_tests.signals.conftest import build_tiny_classifier

    home = tmp_path / "dagster"
    home.mkdir()
    shutil.copy(REPO / "deploy/local/dagster.yaml", home / "dagster.yaml")  # limit: 2 runs of backfills at once
    gold = shared_edgar / "labels/financial-phrasebank/FinancialPhraseBank-v1.0"
    environ = {
        **{key: value for key, value in os.environ.items() if not key.startswith(("SEC_PIPELINE_", "DAGSTER_"))},
        **cli_environ(tmp_path, edgar_mirror, SEC_PIPELINE_FORMS="8-K", SEC_PIPELINE_EXECUTOR="in_process",
                      # a random accurate model: 2007-08-07 (three 8-Ks) fails its accuracy gate, days without
                      # filings pass
                      SEC_PIPELINE_SENTIMENT_MODEL=str(build_tiny_classifier(tmp_path / "random-model")),
                      COMPLEXITY_THRESHOLD_HIGH="0", SEC_PIPELINE_PHRASEBANK_DIR=str(gold)),
        "DAGSTER_HOME": str(home),
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
    }
    with running_dagster_dev(environ, tmp_path / "dagster-dev.log") as url:
        good = _cli(environ, "--start", "2007-08-08", "--end", "2007-08-08")
        assert good.returncode == 0, good.stdout + good.stderr
        assert "1 of 1 dates succeeded, 0 failed" in good.stdout

        bad = _cli(environ, "--start", "2007-08-06", "--end", "2007-08-08")
        assert bad.returncode == 1, bad.stdout + bad.stderr
        assert "2007-08-07 FAILURE" in bad.stdout and "2 of 3 dates succeeded, 1 failed" in bad.stdout

        published = graphql(url, '{ assetNodeOrError(assetKey: {path: ["published_signals"]}) '
                                 '{ ... on AssetNode { metadataEntries { label __typename } } } }')
        entries = {e["label"]: e["__typename"] for e in published["assetNodeOrError"]["metadataEntries"]}
        assert entries["dagster/column_schema"] == "TableSchemaMetadataEntry"
        assert entries["dagster/table_name"] == "TextMetadataEntry"

    instance = dg.DagsterInstance.from_ref(dg._core.instance.ref.InstanceRef.from_dir(str(home)))
    try:
        records = instance.get_run_records(filters=dg.RunsFilter(job_name="daily_filings_job"))
        assert sorted(r.dagster_run.tags["dagster/partition"] for r in records) == [
            "2007-08-06", "2007-08-07", "2007-08-08", "2007-08-08"]
        assert {r.dagster_run.tags["dagster/code_location"] if "dagster/code_location" in r.dagster_run.tags
                else r.dagster_run.remote_job_origin.location_name for r in records} == {"sec_pipeline"}
        assert all("dagster/backfill" in r.dagster_run.tags for r in records)
        assert _most_at_once([r for r in records if r.start_time and r.end_time]) <= 2
    finally:
        instance.dispose()
