"""`sec-pipeline import DIR`: list the filings of a sec-edgar-downloader folder (parsed headers)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `import` subcommand."""
    parser = subparsers.add_parser(
        "import", help="read a sec-edgar-downloader folder (sec-edgar-filings/<ticker>/<form>/<accession>/)"
    )
    parser.add_argument("dir", type=Path, help="the download folder, or its sec-edgar-filings/ folder")
    parser.set_defaults(handler=import_command)


def import_command(args: argparse.Namespace) -> int:
    """Parse every full-submission.txt under DIR and print one line per filing."""
    from sec_pipeline.edgar.downloader import DownloaderLayoutError, iter_downloader_filings
    from sec_pipeline.edgar.sgml import SubmissionParseError

    count = 0
    try:
        for filing in iter_downloader_filings(args.dir):
            sub = filing.submission
            print(f"{filing.accession_no}\t{sub.form_type or filing.form_folder}\t{sub.cik or ''}\t"
                  f"{sub.filing_date or ''}\t{sub.company or ''}\t{len(sub.documents)} documents")
            count += 1
    except DownloaderLayoutError as exc:
        print(f"sec-pipeline import: {exc}", file=sys.stderr)
        return 2
    except SubmissionParseError as exc:
        print(f"sec-pipeline import: {exc}", file=sys.stderr)
        return 1
    print(f"{count} filings found under {args.dir}", file=sys.stderr)
    return 0
