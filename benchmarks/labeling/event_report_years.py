"""Give every mined event candidate and label the `report_year` of its filing (`ParsedDocument.report_year`).

Candidates mined before the field existed lack it; this parses each labeled filing of the shared tree once and
writes the year into candidates.jsonl and labels.jsonl (in place, order and other fields unchanged). Labels
merged later (`benchmarks.labeling.event_merge`) take it from the candidates.

Run: python -m benchmarks.labeling.event_report_years   (parses ~400 filings: a minute or two)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from benchmarks.labeling.event_merge import CANDIDATES, LABELS
from benchmarks.support.paths import shared_edgar_dir


def report_years(paths: set[str], tree: Path) -> dict[str, int | None]:
    """{path in the shared tree: its filing's report year}."""
    from sec_pipeline.parsing.api import parse_path

    return {path: parse_path(tree / path).report_year for path in sorted(paths)}


def with_report_years(file: Path, years: dict[str, int | None]) -> int:
    """Rewrite the JSON lines of `file` with `report_year` set from `years`; the number of rows."""
    rows = [json.loads(line) for line in file.read_text(encoding="utf-8").splitlines() if line.strip()]
    for row in rows:
        row["report_year"] = years[row["path"]]
    file.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return len(rows)


def main() -> int:
    files = (CANDIDATES, LABELS)
    paths = {json.loads(line)["path"] for f in files for line in f.read_text(encoding="utf-8").splitlines()
             if line.strip()}
    years = report_years(paths, shared_edgar_dir())
    for file in files:
        print(f"{file}: {with_report_years(file, years)} rows")
    missing = sorted(p for p, y in years.items() if y is None)
    print(f"{len(years)} filings, {len(missing)} without a report year{': ' + ', '.join(missing) if missing else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
