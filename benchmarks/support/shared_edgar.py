"""The shared test tree (MANIFEST.tsv + files) served in EDGAR's URL layout, for the mirror in tests and benchmarks.

Every filing of the MANIFEST with a known cik, accession and filing date is served as a full submission (the real
file when held, else one built from the held primary document), a filing index page and its documents; daily
form indexes, the full-index master, submissions JSON, the getcurrent Atom feed and the ticker map are generated
from the held filings (real data.sec.gov files are served where held).
`MirrorServer(SharedTree(shared_edgar_dir()))` serves it.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import html
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from sec_pipeline.edgar.items import item_codes
from sec_pipeline.edgar.mirror.tree import NOT_FOUND, Answer, content_type, read_file
from sec_pipeline.edgar.sgml import Document, Submission, build_submission, decode, parse_submission

_ACC = re.compile(r"^\d{10}-\d{2}-\d{6}$")
_FILING_PATH = re.compile(r"^/Archives/edgar/data/0*(\d+)/(\d{18})/([^/]+)$")
_OLD_FILING_PATH = re.compile(r"^/Archives/edgar/data/0*(\d+)/(\d{10}-\d{2}-\d{6})\.txt$")
_DAILY_FORM = re.compile(r"^/Archives/edgar/daily-index/(\d{4})/QTR([1-4])/form\.(\d{8})\.idx$")
_FULL_MASTER = re.compile(r"^/Archives/edgar/full-index/(\d{4})/QTR([1-4])/master\.idx$")
_SUBMISSIONS = re.compile(r"^/submissions/(CIK\d{10}(?:-submissions-\d{3})?)\.json$")
_COMPANYFACTS = re.compile(r"^/api/xbrl/companyfacts/(CIK\d{10})\.json$")
_SOURCE_URL = re.compile(r"source URL (https?://\S+?)(?:;|\s|$)")


@dataclass
class HeldFiling:
    """What the shared tree holds about one filing."""

    accession_no: str
    cik: str
    form_type: str
    company: str
    filing_date: str
    items: list[str] = field(default_factory=list)
    full_path: Path | None = None
    primary_path: Path | None = None
    primary_name: str | None = None

    @property
    def folder(self) -> str:
        """URL folder of the filing: /Archives/edgar/data/{cik}/{acc without dashes}."""
        return f"/Archives/edgar/data/{self.cik}/{self.accession_no.replace('-', '')}"


def _items_from_notes(notes: str) -> list[str]:
    if "ITEM INFORMATION:" not in notes:
        return []
    listed = notes.split("ITEM INFORMATION:", 1)[1].split("; identical copy")[0]
    return [item.strip() for item in listed.split("|") if item.strip()]


def _primary_name(row: dict[str, str], path: Path) -> str:
    """The primary document's EDGAR filename: from the source URL, the tree file name, or the accession."""
    match = _SOURCE_URL.search(row["notes"])
    if match:
        name = match.group(1).rstrip("/").rsplit("/", 1)[-1]
        if name and not (name.endswith(".txt") and _ACC.match(name[:-4])):
            return name
    stem = path.name.removesuffix(".gz")
    prefix = f"{row['cik']}_{row['accession']}"
    if stem.startswith(prefix + "_"):
        return stem[len(prefix) + 1:]
    suffix = stem[len(prefix):] if stem.startswith(prefix) else Path(stem).suffix
    return f"{row['accession'].replace('-', '')}{suffix or '.htm'}"


def load_manifest(root: Path) -> dict[str, HeldFiling]:
    """Filings of the shared tree with a known cik, accession and filing date, keyed by accession."""
    filings: dict[str, HeldFiling] = {}
    with (root / "MANIFEST.tsv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            acc, cik, date = row["accession"], row["cik"].lstrip("0"), row["filing_date"]
            if row["kind"] != "filing" or not (_ACC.match(acc) and cik.isdigit() and date):
                continue
            path = root / row["path"]
            held = filings.get(acc)
            if held is None:
                held = filings[acc] = HeldFiling(acc, cik, row["form"], row["company"], date)
            notes = row["notes"]
            held.items = held.items or _items_from_notes(notes)
            if notes.startswith("full submission"):
                held.full_path = path
            elif held.primary_path is None and ("primary document" in notes or "single document" in notes):
                held.primary_path = path
                held.primary_name = _primary_name(row, path)
    return {acc: h for acc, h in filings.items() if h.full_path or h.primary_path}


@dataclass(frozen=True)
class FilingMeta:
    """Facts about a held filing that need its parsed submission."""

    period: str
    primary_name: str
    size: int
    sic: str
    fiscal_year_end: str


class SharedTree:
    """The shared test tree (`MANIFEST.tsv` + files) served in EDGAR's URL layout."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.filings = load_manifest(self.root)
        self.by_date: dict[str, list[HeldFiling]] = defaultdict(list)
        self.by_cik: dict[str, list[HeldFiling]] = defaultdict(list)
        for held in self.filings.values():
            self.by_date[held.filing_date].append(held)
            self.by_cik[held.cik].append(held)
        self._meta: dict[str, FilingMeta] = {}

    # ----- filings
    @functools.lru_cache(maxsize=64)  # noqa: B019 (one tree per server, lives as long as it)
    def submission_text(self, accession_no: str) -> bytes:
        """The full submission: the real file when held, else one built from the primary document."""
        held = self.filings[accession_no]
        if held.full_path is not None:
            return read_file(held.full_path)
        assert held.primary_path is not None
        raw = read_file(held.primary_path)
        doc = self._primary_document(held, raw)
        header = {"accession_no": held.accession_no, "form_type": held.form_type,
                  "filing_date": held.filing_date, "company": held.company, "cik": held.cik,
                  "items": held.items}
        return build_submission(header, [doc]).encode("utf-8")

    def _primary_document(self, held: HeldFiling, raw: bytes) -> Document:
        if raw.lstrip()[:10] == b"<DOCUMENT>":
            doc = parse_submission(raw).documents[0]
            return Document(doc.type or held.form_type, 1, doc.filename or held.primary_name,
                            doc.description, doc.text, doc.is_binary)
        return Document(held.form_type, 1, held.primary_name, None, decode(raw))

    @functools.lru_cache(maxsize=64)  # noqa: B019
    def parsed(self, accession_no: str) -> Submission:
        """The parsed full submission of a held filing."""
        return parse_submission(self.submission_text(accession_no))

    def document(self, held: HeldFiling, name: str) -> bytes | None:
        """A document of the filing by its filename (the held bytes for a held primary document), or None."""
        if held.full_path is None and held.primary_path is not None and name == self.primary_filename(held):
            raw = read_file(held.primary_path)
            if raw.lstrip()[:10] != b"<DOCUMENT>":
                return raw
        for doc in self.parsed(held.accession_no).documents:
            if doc.filename == name and not doc.is_binary:
                return doc.text.encode("utf-8")
        return None

    def meta(self, held: HeldFiling) -> FilingMeta:
        """Period, primary filename, size, SIC and fiscal year end of a held filing (computed once)."""
        found = self._meta.get(held.accession_no)
        if found is None:
            sub = self.parsed(held.accession_no)
            primary = sub.primary_document
            name = (primary.filename if primary and primary.filename else held.primary_name) or f"{held.accession_no}.txt"
            found = FilingMeta(sub.period_of_report or "", name, len(self.submission_text(held.accession_no)),
                               sub.sic or "", sub.fiscal_year_end or "")
            self._meta[held.accession_no] = found
        return found

    def primary_filename(self, held: HeldFiling) -> str:
        """Filename of the primary document as the submissions JSON lists it."""
        return self.meta(held).primary_name

    def index_page(self, held: HeldFiling) -> bytes:
        """A filing index page (-index.html) listing the documents and the complete submission file."""
        sub = self.parsed(held.accession_no)
        rows = []
        for number, doc in enumerate(sub.documents, start=1):
            name = doc.filename or ""
            link = f'<a href="{held.folder}/{html.escape(name)}">{html.escape(name)}</a>' if name else ""
            rows.append(f'<tr><td scope="row">{doc.sequence or number}</td>'
                        f'<td scope="row">{html.escape(doc.description or "")}</td>'
                        f'<td scope="row">{link}</td><td scope="row">{html.escape(doc.type)}</td>'
                        f'<td scope="row">{len(doc.text.encode("utf-8"))}</td></tr>')
        full = f"{held.accession_no}.txt"
        rows.append(f'<tr><td scope="row">&nbsp;</td><td scope="row">Complete submission text file</td>'
                    f'<td scope="row"><a href="{held.folder}/{full}">{full}</a></td><td scope="row">&nbsp;</td>'
                    f'<td scope="row">{len(self.submission_text(held.accession_no))}</td></tr>')
        items = "".join(f"<div>Item {html.escape(c)}</div>" for c in sub.item_codes)
        page = (
            f"<!DOCTYPE html><html><head><title>EDGAR Filing Documents for {held.accession_no}</title></head>"
            f'<body><div id="formDiv"><div id="formHeader"><div id="formName"><strong>Form {html.escape(held.form_type)}'
            f'</strong></div><div id="secNum"><strong>SEC Accession <acronym title="Number">No.</acronym></strong> '
            f'{held.accession_no}</div></div><div class="formGrouping"><div class="infoHead">Filing Date</div>'
            f'<div class="info">{held.filing_date}</div></div><div class="formGrouping"><div class="infoHead">'
            f'Items</div><div class="info">{items}</div></div></div>'
            f'<div id="filerDiv"><span class="companyName">{html.escape(held.company)} (Filer) CIK: '
            f'<a href="/cgi-bin/browse-edgar?action=getcompany&amp;CIK={held.cik.zfill(10)}">{held.cik.zfill(10)}</a>'
            f'</span></div><table class="tableFile" summary="Document Format Files"><tr><th scope="col">Seq</th>'
            f'<th scope="col">Description</th><th scope="col">Document</th><th scope="col">Type</th>'
            f'<th scope="col">Size</th></tr>{"".join(rows)}</table></body></html>'
        )
        return page.encode("utf-8")

    # ----- indexes and APIs
    def daily_form_index(self, day: dt.date) -> bytes | None:
        """form.YYYYMMDD.idx in EDGAR's fixed-width layout for the held filings of `day`, or None."""
        held = sorted(self.by_date.get(day.isoformat(), []), key=lambda h: (h.form_type, h.company, h.accession_no))
        if not held:
            return None
        lines = [
            "Description:           Daily Index of EDGAR Dissemination Feed by Form Type",
            f"Last Data Received:    {day.strftime('%b')} {day.day:>2}, {day.year}",
            "Comments:              webmaster@sec.gov",
            "Anonymous FTP:         ftp://ftp.sec.gov/edgar/",
            " ", " ", " ", " ",
            f"{'Form Type':<12}{'Company Name':<62}{'CIK':<12}{'Date Filed':<12}File Name",
            "-" * 141,
        ]
        for h in held:
            path = f"edgar/data/{h.cik}/{h.accession_no}.txt"
            lines.append(f"{h.form_type:<12}{h.company[:61]:<62}{h.cik:<12}{day.strftime('%Y%m%d'):<12}{path:<52}")
        return ("\n".join(lines) + "\n").encode("utf-8")

    def full_master_index(self, year: int, quarter: int) -> bytes | None:
        """full-index master.idx (pipe-delimited) of the held filings of a quarter, or None."""
        months = {f"{year}-{m:02d}" for m in range(3 * quarter - 2, 3 * quarter + 1)}
        held = sorted((h for h in self.filings.values() if h.filing_date[:7] in months),
                      key=lambda h: (int(h.cik), h.filing_date, h.accession_no))
        if not held:
            return None
        lines = [
            "Description:           Master Index of EDGAR Dissemination Feed",
            f"Last Data Received:    {held[-1].filing_date}",
            "Comments:              webmaster@sec.gov",
            "Anonymous FTP:         ftp://ftp.sec.gov/edgar/",
            "Cloud HTTP:            https://www.sec.gov/Archives/",
            "", "", "", "",
            "CIK|Company Name|Form Type|Date Filed|Filename",
            "-" * 80,
        ]
        lines += [f"{h.cik}|{h.company}|{h.form_type}|{h.filing_date}|edgar/data/{h.cik}/{h.accession_no}.txt"
                  for h in held]
        return ("\n".join(lines) + "\n").encode("utf-8")

    def submissions_json(self, name: str) -> bytes | None:
        """data.sec.gov submissions JSON: the real file when held, else generated from held filings."""
        folder = self.root / "api" / "submissions"
        for candidate in (folder / f"{name}.json", folder / f"{name}.pretty.json"):
            if candidate.is_file():
                return candidate.read_bytes()
        if "-submissions-" in name:
            return None
        held = sorted(self.by_cik.get(name[3:].lstrip("0"), []), key=lambda h: (h.filing_date, h.accession_no),
                      reverse=True)
        if not held:
            return None
        recent: dict[str, list[object]] = {k: [] for k in (
            "accessionNumber", "filingDate", "reportDate", "acceptanceDateTime", "act", "form", "fileNumber",
            "filmNumber", "items", "size", "isXBRL", "isInlineXBRL", "primaryDocument", "primaryDocDescription")}
        for h in held:
            meta = self.meta(h)
            values: dict[str, object] = {
                "accessionNumber": h.accession_no, "filingDate": h.filing_date,
                "reportDate": meta.period, "acceptanceDateTime": "", "act": "",
                "form": h.form_type, "fileNumber": "", "filmNumber": "",
                "items": ",".join(item_codes(h.items, h.filing_date)),
                "size": meta.size, "isXBRL": 0, "isInlineXBRL": 0,
                "primaryDocument": meta.primary_name, "primaryDocDescription": h.form_type,
            }
            for key, value in values.items():
                recent[key].append(value)
        first = self.meta(held[0])
        document = {"cik": held[0].cik, "entityType": "operating", "sic": first.sic, "sicDescription": "",
                    "name": held[0].company, "tickers": [], "exchanges": [], "fiscalYearEnd": first.fiscal_year_end,
                    "filings": {"recent": recent, "files": []}}
        return json.dumps(document).encode("utf-8")

    def getcurrent_atom(self, form: str, start: int, count: int) -> bytes:
        """The getcurrent Atom feed of held filings (newest first), filtered by form prefix, paged."""
        chosen = [h for h in self.filings.values() if h.form_type.startswith(form)]
        chosen.sort(key=lambda h: (h.filing_date, h.accession_no), reverse=True)
        page = chosen[start:start + count]
        entries = []
        for h in page:
            updated = f"{h.filing_date}T17:30:00-04:00"
            items = "".join(f"&lt;br&gt;Item {c}" for c in item_codes(h.items, h.filing_date))
            href = f"https://www.sec.gov{h.folder}/{h.accession_no}-index.htm"
            entries.append(
                "<entry>\n"
                f"<title>{xml_escape(h.form_type)} - {xml_escape(h.company)} ({h.cik.zfill(10)}) (Filer)</title>\n"
                f'<link rel="alternate" type="text/html" href="{href}"/>\n'
                f'<summary type="html"> &lt;b&gt;Filed:&lt;/b&gt; {h.filing_date} &lt;b&gt;AccNo:&lt;/b&gt; '
                f"{h.accession_no} &lt;b&gt;Size:&lt;/b&gt; 1 KB{items}</summary>\n"
                f"<updated>{updated}</updated>\n"
                f'<category scheme="https://www.sec.gov/" label="form type" term="{xml_escape(h.form_type)}"/>\n'
                f"<id>urn:tag:sec.gov,2008:accession-number={h.accession_no}</id>\n"
                "</entry>\n"
            )
        feed_updated = page[0].filing_date if page else "1993-01-01"
        body = (
            '<?xml version="1.0" encoding="ISO-8859-1" ?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
            "<title>Latest Filings</title>\n"
            '<link rel="alternate" href="/cgi-bin/browse-edgar?action=getcurrent"/>\n'
            "<id>https://www.sec.gov/cgi-bin/browse-edgar?action=getcurrent</id>\n"
            "<author><name>Webmaster</name><email>webmaster@sec.gov</email></author>\n"
            f"<updated>{feed_updated}T17:30:00-04:00</updated>\n" + "".join(entries) + "</feed>\n"
        )
        return body.encode("latin-1", "xmlcharrefreplace")

    def company_tickers(self, exchange_format: bool) -> bytes | None:
        """/files/company_tickers.json (held) or company_tickers_exchange.json (derived from it)."""
        path = self.root / "api" / "company_tickers" / "company_tickers.json"
        if not path.is_file():
            return None
        if not exchange_format:
            return path.read_bytes()
        rows = json.loads(path.read_bytes()).values()
        data = [[r["cik_str"], r["title"], r["ticker"], ""] for r in rows]
        return json.dumps({"fields": ["cik", "name", "ticker", "exchange"], "data": data}).encode("utf-8")

    def companyfacts(self, name: str) -> bytes | None:
        """/api/xbrl/companyfacts/CIK##########.json when held."""
        for path in sorted((self.root / "api" / "companyfacts").glob(f"{name}*.json*")):
            return read_file(path)
        return None

    # ----- routing
    def answer(self, path: str, query: dict[str, list[str]]) -> Answer:
        """Route one request."""
        match = _FILING_PATH.match(path)
        if match:
            return self._filing_answer(match.group(1), match.group(2), match.group(3))
        match = _OLD_FILING_PATH.match(path)
        if match:
            held = self.filings.get(match.group(2))
            if held and held.cik == match.group(1):
                return Answer(200, self.submission_text(held.accession_no), "text/plain")
            return NOT_FOUND
        match = _DAILY_FORM.match(path)
        if match:
            return self._daily_answer(*match.groups())
        match = _FULL_MASTER.match(path)
        if match:
            body = self.full_master_index(int(match.group(1)), int(match.group(2)))
            return Answer(200, body, "text/plain") if body is not None else NOT_FOUND
        match = _SUBMISSIONS.match(path)
        if match:
            body = self.submissions_json(match.group(1))
            return Answer(200, body, "application/json") if body is not None else NOT_FOUND
        match = _COMPANYFACTS.match(path)
        if match:
            body = self.companyfacts(match.group(1))
            return Answer(200, body, "application/json") if body is not None else NOT_FOUND
        if path in ("/files/company_tickers.json", "/files/company_tickers_exchange.json"):
            body = self.company_tickers(path.endswith("_exchange.json"))
            return Answer(200, body, "application/json") if body is not None else NOT_FOUND
        if path == "/cgi-bin/browse-edgar" and query.get("action", [""])[0] == "getcurrent":
            return self._getcurrent_answer(query)
        return NOT_FOUND

    def _filing_answer(self, cik: str, folder: str, name: str) -> Answer:
        acc = f"{folder[:10]}-{folder[10:12]}-{folder[12:]}"
        held = self.filings.get(acc)
        if held is None or held.cik != cik:
            return NOT_FOUND
        if name == f"{acc}.txt":
            return Answer(200, self.submission_text(acc), "text/plain")
        if name in (f"{acc}-index.html", f"{acc}-index.htm"):
            return Answer(200, self.index_page(held), "text/html")
        body = self.document(held, name)
        return Answer(200, body, content_type(name)) if body is not None else NOT_FOUND

    def _daily_answer(self, year: str, quarter: str, day_text: str) -> Answer:
        try:
            day = dt.datetime.strptime(day_text, "%Y%m%d").date()
        except ValueError:
            return NOT_FOUND
        if str(day.year) != year or (day.month - 1) // 3 + 1 != int(quarter):
            return NOT_FOUND
        body = self.daily_form_index(day)
        return Answer(200, body, "text/plain") if body is not None else NOT_FOUND

    def _getcurrent_answer(self, query: dict[str, list[str]]) -> Answer:
        if query.get("output", [""])[0] != "atom":
            return Answer(400, b"this mirror serves getcurrent only with output=atom", "text/plain")
        try:
            start = max(0, int(query.get("start", ["0"])[0]))
            count = min(100, max(1, int(query.get("count", ["40"])[0])))
        except ValueError:
            return Answer(400, b"start and count must be integers", "text/plain")
        body = self.getcurrent_atom(query.get("type", [""])[0].strip(), start, count)
        return Answer(200, body, "application/atom+xml")
