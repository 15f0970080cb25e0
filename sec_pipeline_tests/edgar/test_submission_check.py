"""check_full_submission: a 200 body that is not the complete requested submission is named, never accepted."""

from __future__ import annotations

import gzip
import os

import pytest

from sec_pipeline.edgar.sgml import Document, build_submission
from sec_pipeline.edgar.submission_check import InvalidSubmission, check_full_submission

ACCESSION = "0000320193-24-000123"
SUBMISSION = build_submission(
    {"accession_no": ACCESSION, "form_type": "10-K", "filing_date": "2024-11-01", "cik": "320193"},
    [Document(type="10-K", sequence=1, filename="a.htm", description=None, text="Item 1. Business\n")],
).encode()


def test_a_complete_submission_of_the_requested_accession_passes() -> None:
    assert check_full_submission(SUBMISSION, ACCESSION).accession_no == ACCESSION
    assert check_full_submission(gzip.compress(SUBMISSION), None).form_type == "10-K"


@pytest.mark.parametrize(("body", "reason"), [
    (b"<!DOCTYPE html><html><body>Page Not Available</body></html>", "HTML page instead of the filing"),
    (os.urandom(2048), "no SEC header"),
    (SUBMISSION.replace(b"</SEC-DOCUMENT>\n", b""), "truncated: no closing </SEC-DOCUMENT> tag"),
    (SUBMISSION[: SUBMISSION.index(b"</TEXT>")], "truncated: document 1 has <TEXT> without </TEXT>"),
    (gzip.compress(SUBMISSION)[:-12], "gzip data is cut short"),
    (SUBMISSION.replace(ACCESSION.encode(), b"0000320193-24-000999"), "not the requested " + ACCESSION),
])
def test_what_is_not_the_filing_is_named(body: bytes, reason: str) -> None:
    with pytest.raises(InvalidSubmission, match=reason.replace("(", r"\(")):
        check_full_submission(body, ACCESSION)
