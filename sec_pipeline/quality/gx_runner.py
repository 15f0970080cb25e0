"""Run Great Expectations 1.x suites on pandas frames and turn the results into ValidationOutcomes.

Great Expectations is imported lazily (it takes seconds). Each `GXRunner` owns one ephemeral context; when
asked for Data Docs it adds a filesystem docs site in a temporary folder and validates through a Checkpoint
with an UpdateDataDocsAction, then hands back the HTML pages as bytes. An expectation that raises inside GX,
or a suite that cannot run at all, yields FAILED outcomes carrying the error: never a pass.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from sec_pipeline.quality.outcomes import ERROR, PARTITION, ValidationOutcome

ACCESSION = "accession_no"
MAX_LISTED = 20  # unexpected values kept in an outcome's details


@dataclass(frozen=True)
class Check:
    """One GX expectation and how its result maps to outcomes.

    `build(gxe)` returns the expectation given the `great_expectations.expectations` module. When
    `per_accession` is True the expectation is judged per accession: every accession with a non-null
    `applies_column` value (every accession in the frame when None) gets an outcome, failed when GX lists one
    of its rows as unexpected. Otherwise there is one outcome with scope "partition".
    """

    name: str
    build: Callable[[Any], Any]
    per_accession: bool = True
    severity: str = ERROR
    applies_column: str | None = None
    describe: str = ""


class GXRunner:
    """An ephemeral GX context that validates frames and optionally builds Data Docs."""

    def __init__(self, build_docs: bool = True) -> None:
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        self._gx = gx
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        self._source = self.context.data_sources.add_pandas(f"sec_pipeline_{uuid.uuid4().hex[:8]}")
        self._docs_dir: Path | None = None
        self._site = f"partition_docs_{uuid.uuid4().hex[:8]}"
        if build_docs:
            self._docs_dir = Path(tempfile.mkdtemp(prefix="sec_pipeline_docs_"))
            self.context.add_data_docs_site(
                site_name=self._site,
                site_config={
                    "class_name": "SiteBuilder",
                    "store_backend": {"class_name": "TupleFilesystemStoreBackend",
                                      "base_directory": str(self._docs_dir)},
                    "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
                },
            )

    def validate(
        self, suite_name: str, frame: pd.DataFrame, checks: list[Check], detail_columns: tuple[str, ...] = ()
    ) -> list[ValidationOutcome]:
        """Validate `frame` against `checks` as one GX suite; one or more outcomes per check.

        `detail_columns` are reported with each unexpected row (besides accession_no) in the details.
        """
        try:
            results = self._run_suite(suite_name, frame, checks, detail_columns)
        except Exception as exc:  # GX itself failed: every check fails, with the reason
            error = f"{type(exc).__name__}: {exc}"
            return [o for c in checks for o in _failed_everywhere(c, frame, f"suite could not run: {error}")]
        outcomes: list[ValidationOutcome] = []
        for check in checks:
            result = results.get(check.name)
            if result is None:
                outcomes.extend(_failed_everywhere(check, frame, "GX returned no result for this expectation"))
            else:
                outcomes.extend(_outcomes_from_result(check, frame, result))
        return outcomes

    def data_docs_files(self) -> dict[str, bytes]:
        """The HTML pages of the Data Docs site built so far (static assets left out), by relative path."""
        if self._docs_dir is None:
            return {}
        return {
            str(path.relative_to(self._docs_dir)): path.read_bytes()
            for path in sorted(self._docs_dir.rglob("*.html"))
            if "static" not in path.relative_to(self._docs_dir).parts
        }

    def close(self) -> None:
        """Remove the temporary Data Docs folder."""
        if self._docs_dir is not None:
            shutil.rmtree(self._docs_dir, ignore_errors=True)
            self._docs_dir = None

    def __enter__(self) -> GXRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _run_suite(
        self, suite_name: str, frame: pd.DataFrame, checks: list[Check], detail_columns: tuple[str, ...]
    ) -> dict[str, Any]:
        import great_expectations.expectations as gxe

        gx = self._gx
        tag = uuid.uuid4().hex[:8]
        expectations = []
        for check in checks:
            expectation = check.build(gxe)
            expectation.meta = {**(expectation.meta or {}), "check": check.name, "severity": check.severity,
                                "describe": check.describe}
            if check.severity != ERROR:
                expectation.severity = "warning"  # GX 1.x failure severity, kept in the suite JSON
            expectations.append(expectation)
        suite = self.context.suites.add(gx.ExpectationSuite(name=suite_name, expectations=expectations))
        asset = self._source.add_dataframe_asset(f"{suite_name}_{tag}")
        batch_definition = asset.add_batch_definition_whole_dataframe("whole")
        result_format: dict[str, Any] = {"result_format": "COMPLETE"}
        if ACCESSION in frame.columns:
            extra = [c for c in detail_columns if c in frame.columns and c != ACCESSION]
            result_format["unexpected_index_column_names"] = [ACCESSION, *extra]
        if self._docs_dir is None:
            batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
            suite_result = batch.validate(suite, result_format=result_format)
        else:
            definition = self.context.validation_definitions.add(
                gx.ValidationDefinition(name=f"{suite_name}_{tag}", data=batch_definition, suite=suite))
            checkpoint = self.context.checkpoints.add(gx.Checkpoint(
                name=f"{suite_name}_{tag}", validation_definitions=[definition],
                actions=[gx.checkpoint.UpdateDataDocsAction(name="docs", site_names=[self._site])],
                result_format=result_format,
            ))
            run = checkpoint.run(batch_parameters={"dataframe": frame})
            suite_result = next(iter(run.run_results.values()))
        by_check: dict[str, Any] = {}
        for result in suite_result.results:
            config = result.expectation_config
            assert config is not None and config.meta, "every expectation of the suite carries its check's name"
            by_check[config.meta["check"]] = result
        return by_check


def _units(check: Check, frame: pd.DataFrame) -> list[str]:
    if not check.per_accession or ACCESSION not in frame.columns:
        return [PARTITION]
    rows = frame
    if check.applies_column is not None and check.applies_column in frame.columns:
        rows = frame[frame[check.applies_column].notna()]
    return sorted({str(a) for a in rows[ACCESSION].dropna().unique()})


def _failed_everywhere(check: Check, frame: pd.DataFrame, error: str) -> list[ValidationOutcome]:
    units = _units(check, frame) or [PARTITION]
    return [ValidationOutcome(scope=u, expectation=check.name, passed=False, observed_value=None,
                              details={"error": error, "expectation": check.describe}, severity=check.severity)
            for u in units]


def _exception_message(result: Any) -> str | None:
    info = result.exception_info or {}
    if isinstance(info, dict) and "raised_exception" in info:
        info = {"": info}
    for value in info.values() if isinstance(info, dict) else []:
        if isinstance(value, dict) and value.get("raised_exception"):
            return str(value.get("exception_message") or "GX raised an exception")
    return None


def _outcomes_from_result(check: Check, frame: pd.DataFrame, result: Any) -> list[ValidationOutcome]:
    error = _exception_message(result)
    if error is not None:
        return _failed_everywhere(check, frame, f"GX error: {error}")
    body = result.result or {}
    base = {"expectation": check.describe or result.expectation_config.type}
    units = _units(check, frame)
    if units == [PARTITION]:
        observed = body.get("observed_value", body.get("unexpected_count"))
        details = {**base, **_unexpected_summary(body)}
        return [ValidationOutcome(PARTITION, check.name, bool(result.success), observed, details, check.severity)]
    bad: dict[str, list[Any]] = {}
    orphan = 0
    for row in body.get("unexpected_index_list") or []:
        accession = row.get(ACCESSION) if isinstance(row, dict) else None
        value = {k: v for k, v in row.items() if k != ACCESSION} if isinstance(row, dict) else row
        if accession is None or (isinstance(accession, float) and pd.isna(accession)):
            orphan += 1
        else:
            bad.setdefault(str(accession), []).append(value)
    if not result.success and not bad and not orphan:
        # GX failed the expectation without naming rows (e.g. an aggregate): fail the whole partition.
        return [ValidationOutcome(PARTITION, check.name, False, body.get("observed_value"),
                                  {**base, **_unexpected_summary(body)}, check.severity)]
    outcomes = []
    for unit in units:
        values = bad.get(unit)
        if values is None:
            outcomes.append(ValidationOutcome(unit, check.name, True, 0, base, check.severity))
        else:
            details = {**base, "unexpected": values[:MAX_LISTED], "unexpected_count": len(values)}
            outcomes.append(ValidationOutcome(unit, check.name, False, len(values), details, check.severity))
    if orphan:
        outcomes.append(ValidationOutcome(PARTITION, check.name, False, orphan,
                                          {**base, "error": f"{orphan} rows have no accession_no"},
                                          check.severity))
    return outcomes


def _unexpected_summary(body: dict[str, Any]) -> dict[str, Any]:
    keep = {}
    if "unexpected_count" in body:
        keep["unexpected_count"] = body["unexpected_count"]
    if body.get("partial_unexpected_list"):
        keep["unexpected"] = list(body["partial_unexpected_list"])[:MAX_LISTED]
    if "details" in body:
        keep["gx_details"] = body["details"]
    return keep
