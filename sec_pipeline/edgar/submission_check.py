"""Is a downloaded body the full submission that was asked for? One check for ingestion and the client's cache.

A 200 answer can still be wrong: an HTML error page, random bytes, a cut gzip stream, a submission cut short
before its closing tags, or another filing. `check_full_submission` names what is wrong in one line.
"""

from __future__ import annotations

from sec_pipeline.edgar.sgml import DecodeError, Submission, SubmissionParseError, decode, parse_submission

_HTML_STARTS = ("<!doctype html", "<html", "<head", "<body")


class InvalidSubmission(ValueError):
    """The body is not the requested full submission; the message says what was wrong."""


def check_full_submission(raw: bytes, accession: str | None) -> Submission:
    """The parsed submission when `raw` is a complete full submission of `accession` (any, if None).

    Raises InvalidSubmission otherwise (HTML page, no SEC header, another accession, truncated, bad gzip).
    """
    try:
        text = decode(raw)
    except DecodeError as exc:
        raise InvalidSubmission(str(exc)) from exc
    if text.lstrip()[:16].lower().startswith(_HTML_STARTS):
        raise InvalidSubmission("EDGAR answered an HTML page instead of the filing")
    try:
        sub = parse_submission(text)
    except SubmissionParseError as exc:
        raise InvalidSubmission(str(exc)) from exc
    return check_parsed_submission(sub, accession)


def check_parsed_submission(sub: Submission, accession: str | None) -> Submission:
    """`sub` when it is a complete full submission of `accession` (any, if None); InvalidSubmission otherwise.
    The checks of `check_full_submission` after parsing, for a submission already parsed."""
    if not sub.header or not sub.accession_no:
        raise InvalidSubmission("the answer has no SEC header with an accession number (not a full submission)")
    if accession and sub.accession_no != accession:
        raise InvalidSubmission(f"the answer is submission {sub.accession_no}, not the requested {accession}")
    if not sub.form_type or not sub.documents:
        raise InvalidSubmission("the submission has no form type or no documents")
    if sub.truncated:
        raise InvalidSubmission(f"the submission is truncated: {sub.truncated}")
    return sub
