"""Parse (and build) EDGAR full-submission `.txt` files: SEC-HEADER fields and the documents.

Handles the shapes EDGAR has served since 1993: `<SEC-DOCUMENT>` submissions with a
`KEY: value` header, 1990s `<IMS-DOCUMENT>`/`<IMS-HEADER>` ones, both optionally wrapped in a
`-----BEGIN PRIVACY-ENHANCED MESSAGE-----` block, and the tagged header style of `.hdr.sgml` and
dissemination-feed `.nc` files (`<ACCESSION-NUMBER>...`). Bare `<DOCUMENT>` files and plain text give one document.
Scanning uses `str.find` only, so time is linear in the input size. `decode` is the one decode policy for
EDGAR bytes (every reader of filings uses it).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field

from sec_pipeline.edgar.items import item_codes

_PEM_BEGIN = "-----BEGIN PRIVACY-ENHANCED MESSAGE-----"
_PEM_END = "-----END PRIVACY-ENHANCED MESSAGE-----"
_GZIP_MAGIC = b"\x1f\x8b"
_UUENCODE_BEGIN = re.compile(r"begin [0-7]{3,4} \S")
_DIGITS = re.compile(r"\d+")
_SIC = re.compile(r"\[(\d{3,4})\]\s*$")
_META_WINDOW = 1 << 16
# A document's metadata tags, read where they stand: one per line, or run together (feed files).
_META = re.compile(r"<(TYPE|SEQUENCE|FILENAME|DESCRIPTION)>[ \t]*([^\n<]*)")
_TAG_START = re.compile(r"(?<=[^\n])<(?=[A-Z])")

# Tagged (.hdr.sgml) header names -> the KEY: names of the text header.
_TAGGED_KEYS = {
    "ACCESSION-NUMBER": "ACCESSION NUMBER",
    "TYPE": "CONFORMED SUBMISSION TYPE",
    "PERIOD": "CONFORMED PERIOD OF REPORT",
    "FILING-DATE": "FILED AS OF DATE",
    "ITEMS": "ITEM INFORMATION",
    "CONFORMED-NAME": "COMPANY CONFORMED NAME",
    "CIK": "CENTRAL INDEX KEY",
    "ASSIGNED-SIC": "STANDARD INDUSTRIAL CLASSIFICATION",
    "FISCAL-YEAR-END": "FISCAL YEAR END",
    "ACCEPTANCE-DATETIME": "ACCEPTANCE-DATETIME",
    "PUBLIC-DOCUMENT-COUNT": "PUBLIC DOCUMENT COUNT",
}
_FILER_SECTIONS = ("FILER", "SUBJECT COMPANY", "FILED BY", "ISSUER", "REPORTING-OWNER", "SERIAL COMPANY")


# Decompressed bytes a body may reach (SEC_PIPELINE_MAX_BODY_MB sets the EDGAR client's own limit): the largest
# EDGAR full submissions are a few hundred MB; a gzip bomb stops here instead of filling the memory.
MAX_DECOMPRESSED_BYTES = 512 * 1024 * 1024
_CHUNK = 1 << 20


class DecodeError(ValueError):
    """Bytes that cannot become a filing's text (corrupt or cut gzip, too large, UTF-16 without a byte-order
    mark); the one-line message says what is wrong."""


class DecompressedTooLarge(DecodeError):
    """The data decompresses beyond the limit (retrying cannot help)."""


class SubmissionParseError(ValueError):
    """The input is not an EDGAR submission this parser can read; the message says why."""


@dataclass(frozen=True)
class Document:
    """One `<DOCUMENT>` of a submission. Binary (uuencoded) documents have empty `text`.

    `start` is where `text` begins in the decoded submission, so offsets within a document translate to
    offsets in the whole file; it does not take part in equality (the same document read from another file).
    """

    type: str
    sequence: int | None
    filename: str | None
    description: str | None
    text: str
    is_binary: bool = False
    start: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Submission:
    """Header fields and documents of one EDGAR submission (dates are ISO `YYYY-MM-DD`)."""

    accession_no: str | None
    form_type: str | None
    period_of_report: str | None
    filing_date: str | None
    company: str | None
    cik: str | None
    sic: str | None
    fiscal_year_end: str | None
    items: list[str] = field(default_factory=list)
    item_codes: list[str] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    acceptance_datetime: str | None = None
    header: dict[str, str] = field(default_factory=dict)
    truncated: str | None = None  # why the input looks cut short (a closing tag is missing), else None

    @property
    def primary_document(self) -> Document | None:
        """The document whose type equals the form type, else the first one (None if there is none)."""
        for doc in self.documents:
            if self.form_type and doc.type.upper() == self.form_type.upper():
                return doc
        return self.documents[0] if self.documents else None


class Inflater:
    """Incremental gzip decompression (every member) that never holds more than `limit` bytes of output.

    `feed` the compressed bytes as they come, then `finish` for the whole output. Both raise DecodeError when
    the data is corrupt, decompresses beyond `limit`, or (`finish`) ends before its end marker.
    """

    def __init__(self, limit: int = MAX_DECOMPRESSED_BYTES) -> None:
        self.limit = limit
        self._chunks: list[bytes] = []
        self._total = 0
        self._inflater = zlib.decompressobj(wbits=31)
        self._done = False  # the last member ended and what followed it is not another member

    def feed(self, data: bytes) -> None:
        """Decompress `data`, in bounded steps."""
        while not self._done:
            if self._inflater.eof:
                if not data:
                    return
                if not _GZIP_MAGIC.startswith(data[:2]):  # bytes after the last member are ignored, as gzip does
                    self._done = True
                    return
                self._inflater = zlib.decompressobj(wbits=31)
            try:
                piece = self._inflater.decompress(data, _CHUNK)
            except zlib.error as exc:
                raise DecodeError(f"the gzip data is corrupt ({exc})") from None
            self._total += len(piece)
            if self._total > self.limit:
                raise DecompressedTooLarge(f"the gzip data decompresses to more than {self.limit:,} bytes "
                                           "(the limit; SEC_PIPELINE_MAX_BODY_MB raises it)")
            self._chunks.append(piece)
            data = self._inflater.unused_data if self._inflater.eof else self._inflater.unconsumed_tail
            if not data and not piece:
                return  # everything taken: wait for more input

    def finish(self) -> bytes:
        """The whole output; DecodeError when the last member is cut short."""
        if not self._done and not self._inflater.eof:
            raise DecodeError(f"the gzip data is cut short after {self._total:,} bytes (no end marker)")
        return b"".join(self._chunks)


def gunzip(raw: bytes, limit: int = MAX_DECOMPRESSED_BYTES) -> bytes:
    """The decompressed bytes of gzip data (every member), never holding more than `limit` bytes of output;
    DecodeError when the data is corrupt, ends before its end marker, or decompresses beyond `limit`."""
    inflater = Inflater(limit)
    inflater.feed(raw)
    return inflater.finish()


def _utf16_without_bom(raw: bytes) -> str | None:
    """"UTF-16-LE" or "UTF-16-BE" when the start of `raw` has a NUL byte beside most characters, else None."""
    sample = raw[:4096]
    if len(sample) < 16:
        return None
    if sample[1::2].count(0) > len(sample) * 0.4:
        return "UTF-16-LE"
    if sample[0::2].count(0) > len(sample) * 0.4:
        return "UTF-16-BE"
    return None


def decode(raw: bytes | str, limit: int = MAX_DECOMPRESSED_BYTES) -> str:
    """The one decode policy for EDGAR bytes: gzip is unpacked (at most `limit` bytes), then UTF-8 when valid,
    else Windows-1252 (EDGAR's usual legacy encoding; its five undefined bytes become U+FFFD); text with a
    UTF-16 byte-order mark is read as UTF-16. Strings are returned unchanged.

    Raises DecodeError for corrupt, cut or oversized gzip data and for UTF-16 without a byte-order mark.
    """
    if isinstance(raw, str):
        return raw
    if raw[:2] == _GZIP_MAGIC:
        raw = gunzip(raw, limit)
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return raw.decode("utf-16", errors="replace")
    utf16 = _utf16_without_bom(raw)
    if utf16 is not None:
        raise DecodeError(f"the text looks {utf16} encoded without a byte-order mark; EDGAR filings are "
                          f"ASCII or UTF-8: convert it (e.g. iconv -f {utf16} -t UTF-8)")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def iso_date(value: str | None) -> str | None:
    """`19970127` or `1997-01-27` -> `1997-01-27`; anything else (empty, `00000000`) -> None."""
    if not value:
        return None
    digits = "".join(_DIGITS.findall(value))[:8]
    if len(digits) != 8:
        return None
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
    if not (1900 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}"


def _strip_pem(text: str) -> tuple[str, int]:
    """Drop a privacy-enhanced-message wrapper (its header block and END line), if any; returns the
    remaining text and where it starts in `text`."""
    start = text.find(_PEM_BEGIN, 0, 4096)
    if start < 0:
        return text, 0
    body = text.find("\n\n", start)
    body = len(text) if body < 0 else body + 2
    end = text.rfind(_PEM_END)
    return (text[body:end] if end >= body else text[body:]), body


def _find_line_tag(text: str, tag: str, start: int = 0, end: int | None = None) -> int:
    """Index of `tag` where it begins a line (or the text), or -1."""
    stop = len(text) if end is None else end
    pos = text.find(tag, start, stop)
    while pos > 0 and text[pos - 1] not in "\n\r":
        pos = text.find(tag, pos + 1, stop)
    return pos


def _header_block(text: str) -> tuple[str, int]:
    """(header text, offset after the header) for SEC-HEADER / IMS-HEADER, or ("", 0)."""
    for name in ("SEC-HEADER", "IMS-HEADER"):
        start = _find_line_tag(text, f"<{name}>", 0, min(len(text), 1 << 16))
        if start < 0:
            continue
        end = text.find(f"</{name}>", start)
        if end < 0:
            first_doc = _find_line_tag(text, "<DOCUMENT>", start)
            end = first_doc if first_doc >= 0 else len(text)
            return text[start:end], end
        return text[start:end], end + len(name) + 3
    if _is_feed(text):  # dissemination-feed (.nc) files: a tagged header, no wrapper
        first_doc = text.find("<DOCUMENT>")
        end = first_doc if first_doc >= 0 else len(text)
        return text[:end], end
    return "", 0


def _is_feed(text: str) -> bool:
    """A dissemination-feed (.nc) file: `<SUBMISSION>` first; its tags may run together on one line."""
    return text.lstrip()[:12] == "<SUBMISSION>"


def _parse_header(block: str) -> tuple[dict[str, str], list[str], list[tuple[str, str]]]:
    """Flat first-seen fields, ITEM INFORMATION lines, and (section, key=value) pairs in order."""
    fields: dict[str, str] = {}
    items: list[str] = []
    ordered: list[tuple[str, str]] = []
    section = ""
    if _is_feed(block):  # one tag per line, also where a feed file runs its tags together
        block = _TAG_START.sub("\n<", block)
    for raw_line in block.splitlines()[1:]:
        line = raw_line.strip()
        if not line:
            continue
        if line.startswith("<"):
            close = line.find(">")
            if close < 0 or line.startswith("</"):
                continue
            tag, value = line[1:close], line[close + 1:].strip()
            if not value:
                if tag in ("FILER", "SUBJECT-COMPANY", "FILED-BY", "ISSUER", "REPORTING-OWNER"):
                    section = tag.replace("-", " ")
                continue
            key = _TAGGED_KEYS.get(tag, tag)
        else:
            key, sep, value = line.partition(":")
            if not sep:
                continue
            key, value = key.strip().upper(), value.strip()
            if not value:
                if key in _FILER_SECTIONS:
                    section = key
                continue
        if key == "ITEM INFORMATION":
            items.append(value)
            continue
        ordered.append((section, f"{key}={value}"))
        fields.setdefault(key, value)
    return fields, items, ordered


def _first_filer(ordered: list[tuple[str, str]], key: str) -> str | None:
    prefix = f"{key}="
    fallback = None
    for section, pair in ordered:
        if pair.startswith(prefix):
            value = pair[len(prefix):]
            if section in ("FILER", ""):
                return value
            fallback = fallback or value
    return fallback


def _sic(value: str | None) -> str | None:
    if not value:
        return None
    match = _SIC.search(value)
    if match:
        return match.group(1)
    digits = value.strip()
    return digits if digits.isdigit() and digits.strip("0") else None


def _is_uuencoded(text: str) -> bool:
    head = text.lstrip()[:256]
    return bool(_UUENCODE_BEGIN.match(head))


def _parse_document(chunk: str, offset: int) -> Document:
    """One `<DOCUMENT>...</DOCUMENT>` chunk (without the outer tags) that starts at `offset` in the file."""
    text_start = chunk.find("<TEXT>")
    meta_part = chunk if text_start < 0 else chunk[:text_start]
    meta: dict[str, str] = {}
    for tag, value in _META.findall(meta_part):
        meta.setdefault(tag, value.strip())
    body_start = len(chunk)
    if text_start < 0:
        body = ""
    else:
        body_start = text_start + len("<TEXT>")
        body_end = chunk.rfind("</TEXT>")
        if body_end < body_start:
            body_end = len(chunk)
        if chunk.startswith("\r\n", body_start):
            body_start += 2
        elif chunk.startswith("\n", body_start):
            body_start += 1
        body = chunk[body_start:body_end]
    sequence = meta.get("SEQUENCE", "")
    binary = _is_uuencoded(body)
    return Document(
        type=meta.get("TYPE", "").strip(),
        sequence=int(sequence) if sequence.isdigit() else None,
        filename=meta.get("FILENAME") or None,
        description=meta.get("DESCRIPTION") or None,
        text="" if binary else body,
        is_binary=binary,
        start=offset + body_start,
    )


def _documents(text: str, start: int, offset: int) -> tuple[list[Document], str | None]:
    """The documents from `start` on, and why the text looks cut short (a closing tag missing), if it does."""
    documents: list[Document] = []
    truncated: str | None = None
    find = (lambda tag, at: text.find(tag, at)) if _is_feed(text) else (lambda tag, at: _find_line_tag(text, tag, at))
    pos = find("<DOCUMENT>", start)
    while pos >= 0:
        body_start = pos + len("<DOCUMENT>")
        # <TEXT> follows the few metadata lines; a bounded search keeps many-document inputs linear.
        text_tag = text.find("<TEXT>", body_start, body_start + _META_WINDOW)
        if text_tag >= 0:
            # Documents may embed "<DOCUMENT>" in their text: the end is the first </TEXT> after <TEXT>.
            text_end = text.find("</TEXT>", text_tag)
            search_from = text_tag if text_end < 0 else text_end
            if text_end < 0:
                truncated = truncated or f"document {len(documents) + 1} has <TEXT> without </TEXT>"
        else:
            search_from = body_start
        end = text.find("</DOCUMENT>", search_from)
        if end < 0:
            end = len(text)
            truncated = truncated or f"document {len(documents) + 1} has no closing </DOCUMENT> tag"
        documents.append(_parse_document(text[body_start:end], offset + body_start))
        pos = find("<DOCUMENT>", end)
    return documents, truncated


def _unclosed_wrapper(text: str) -> str | None:
    """Why a `<SEC-DOCUMENT>`/`<IMS-DOCUMENT>` submission looks cut short (its closing tag is missing), or None."""
    head = text.lstrip()[:32]
    for name in ("SEC-DOCUMENT", "IMS-DOCUMENT"):
        if head.startswith(f"<{name}>") and text.rfind(f"</{name}>") < 0:
            return f"no closing </{name}> tag"
    return None


def parse_submission(raw: bytes | str) -> Submission:
    """Parse a full-submission `.txt` (or `.hdr.sgml`, or a bare document) into a Submission.

    Raises SubmissionParseError for empty input. Text without any SGML becomes one untyped document.
    A submission that ends before a closing tag (cut short in transit or storage) is parsed as far as it goes,
    with `truncated` saying which tag is missing.
    """
    text, offset = _strip_pem(decode(raw))
    if not text.strip():
        raise SubmissionParseError("empty submission: expected an EDGAR full-submission .txt file")
    block, after_header = _header_block(text)
    fields, items, ordered = _parse_header(block) if block else ({}, [], [])
    documents, truncated = _documents(text, after_header, offset)
    if not documents and not block:
        documents = [Document(type="", sequence=1, filename=None, description=None, text=text, start=offset)]
    filing_date = iso_date(fields.get("FILED AS OF DATE"))
    cik = _first_filer(ordered, "CENTRAL INDEX KEY")
    form_type = fields.get("CONFORMED SUBMISSION TYPE")
    if form_type is None and documents and not block:
        form_type = documents[0].type or None
    return Submission(
        accession_no=fields.get("ACCESSION NUMBER"),
        form_type=form_type,
        period_of_report=iso_date(fields.get("CONFORMED PERIOD OF REPORT")),
        filing_date=filing_date,
        company=_first_filer(ordered, "COMPANY CONFORMED NAME"),
        cik=(cik.lstrip("0") or "0") if cik else None,
        sic=_sic(_first_filer(ordered, "STANDARD INDUSTRIAL CLASSIFICATION")),
        fiscal_year_end=_first_filer(ordered, "FISCAL YEAR END"),
        items=[i for i in items if i],
        item_codes=item_codes(items, filing_date),
        documents=documents,
        acceptance_datetime=fields.get("ACCEPTANCE-DATETIME"),
        header=fields,
        truncated=truncated or _unclosed_wrapper(text),
    )


def _compact_date(value: object) -> str:
    text = "" if value is None else str(value)
    iso = iso_date(text)
    return iso.replace("-", "") if iso else ""


def build_submission(header: Mapping[str, object], documents: list[Document]) -> str:
    """A full-submission `.txt` in EDGAR's SGML layout that `parse_submission` reads back.

    `header` keys: accession_no, form_type, filing_date (required); period_of_report, company, cik,
    sic, fiscal_year_end, items (list of ITEM INFORMATION lines), acceptance_datetime (optional).
    Binary documents are written as an empty uuencoded file.
    """
    missing = [k for k in ("accession_no", "form_type", "filing_date") if not header.get(k)]
    if missing:
        raise ValueError(f"build_submission: header lacks {', '.join(missing)}; pass them in the header dict")
    acc = str(header["accession_no"])
    filed = _compact_date(header["filing_date"])
    if not filed:
        raise ValueError(f"build_submission: filing_date {header['filing_date']!r} is not a date (YYYY-MM-DD)")
    lines = [f"<SEC-DOCUMENT>{acc}.txt : {filed}", f"<SEC-HEADER>{acc}.hdr.sgml : {filed}"]
    if header.get("acceptance_datetime"):
        lines.append(f"<ACCEPTANCE-DATETIME>{header['acceptance_datetime']}")
    lines += [
        f"ACCESSION NUMBER:\t\t{acc}",
        f"CONFORMED SUBMISSION TYPE:\t{header['form_type']}",
        f"PUBLIC DOCUMENT COUNT:\t\t{len(documents)}",
    ]
    period = _compact_date(header.get("period_of_report"))
    if period:
        lines.append(f"CONFORMED PERIOD OF REPORT:\t{period}")
    items = header.get("items") or []
    if not isinstance(items, list | tuple):
        raise ValueError("build_submission: header['items'] must be a list of ITEM INFORMATION lines")
    lines += [f"ITEM INFORMATION:\t\t{item}" for item in items]
    lines += [f"FILED AS OF DATE:\t\t{filed}", "", "FILER:", "", "\tCOMPANY DATA:\t"]
    if header.get("company"):
        lines.append(f"\t\tCOMPANY CONFORMED NAME:\t\t\t{header['company']}")
    if header.get("cik"):
        lines.append(f"\t\tCENTRAL INDEX KEY:\t\t\t{str(header['cik']).zfill(10)}")
    if header.get("sic"):
        lines.append(f"\t\tSTANDARD INDUSTRIAL CLASSIFICATION:\t[{header['sic']}]")
    if header.get("fiscal_year_end"):
        lines.append(f"\t\tFISCAL YEAR END:\t\t\t{header['fiscal_year_end']}")
    lines += ["", "\tFILING VALUES:", f"\t\tFORM TYPE:\t\t{header['form_type']}", "</SEC-HEADER>"]
    parts = ["\n".join(lines) + "\n"]
    for number, doc in enumerate(documents, start=1):
        meta = [f"<DOCUMENT>\n<TYPE>{doc.type}\n<SEQUENCE>{doc.sequence or number}\n"]
        if doc.filename:
            meta.append(f"<FILENAME>{doc.filename}\n")
        if doc.description:
            meta.append(f"<DESCRIPTION>{doc.description}\n")
        if doc.is_binary:
            body = f"begin 644 {doc.filename or 'file.bin'}\n`\nend\n"
        else:
            body = doc.text if doc.text.endswith("\n") else doc.text + "\n"
        parts.append("".join(meta) + "<TEXT>\n" + body + "</TEXT>\n</DOCUMENT>\n")
    parts.append("</SEC-DOCUMENT>\n")
    return "".join(parts)
