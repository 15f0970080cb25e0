"""`sec-pipeline import DIR`: load the filings of a sec-edgar-downloader folder into the store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sec_pipeline.config import PipelineConfig


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `import` subcommand."""
    parser = subparsers.add_parser(
        "import", help="load a sec-edgar-downloader folder (sec-edgar-filings/<ticker>/<form>/<accession>/)"
    )
    parser.add_argument("dir", type=Path, help="the download folder, or its sec-edgar-filings/ folder")
    parser.add_argument("--list", action="store_true", help="only list the filings, store nothing")
    parser.set_defaults(handler=import_command, needs_config=True)


def import_command(args: argparse.Namespace, config: PipelineConfig) -> int:
    """Store every full-submission.txt under DIR (raw document + filings row), one line per filing.

    Stored filings have status `downloaded`: `sec-pipeline run --date D` for their filing dates parses and
    extracts them without downloading them again. A filing that cannot be read is reported and skipped.
    """
    from sec_pipeline.edgar.downloader import DownloaderLayoutError, iter_downloader_filings
    from sec_pipeline.factories import blob_store, open_store
    from sec_pipeline.flows.ingest import import_submission

    store = blobs = None
    if not args.list:
        blobs = blob_store(config.blobs)
        store = open_store(config.database_url, blobs)
    count = failed = 0
    try:
        for filing in iter_downloader_filings(args.dir):
            sub = filing.submission
            line = (f"{filing.accession_no}\t{sub.form_type or filing.form_folder}\t{sub.cik or ''}\t"
                    f"{sub.filing_date or ''}\t{sub.company or ''}")
            if store is not None and blobs is not None:
                try:
                    import_submission(store, blobs, filing.path.read_bytes(), sub)
                except (OSError, ValueError) as exc:
                    failed += 1
                    print(f"{line}\tFAILED: {exc}", file=sys.stderr)
                    continue
            print(line)
            count += 1
    except DownloaderLayoutError as exc:
        print(f"sec-pipeline import: {exc}", file=sys.stderr)
        return 2
    verb = "found" if args.list else "stored"
    print(f"{count} filings {verb} under {args.dir}, {failed} failed", file=sys.stderr)
    return 1 if failed else 0
