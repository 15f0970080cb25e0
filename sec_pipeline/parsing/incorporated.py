"""Items incorporated by reference from the annual report filed as an exhibit (EX-13) of the same submission.

Many 10-Ks answer Items 6, 7, 7A and 8 with a stub: "Reference is made to Management's Discussion and
Analysis set forth on pages 32 to 39 of the Company's 1993 Annual Report to Stockholders, which is filed as
Exhibit 13 and incorporated herein by reference." When the submission carries that exhibit, the Item gets
the exhibit's text: the printed pages the stub names when the exhibit's page numbers confirm them, else the
exhibit's section under the Item's topic heading (MD&A, market risk, financial statements, selected data).
The section keeps the stub's warning and names the exhibit it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from sec_pipeline.parsing.blocks import BlockText, excerpt
from sec_pipeline.parsing.pages import locate, page_map, page_refs
from sec_pipeline.parsing.sections import Section
from sec_pipeline.parsing.segment import STUB_WARNING

_ANNUAL_REPORT_TYPE = re.compile(r"^EX-13(?:[.\-]\w+)*$", re.I)
_POINTS_TO_REPORT = re.compile(r"annual\s+report|exhibit\s+13\b|report\s+to\s+(?:share|stock)holders", re.I)

# The headings an annual report gives the topics that 10-K / 10-Q Items incorporate from it, and the
# headings that end the last of them (the report's back matter).
_TOPICS: dict[str, re.Pattern[str]] = {
    "selected": re.compile(r"(?:selected\s+(?:consolidated\s+)?financial\s+data|five[- ]year\s+(?:selected\s+)?"
                           r"(?:financial\s+)?(?:summary|data))", re.I),
    "mdna": re.compile(r"management['’]?s\s+discussion\s+and\s+analysis|financial\s+review$", re.I),
    "market_risk": re.compile(r"quantitative\s+and\s+qualitative\s+disclosures?\s+about\s+market\s+risk", re.I),
    "statements": re.compile(r"(?:consolidated\s+)?statements?\s+of\s+(?:consolidated\s+)?(?:income|operations|earnings)"
                             r"|(?:consolidated\s+)?balance\s+sheets?$|report\s+of\s+independent\s+(?:registered\s+)?"
                             r"(?:public\s+)?(?:accountants|auditors|accounting\s+firm)", re.I),
    "back_matter": re.compile(r"(?:share|stock)holder\s+information|corporate\s+information|investor\s+information"
                              r"|board\s+of\s+directors$|directors\s+and\s+officers$", re.I),
}
_ITEM_TOPIC = {"6": "selected", "7": "mdna", "7A": "market_risk", "8": "statements",
               "part1item1": "statements", "part1item2": "mdna", "part1item3": "market_risk"}
_HEADING_MAX = 120
_TOC_TAIL = re.compile(r"(?:\.{3,}|\s)\s*\d{1,3}\s*$")
_PAGES_CONFIDENCE, _HEADING_CONFIDENCE = 0.8, 0.7


@dataclass(frozen=True)
class AnnualReport:
    """An annual-report exhibit of the submission, its extracted text, and where that text is placed.

    `source_offset`: where the exhibit's source starts in the offsets the filing's sections use;
    `text_offset`: where its text starts in the filing's extracted text.
    """

    type: str
    filename: str
    doc: BlockText
    source_offset: int
    text_offset: int

    @property
    def name(self) -> str:
        """The exhibit's file name, or its type when the submission gives none (1990s filings)."""
        return self.filename or self.type


def is_annual_report(document_type: str) -> bool:
    """True for an annual-report exhibit type (EX-13, EX-13.1, EX-13.2 ...)."""
    return bool(_ANNUAL_REPORT_TYPE.match(document_type.strip()))


def points_to_annual_report(sections: list[Section]) -> bool:
    """True when some section is a stub that refers to the annual report or Exhibit 13."""
    return any(_is_report_stub(s) for s in sections)


def _is_report_stub(s: Section) -> bool:
    return STUB_WARNING in s.warnings and s.item in _ITEM_TOPIC and bool(_POINTS_TO_REPORT.search(s.text))


def attach_annual_report(sections: list[Section], reports: list[AnnualReport]) -> list[Section]:
    """Give each stub that refers to the annual report the exhibit text it incorporates."""
    if not reports:
        return sections
    pages = {id(r): page_map(r.doc) for r in reports}
    topics = {id(r): _topic_starts(r.doc) for r in reports}
    out: list[Section] = []
    for s in sections:
        found = (_by_pages(s, reports, pages) or _by_heading(s, reports, topics)) if _is_report_stub(s) else None
        out.append(_incorporated(s, *found) if found else s)
    return out


def _by_pages(stub: Section, reports: list[AnnualReport],
              pages: dict[int, list]) -> tuple[AnnualReport, list[tuple[int, int]], str, float] | None:
    """The printed pages the stub names, in the one exhibit whose page numbers hold most of them."""
    refs = page_refs(stub.text)
    best: tuple[AnnualReport, list[tuple[int, int]]] | None = None
    for r in reports:
        spans = [sp for sp in (locate(pages[id(r)], ref) for ref in refs) if sp is not None]
        if spans and (best is None or len(spans) > len(best[1])):
            best = (r, spans)
    if best is None:
        return None
    where = f"pages {', '.join(str(x) for x in refs)}"
    return best[0], _merged(best[1]), where, _PAGES_CONFIDENCE


def _topic_starts(doc: BlockText) -> list[tuple[int, str]]:
    """(text offset, topic) of the first heading of each topic, in document order; a table of contents
    (table rows, lines ending in a page number) does not count."""
    seen: set[str] = set()
    out: list[tuple[int, str]] = []
    for i, b in enumerate(doc.blocks):
        t = b.text
        if len(t) > _HEADING_MAX or b.in_table or _TOC_TAIL.search(t):
            continue
        for topic, pattern in _TOPICS.items():
            if topic not in seen and pattern.match(t):
                seen.add(topic)
                out.append((doc.offsets[i], topic))
                break
    return out


def _by_heading(stub: Section, reports: list[AnnualReport],
                topics: dict[int, list[tuple[int, str]]]) -> tuple[AnnualReport, list[tuple[int, int]], str, float] | None:
    """The exhibit's section under the topic heading of the stub's Item, up to the next topic's heading."""
    want = _ITEM_TOPIC[stub.item]
    for r in reports:
        starts = topics[id(r)]
        for k, (at, topic) in enumerate(starts):
            if topic == want:
                end = next((a for a, _ in starts[k + 1:] if a > at), len(r.doc.text))
                return r, [(at, end)], f"the section under its heading {r.doc.text[at:at + 60].splitlines()[0]!r}", \
                    _HEADING_CONFIDENCE
    return None


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _incorporated(stub: Section, report: AnnualReport, spans: list[tuple[int, int]], where: str,
                  confidence: float) -> Section:
    ex = excerpt(report.doc, spans, report.source_offset)
    warnings = [w for w in stub.warnings if not w.startswith("size ")]
    named = f"{report.type} ({report.filename})" if report.filename else report.type
    warnings.append(f"incorporated by reference: text taken from {named}, {where}")
    return replace(stub, text=ex.text, char_count=len(ex.text), start=report.text_offset + spans[0][0],
                   end=report.text_offset + ex.last_end, source_start=ex.source_ranges[0][0],
                   source_end=ex.source_ranges[-1][1], source_ranges=ex.source_ranges if len(spans) > 1 else [],
                   document=report.name, table_spans=ex.table_spans, confidence=confidence, warnings=warnings)
