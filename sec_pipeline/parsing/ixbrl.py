"""Inline XBRL (iXBRL) fact extraction: numeric facts, contexts and units of one HTML document.

Parses with lxml's XML parser in recover mode with entity resolution and network access off, so a
hostile document cannot read files or reach the network. Handles `ix:nonFraction` with `scale`,
`sign="-"`, `xsi:nil`, nested ix elements, and the common transformation formats (num-dot-decimal,
num-comma-decimal, fixed-zero, zerodash, numwordsen). One unreadable fact or context (a bad value, a
`scale` that is not a whole number within +-MAX_SCALE, a bad date) is dropped and named in
`IxbrlDocument.dropped`; the rest of the document is still read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from lxml import etree

PARSER_VERSION = "ixbrl-1"
# XBRL scales are powers of ten (6 for millions, -2 for percent); beyond 10**30 no financial figure exists.
MAX_SCALE = 30

_XML_DECLARATION = re.compile(r"<\?xml[^>]*\?>")
_XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
_WELL_KNOWN = (
    ("fasb.org/us-gaap", "us-gaap"),
    ("xbrl.sec.gov/dei", "dei"),
    ("fasb.org/srt", "srt"),
    ("xbrl.org/2003/iso4217", "iso4217"),
    ("xbrl.org/2003/instance", "xbrli"),
)


class IxbrlError(ValueError):
    """The document is not inline XBRL or a fact cannot be read; the message names it."""


@dataclass(frozen=True)
class Context:
    """An XBRL context: period and dimensions (empty for totals)."""

    id: str
    start: date | None
    end: date
    instant: bool
    dimensions: tuple[tuple[str, str], ...] = ()

    @property
    def days(self) -> int:
        """Length of a duration context in days (0 for an instant)."""
        return 0 if self.instant or self.start is None else (self.end - self.start).days

    @property
    def period(self) -> str:
        """`YYYY-MM-DD` for an instant, `start/end` for a duration."""
        if self.instant or self.start is None:
            return self.end.isoformat()
        return f"{self.start.isoformat()}/{self.end.isoformat()}"


@dataclass(frozen=True)
class Fact:
    """One inline XBRL fact with scale and sign applied (value None when nil or non-numeric)."""

    name: str
    context_ref: str
    unit_ref: str | None
    value: Decimal | None
    text: str
    decimals: str | None = None
    scale: int = 0
    fact_id: str | None = None
    numeric: bool = True


@dataclass
class IxbrlDocument:
    """Facts, contexts and units of one inline XBRL document."""

    facts: list[Fact] = field(default_factory=list)
    contexts: dict[str, Context] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)  # why each unreadable fact or context was left out

    def facts_named(self, name: str) -> list[Fact]:
        """All facts with this prefixed concept name (e.g. `us-gaap:Assets`)."""
        return [f for f in self.facts if f.name == name]

    def dei(self, local_name: str) -> Fact | None:
        """The first `dei:` fact of that local name, if any."""
        found = self.facts_named(f"dei:{local_name}")
        return found[0] if found else None


_WORDS = {
    "no": 0, "none": 0, "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}
_MULTIPLIERS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}


def words_to_number(text: str) -> Decimal:
    """English number words ("twenty-five", "no", "one hundred") to a number (ixt-sec:numwordsen)."""
    tokens = [t for t in re.split(r"[\s\-,]+", text.strip().lower()) if t and t != "and"]
    if not tokens:
        raise IxbrlError(f"empty number-words value {text!r}")
    total = current = 0
    for token in tokens:
        if token in _WORDS:
            current += _WORDS[token]
        elif token in _MULTIPLIERS:
            mult = _MULTIPLIERS[token]
            if mult == 100:
                current = max(current, 1) * 100
            else:
                total += max(current, 1) * mult
                current = 0
        else:
            raise IxbrlError(f"cannot read number words {text!r} (unknown word {token!r})")
    return Decimal(total + current)


def transform_value(text: str, fmt: str | None) -> Decimal:
    """Apply an inline XBRL transformation format to displayed text, giving an unsigned number."""
    local = (fmt or "").split(":")[-1].lower().replace("-", "")
    raw = text.strip()
    if local in {"fixedzero", "zerodash", "numdash"} or (raw in {"-", "—", "–", ""} and local != "numwordsen"):
        return Decimal(0)
    if local == "numwordsen":
        return words_to_number(raw)
    if local in {"numcommadecimal", "numdotcomma", "numspacecomma"}:
        cleaned = re.sub(r"[\s.\u00a0']", "", raw).replace(",", ".")
    else:  # num-dot-decimal, numdotdecimal, numcommadot, plain
        cleaned = re.sub(r"[\s,\u00a0']", "", raw)
    cleaned = cleaned.strip("()$€£%")
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:
        raise IxbrlError(f"cannot read {text!r} with format {fmt!r}") from exc


def _local(tag: object) -> str:
    return tag.split("}", 1)[1] if isinstance(tag, str) and "}" in tag else str(tag)


def _prefixed(qname: str, nsmap: dict[str | None, str]) -> str:
    """Normalise a QName's prefix to the conventional one for well-known taxonomies."""
    prefix, _, local = qname.strip().rpartition(":")
    uri = nsmap.get(prefix or None, "")
    for fragment, conventional in _WELL_KNOWN:
        if fragment in uri:
            return f"{conventional}:{local}"
    return qname.strip()


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        raise IxbrlError(f"{text.strip()[:40]!r} is not a date") from None


def _parse_context(el: etree._Element) -> Context:
    cid = el.get("id", "")
    start = end = None
    instant = False
    dims: list[tuple[str, str]] = []
    for child in el.iter():
        name = _local(child.tag)
        if name == "instant":
            end, instant = _date(child.text or ""), True
        elif name == "startDate":
            start = _date(child.text or "")
        elif name == "endDate":
            end = _date(child.text or "")
        elif name in {"explicitMember", "typedMember"}:
            value = (child.text or "").strip() if name == "explicitMember" else "typed"
            dims.append((child.get("dimension", ""), value))
    if end is None:
        raise IxbrlError(f"context {cid!r} has no period end date")
    return Context(cid, start, end, instant, tuple(sorted(dims)))


def _parse_unit(el: etree._Element) -> str:
    def measures(node: etree._Element) -> list[str]:
        return [(m.text or "").strip().split(":")[-1] for m in node.iter() if _local(m.tag) == "measure"]

    num = next((c for c in el.iter() if _local(c.tag) == "unitNumerator"), None)
    den = next((c for c in el.iter() if _local(c.tag) == "unitDenominator"), None)
    if num is not None and den is not None:
        return "*".join(measures(num)) + "/" + "*".join(measures(den))
    return "*".join(measures(el))


def _root(html: bytes | str) -> etree._Element:
    if isinstance(html, str):  # already decoded: drop an XML declaration that names another encoding
        html = _XML_DECLARATION.sub("", html[:4096], count=1) + html[4096:]
    data = html.encode("utf-8") if isinstance(html, str) else html
    start = min((i for i in (data.find(b"<?xml"), data.find(b"<html"), data.find(b"<HTML")) if i >= 0),
                default=-1)
    if start < 0:
        raise IxbrlError("document has no <html> root: pass the primary iXBRL document, not a full submission")
    end = data.rfind(b"</html>")
    data = data[start: end + 7] if end > start else data[start:]
    parser = etree.XMLParser(recover=True, huge_tree=True, resolve_entities=False, no_network=True,
                             load_dtd=False)
    root = etree.fromstring(data, parser)
    if root is None:
        raise IxbrlError("document could not be parsed as XHTML")
    return root


def parse_ixbrl(html: bytes | str) -> IxbrlDocument:
    """All numeric (`ix:nonFraction`) and dei (`ix:nonNumeric`) facts with their contexts and units."""
    root = _root(html)
    doc = IxbrlDocument()
    seen: set[tuple[str, str, str | None, Decimal | None]] = set()
    for el in root.iter():
        tag = el.tag
        if not isinstance(tag, str) or "}" not in tag:
            continue
        ns, name = tag[1:].split("}", 1)
        if name == "context" and "xbrl.org/2003/instance" in ns:
            try:
                ctx = _parse_context(el)
            except (IxbrlError, ValueError) as exc:
                doc.dropped.append(str(exc))
                continue
            doc.contexts[ctx.id] = ctx
        elif name == "unit" and "xbrl.org/2003/instance" in ns:
            doc.units[el.get("id", "")] = _parse_unit(el)
        elif "inlineXBRL" not in ns:
            continue
        elif name == "nonFraction":
            try:
                fact = _nonfraction(el)
            except IxbrlError as exc:
                doc.dropped.append(str(exc))
                continue
            key = (fact.name, fact.context_ref, fact.unit_ref, fact.value)
            if key not in seen:
                seen.add(key)
                doc.facts.append(fact)
        elif name == "nonNumeric" and el.get("name", "").split(":")[0] in {"dei"} | _dei_prefixes(el):
            text = " ".join("".join(el.itertext()).split())
            doc.facts.append(Fact(_prefixed(el.get("name", ""), el.nsmap), el.get("contextRef", ""),
                                  None, None, text, fact_id=el.get("id"), numeric=False))
    if not doc.contexts:
        raise IxbrlError("no xbrli:context found: the document is not inline XBRL")
    return doc


def _dei_prefixes(el: etree._Element) -> set[str]:
    return {p for p, uri in el.nsmap.items() if p and "xbrl.sec.gov/dei" in uri}


def _scale(raw: str | None) -> int:
    """The `scale` attribute as a whole number within +-MAX_SCALE (IxbrlError otherwise)."""
    text = (raw or "0").strip()
    if not re.fullmatch(r"[+-]?\d{1,3}", text) or abs(int(text)) > MAX_SCALE:
        raise IxbrlError(f"scale={text[:20]!r} is not a whole number within +-{MAX_SCALE}")
    return int(text)


def _nonfraction(el: etree._Element) -> Fact:
    name = _prefixed(el.get("name", ""), el.nsmap)
    text = "".join(el.itertext())
    try:
        scale = _scale(el.get("scale"))
        value = None if el.get(_XSI_NIL) == "true" else transform_value(text, el.get("format"))
    except IxbrlError as exc:
        raise IxbrlError(f"fact {name} (id {el.get('id')}): {exc}") from exc
    if value is not None:
        value = value.scaleb(scale)
        if el.get("sign") == "-":
            value = -value
    return Fact(name, el.get("contextRef", ""), el.get("unitRef"), value, " ".join(text.split()),
                el.get("decimals"), scale, el.get("id"))
