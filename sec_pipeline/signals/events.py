"""Corporate events as `Signal` rows: from 8-K items, and from sentences of any section's text.

`item_events` maps declared or found 8-K items (post-2004 numbering "2.02" and pre-2004 "5") to the event
categories of the vocabulary's 8-K Items, quoting the item's first substantive sentence when the item text
is given. `detect_text_events` runs sentence-level rules for going concern doubt, material weakness,
restatement, cybersecurity incident, officer/director change, bankruptcy, auditor change, impairment and
delisting notice. A rule fires only on an assertion; negated sentences ("no material weakness"), boilerplate
(audit-report scope paragraphs, item headings, debt covenants) and hypotheticals ("if we fail to maintain
effective internal controls") do not fire; hypotheticals are reported once per section as a `risk_mention`
with low confidence instead.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher

from sec_pipeline.signals.records import Signal
from sec_pipeline.signals.text import Sentence, split_prose_sentences, split_sentences
from sec_pipeline.vocabulary import eight_k_code, eight_k_item

FAMILY = "event"
MODEL_ITEMS = "8k-items"
MODEL_TEXT = "event-rules"
MODEL_VERSION = "1"
RISK_MENTION_CONFIDENCE = 0.3

TEXT_EVENTS = ("going_concern", "material_weakness", "restatement", "cybersecurity_incident", "officer_change",
               "bankruptcy", "auditor_change", "impairment", "delisting")


def _plain(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower().replace("’", "'")))


def _heading_like(sentence: str, title: str) -> bool:
    """An item heading ("Item 4.01.", the item's title, or a close variant of it) or a fragment."""
    low = sentence.lower()
    if (low.startswith("item ") and len(sentence) < 250) or len(sentence) < 40:
        return True
    plain, plain_title = _plain(sentence), _plain(title)
    return plain.startswith(plain_title[:25]) or SequenceMatcher(None, plain, plain_title).ratio() >= 0.7


def item_events(items: Iterable[str] | Mapping[str, str], strict: bool = False) -> list[Signal]:
    """One `event` signal per 8-K item; pass {item: text} to quote the item's first substantive sentence.

    A 5.02 with text is read by its sub-paragraphs: `item_5.02_departure` and `item_5.02_appointment`
    (category `officer_change`, each quoting its first sentence), or `item_5.02_compensation` (category
    `compensation_change`) when it reports only compensatory arrangements (paragraph (e)).
    Unknown item codes are skipped, or raise ValueError with `strict=True`.
    """
    started = time.perf_counter()
    texts: Mapping[str, str] = items if isinstance(items, Mapping) else dict.fromkeys(items, "")
    out: list[Signal] = []
    seen: set[str] = set()
    for raw, text in texts.items():
        code = eight_k_code(str(raw))
        item = eight_k_item(code) if code else None
        if code is None or item is None:
            if strict:
                raise ValueError(f"unknown 8-K item {raw!r}: expected a code like '2.02' (2004+) or '5' (pre-2004)")
            continue
        if code in seen:
            continue
        seen.add(code)
        sentences = [s for s in split_prose_sentences(text or "") if not _heading_like(s.text, item.title)]
        parts = officer_item_parts(sentences) if code == "5.02" else {}
        for part, (category, evidence) in parts.items() or {"": (item.category, next(iter(sentences), None))}.items():
            out.append(Signal(
                section=code, family=FAMILY, name=f"item_{code}{'_' + part if part else ''}", category=category,
                value=1.0, label=f"{item.title}: {part}" if part else item.title, confidence=1.0,
                evidence=evidence.text if evidence else None,
                evidence_start=evidence.start if evidence else None, evidence_end=evidence.end if evidence else None,
                model=MODEL_ITEMS, model_version=MODEL_VERSION, tier="rules",
                latency_s=time.perf_counter() - started,
            ))
    return out


COMPENSATION_CHANGE = "compensation_change"
_DEPARTURE = re.compile(r"\b(?:resign\w*|retir(?:e|ed|es|ing|ement)|step(?:s|ped|ping)? down|depart\w*|"
                        r"terminat\w*|separat\w*|not (?:to )?stand for re-?election|will leave|left the company|"
                        r"passed away|death|removed)\b", re.I)
_APPOINTMENT = re.compile(r"\b(?:appoint\w*|elected|election of|named|promot\w*|hired|join(?:s|ed)?|"
                          r"will (?:succeed|serve as|become)|succeed\w*|assum(?:e|ed|es) the (?:role|duties|position))\b",
                          re.I)
_COMPENSATION = re.compile(r"\b(?:compensat\w*|salary|bonus\w*|awards?|equity|stock options?|restricted stock|"
                           r"severance|incentive|retention|employment agreement|amend\w*|plan)\b", re.I)
_PARAGRAPH = re.compile(r"^\(?([b-f])\)\s")


def officer_item_parts(sentences: list[Sentence]) -> dict[str, tuple[str, Sentence | None]]:
    """The parts of an Item 5.02 ({part: (category, first sentence)}): "departure" (paragraph (b)) and
    "appointment" (paragraphs (c), (d)) from sentences the officer-change rules read as assertions, or from the
    paragraph letters; "compensation" (category `compensation_change`) when neither is found and a sentence
    speaks of compensatory arrangements (paragraph (e)). Empty when none applies."""
    officer = next(r for r in RULES if r.event == "officer_change")
    parts: dict[str, tuple[str, Sentence | None]] = {}
    for sentence in sentences:
        letter = _PARAGRAPH.match(sentence.text)
        asserted = rule_verdict(officer, plain_for_rules(sentence.text)) == "event"
        if (letter and letter.group(1) == "b") or (asserted and _DEPARTURE.search(sentence.text)):
            parts.setdefault("departure", ("officer_change", sentence))
        if (letter and letter.group(1) in "cd") or (asserted and _APPOINTMENT.search(sentence.text)):
            parts.setdefault("appointment", ("officer_change", sentence))
    if not parts:
        compensation = next((s for s in sentences if _COMPENSATION.search(s.text)), None)
        if compensation is not None:
            parts["compensation"] = (COMPENSATION_CHANGE, compensation)
    return parts


@dataclass(frozen=True)
class Rule:
    """Sentence patterns for one text event: any trigger fires unless a veto matches."""

    event: str
    triggers: tuple[re.Pattern[str], ...]
    vetoes: tuple[re.Pattern[str], ...] = ()
    confidence: float = 0.85


def _rx(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.I) for p in patterns)


_ROLE = r"\b(?:director|officer|chief|president|ceo|cfo|coo|cto|chair(?:man|woman|person)?|vice president|" \
        r"controller|treasurer|secretary|board|general counsel|executive (?:officer|vice|chairman|director))\b"
_AUDITOR = r"(?:independent (?:registered )?(?:public )?(?:accounting firm|auditors?|accountants?)|" \
           r"certifying accountants?|(?:external |independent )?auditors?\b)"
_MONEY = r"\$\s?[\d.,]+"

# Modal or conditional wording before the trigger makes the sentence hypothetical.
HYPOTHETICAL = re.compile(
    r"\b(?:if|may(?!\s+\d)|might|could|would|should|whether|unless|in the event|cannot assure|no assurance|potential(?:ly)?|"
    r"risk that|intends? to|expects? to|plans? to|anticipates?|future)\b", re.I)
# A bare "in 2011" or "in December 2011" with no day: how executive-officer biographies date past roles
BIOGRAPHY_DATE = (r"^(?!.*\b(?:january|february|march|april|may|june|july|august|september|october|november|"
                  r"december)\s+\d{1,2},\s+(?:19|20)\d\d).*\bin (?:(?:january|february|march|april|may|june|july|"
                  r"august|september|october|november|december) )?(?:19|20)\d\d\b")
NEGATION = re.compile(
    r"\b(?:no|not|never|none|without|neither|nor|did not|does not|has not|have not|had not|were no|was no|"
    r"there (?:were|are|was|is) no|non-material)\b", re.I)

RULES: tuple[Rule, ...] = (
    Rule("going_concern", _rx(
        r"substantial doubt\b[^.]{0,160}\b(?:ability|able) to continue as a going concern",
        r"going concern (?:uncertainty|qualification|opinion|paragraph|explanatory)",
        r"explanatory paragraph[^.]{0,200}going concern",
    ), _rx(r"(?:no|not|alleviate[sd]?|without) substantial doubt", r"\bthe entity'?s?\b|\ban entity\b",
           r"(?:evaluate|assess)\w* whether there (?:are|is) (?:conditions|substantial doubt)")),
    Rule("material_weakness", _rx(
        r"\b(?:we|management|the company|our management|registrant|it)\b[^.;]{0,100}\b(?:identified|disclosed|"
        r"concluded|determined|reported)\b[^.;]{0,140}material weakness",
        r"material weakness(?:es)?\b[^.;]{0,80}\b(?:existed|was identified|were identified|has been identified|"
        r"have been identified)",
        r"\b(?:not effective|ineffective)\b[^.]{0,220}material weakness",
        r"material weakness(?:es)?[^.]{0,220}\b(?:not effective|ineffective)\b",
        r"adverse opinion[^.]{0,260}material weakness",
        r"(?:due to|because of|as a result of) (?:a |the |these |this )?material weakness",
        r"following material weakness",
        # remediation under way presupposes an unremediated weakness: "measures to remediate the material weaknesses"
        r"\b(?:remediate|remediating|address(?:ing)?)\s+(?:the|these|this|our|such|each of the|"
        r"(?:the )?(?:previously )?(?:identified|reported|disclosed))\s+(?:[\w-]+ ){0,2}material weakness",
        r"\bour material weakness",
        # an auditor's communication of a weakness (8-K Item 4.01 reportable events)
        r"\b(?:advised|informed|notified)\b[^.;]{0,120}\bof (?:a|the|certain|two|three) (?:[\w-]+ )?material weakness",
    ), _rx(r"assessing the risk that a material weakness exists", r"\bno material weakness",
           r"\bnot (?:identif\w+|aware of) any material weakness", r"material weakness is (?:a|defined)",
           r"\b(?:has|have|had|was|were) (?:been )?(?:fully |successfully )?remediated",
           r"remediated as of", r"remediation of (?:the|these|this|such) material weakness(?:es)? (?:was|were|is) "
           r"complete", r"identification of material weakness", r"any material weakness")),
    Rule("restatement", _rx(
        r"(?:financial statements|financial information|reports?|results|audit report|review)\b[^.]{0,160}"
        r"(?:should|can|could) (?:no longer|not) be relied upon",
        r"non-?reliance on previously issued",
        r"restat\w*\s+(?:of\s+)?(?:its |our |the company's |the registrant's |the |certain |previously issued |"
        r"previously reported |prior period |consolidated |condensed |interim |annual |quarterly |unaudited )*"
        r"(?:financial statements|financial information|financial results|results of operations|results)",
        r"accounting restatements?", r"restatement[^.]{0,120}\b(?:error|correct|misstatement)",
        r"\bnote\s+\d+\s*[-–—:.]?\s*restatement\b", r"\brestatement of previously (?:issued|reported)",
        r"\b(?:error|misstatement)s?\b[^.]{0,120}\brestat",
    ), _rx(r"amend(?:ed|ment|s)? and restate", r"relied upon as (?:a )?substitutes?", r"\bnon-GAAP\b",
           r"relied upon (?:for (?:that|this|any) purpose|as an? (?:indication|indicator|predictor|measure|guarantee))", r"\bas restated\b(?! to correct)",
           r"restated (?:certificate|articles|bylaws|by-laws|charter|agreement|plan|credit|employment|rights)",
           r"restated to (?:include|reflect|conform)", r"\brecast\b", r"discontinued operations",
           r"\b(?:FAS|SFAS|ASU|standard|adoption|retrospective)\b",
           r"(?:may|might|could|would) (?:be required to |need to |have to )?restat")),
    Rule("cybersecurity_incident", _rx(
        r"\b(?:we|the company|our|registrant|it)\b[^.;]{0,80}\b(?:experienced|detected|identified|discovered|"
        r"became aware of|determined|suffered)\b[^.;]{0,120}(?:cyber[\w-]*|ransomware|unauthorized (?:access|"
        r"acquisition|third part)|data breach|security breach|security incident|intrusion|exfiltration)",
        r"(?:cyber[\w-]*\s+(?:incident|attack)|ransomware attack|data breach|security breach)[^.;]{0,60}\b(?:"
        r"occurred|was detected|was discovered|was identified) (?:on|in)\b",
    ), _rx(r"\bnot (?:had|have) a material", r"no material (?:impact|effect)", r"\bnon-material\b",
           r"\b(?:not|no|never)\b[^.;]{0,60}\b(?:experienced|identified|aware|incidents?)\b",
           r"\bincluding during\b", r"from time to time", r"\b(?:an|is|are|highly) experienced\b",
           r"experienced (?:cybersecurity|information|security|technology) (?:professionals?|executives?|leaders?|"
           r"teams?)", r"(?:may|could|will) (?:in the future |continue to )?"
           r"experience", r"\band may\b")),
    Rule("officer_change", _rx(
        rf"\b(?:resign(?:ed|ation|s|ing)?|retire(?:d|ment|s)?|retiring|step(?:ped|s)? down|depart(?:ed|ure|s)|"
        rf"terminat(?:ed|ion of)[^.]{{0,40}}employment)\b[^.]{{0,160}}{_ROLE}",
        rf"{_ROLE}[^.]{{0,160}}\b(?:resign(?:ed|ation|s|ing)|retire(?:d|ment|s)|retiring|step(?:ped|s)? down|"
        rf"will depart|departed)\b",
        rf"\b(?:was|were|been|is|has been|had been|have been)\s+(?:appointed|elected|named|promoted)\b[^.]{{0,120}}"
        rf"{_ROLE}",
        rf"\b(?:appointed|elected|named|promoted|hired)\s+(?:(?:mr|ms|mrs|dr)\.?\s+)?(?-i:[A-Z][\w.\-]*)"
        rf"(?:\s+(?-i:[A-Z][\w.\-]*)){{0,3}}[^.]{{0,120}}{_ROLE}",
        rf"\b(?:assumed the (?:duties|role|position|title|office) of|became (?:the |our )?(?:new |interim )?)"
        rf"[^.]{{0,40}}{_ROLE}",
        rf"\b(?:was|were|has been|had been|is being)\s+terminated\s+(?:as|from)\b[^.]{{0,60}}{_ROLE}",
        r"(?:'s|’s|s'|s’) employment\b[^.]{0,60}\b(?:terminated|ended|will (?:terminate|end))\b",
        rf"\btermination of (?:(?:mr|ms|mrs|dr)\.?\s+)?(?-i:[A-Z][\w.\-]*)(?:\s+(?-i:[A-Z][\w.\-]*)){{0,3}},?\s+"
        rf"(?:the\s+)?(?:company's\s+|company’s\s+)?{_ROLE}",
        r"\b(?:letter|notice) of resignation\b",
        rf"{_ROLE}[^.]{{0,20}}\b(?:transition|succession)\b",
        rf"\b(?:will|to) (?:succeed|replace)\b[^.]{{0,80}}\bas\b[^.]{{0,40}}{_ROLE}",
    ), _rx(r"ratif\w+[^.]{0,30}appointment", r"^\s*(?:\(?\d\)?\s*)?(?:proposal|to elect|election of)",
           rf"appointment of[^.]{{0,60}}{_AUDITOR}", rf"{_AUDITOR}[^.]{{0,30}}(?:resign|dismiss|appoint)",
           r"committee appointed by", r"departure of directors or (?:certain|principal) officers?",
           r"in the event of", r"^\s*item\s+\d",
           r"retirement (?:plans?|benefits?|income|savings|accounts?|obligations?|programs?)",
           r"deferred compensation", r"\beach (?:executive )?officer\b", r"\b(?:is|are) elected by\b",
           r"/s/", r"succession planning", r"retire(?:d|ment)? (?:of|from) (?:debt|notes|shares|stock|bonds)",
           r"had not retired", r"\b(?:has|have|had|was|were) not been (?:appointed|elected|named)", r"upon (?:a|the|his|her|their|such)\b[^.]{0,40}(?:retirement|resignation|death|"
           r"termination)",
           r"(?:resignation|retirement),? death|death,? (?:resignation|retirement)",
           r"\b(?:date|year)s? (?:first )?(?:elected|appointed)\b",  # a table header ("Date First Elected")
           r"\bremoval of a director", r"\bjoined\b[^.]{0,80}\bin (?:19|20)\d\d", r"\bhas served as\b",
           r"\bsince (?:19|20)\d\d\b(?![^.]*\b(?:19|20)\d\d\b)",
           BIOGRAPHY_DATE, r"(?:stockholders|shareholders|holders)[^.]{0,40}\belected\b",
           r"until (?:their|his|her) (?:respective )?successors? (?:is|are) (?:duly )?(?:elected|chosen|appointed)", r"\b(?:may|might|could|would) (?:resign|retire|be appointed)")),
    Rule("bankruptcy", _rx(
        r"\bfiled (?:a )?(?:voluntary |involuntary )?petitions?\b[^.]{0,120}(?:chapter\s+(?:7|11|15)|bankruptcy)",
        r"\bcommenced\b[^.]{0,60}(?:chapter\s+(?:7|11|15)|bankruptcy|receivership|insolvency) (?:case|proceeding)",
        r"\b(?:has|have|had|was|were) appointed (?:a |an )?(?:interim )?(?:trustee|receiver)\b",
        r"\bappointment of (?:a |an )?(?:interim )?(?:chapter \d+ )?(?:trustee|receiver)\b",
        r"emerged? from (?:chapter\s+11|bankruptcy)", r"order confirming[^.]{0,60}plan",
        r"plan of reorganization[^.]{0,60}\b(?:was )?confirmed",
        r"involuntary petition[^.]{0,80}(?:was )?filed against",
        r"chapter\s+11 (?:cases?|proceedings?|petitions?)[^.]{0,40}\b(?:initiated|commenced|filed) by",
        r"\b(?:operate|operating|continue to operate)\b[^.]{0,60}\bas debtors?[- ]in[- ]possession",
    ), _rx(r"events? of default", r"default(?:s)? (?:include|under)", r"with respect to the company or any",
           r"(?:may|might|could|would|intends? to|plans? to|expects? to) (?:file|seek|commence)",
           r"trustee under the indenture",
           r"\b(?:supplier|customer|counterparty|tenant|licensee|vendor|lessee|competitor)s?\b[^.]{0,200}"
           r"\b(?:filed|commenced|emerged)\b")),
    Rule("auditor_change", _rx(
        rf"\b(?:dismiss(?:ed|al of)|terminated the engagement of)\b[^.]{{0,140}}{_AUDITOR}",
        rf"{_AUDITOR}[^.]{{0,200}}\b(?:resigned|had resigned|was dismissed|declined to stand for re-?election|"
        rf"will not stand for re-?election)",
        rf"\b(?:resigned|declined to stand for re-?election)\b[^.]{{0,40}}\bas\b[^.]{{0,60}}{_AUDITOR}",
        rf"\b(?:approved|authorized) the (?:engagement|appointment) of\b[^.]{{0,80}}\bas\b[^.]{{0,30}}"
        rf"(?:its|the company's) new {_AUDITOR}",
        rf"\bengaged\b[^.]{{0,80}}\bas\b[^.]{{0,30}}(?:its|the company's) new {_AUDITOR}",
    ), _rx(r"ratif\w+", r"\bproposal\b", r"(?:may|might|could|would) (?:dismiss|resign|change)")),
    Rule("impairment", _rx(
        r"\b(?:recorded|recognized|recognised|incurred|took|booked|reported)\b[^.;]{0,100}\bimpairment",
        r"impairment (?:charges?|loss(?:es)?|expense)[^.;]{0,100}\b(?:was|were) (?:recorded|recognized|recognised|"
        r"incurred|taken)",
        rf"impairment (?:charges?|loss(?:es)?|expense)s? (?:of|totaling|totalling|amounting to) (?:approximately )?"
        rf"{_MONEY}",
        rf"{_MONEY}(?: (?:million|billion|thousand))?[^.;]{{0,30}}\b(?:non-cash )?impairment (?:charge|loss)",
        r"\bimpaired\b[^.;]{0,40}\b(?:and|,) (?:we|the company) (?:recorded|recognized)",
        # MD&A explaining a change by a charge of the period: "the decrease was due to the impairment charge"
        r"\b(?:was|were|is|are)\s+(?:primarily |mainly |largely |partially |partly )?(?:due|attributable|related)"
        r" to\s+(?:the |a |an )?(?:[\w-]+ ){0,4}impairment (?:charges?|loss(?:es)?)",
    ), _rx(r"\bno (?:[\w-]+ ){0,3}impairments?\b", r"impairment[^.]{0,80}\bnot material", r"\bonly when\b",
           r"\bdefined as\b", r"\bwe exclude\b", r"(?:may|could|will) (?:in the future |continue to )?incur", r"\bnot (?:record|recognize)\w* any (?:\w+ ){0,3}impairment",
           r"resulting in no", r"\bdid not (?:record|recognize|identify|result)", r"(?:less|minus) any impairment",
           r"assuming no (?:subsequent )?impairment", r"(?:may|might|could|would) (?:be required to )?"
           r"(?:record|recognize|incur)", r"\bonly if an impairment", r"are recorded at fair value on a nonrecurring",
           r"\b(?:FSP|FAS|SFAS|ASU|EITF)\b", r"\b(?:guidance|standard) (?:requires|includes|provides)")),
    Rule("delisting", _rx(
        r"\b(?:received|receipt of|has received)\b[^.]{0,40}\b(?:notice|notification|letter|determination)\b[^.]{0,200}"
        r"(?:nasdaq|nyse|new york stock exchange|stock exchange|listing (?:rule|standard|requirement)|delist)",
        r"\b(?:notified|informed)\b[^.]{0,120}(?:delist|not in compliance with[^.]{0,60}listing)",
        r"\b(?:will be|to be|was|were|has been) (?:suspended and )?delisted\b",
        r"\bno longer (?:in compliance|compliant|satisf\w+)\b[^.]{0,100}(?:listing|nasdaq|nyse)",
        r"suspend\w* trading[^.]{0,60}(?:nasdaq|nyse|exchange)",
        r"\bregain(?:ed)? compliance\b[^.]{0,80}(?:listing|nasdaq|nyse|stock exchange)",
        r"(?:listing|nasdaq|nyse)[^.]{0,120}\b(?:calendar |business )?days\b[^.]{0,60}\bto regain compliance",
    ), _rx(r"(?:may|might|could|would) (?:be |become )?(?:delisted|subject to delisting|receive)",
           r"\bif\b[^.]{0,60}(?:delist|fail to (?:satisfy|meet|comply))")),
)


def _hypothetical_before(sentence: str, position: int) -> bool:
    return HYPOTHETICAL.search(sentence[:position]) is not None


# A modal inside the matched words ("we may not understand what is detected ...") also makes it hypothetical.
MODAL_IN_SPAN = re.compile(
    r"\b(?:may(?!\s+\d)|might|could(?! (?:no longer|not) be relied)|would|should(?! (?:no longer|not) be relied)|"
    r"if|whether|unless)\b", re.I)


def rule_verdict(rule: Rule, sentence: str) -> str | None:
    """'event', 'risk_mention' or None for one sentence (as `plain_for_rules` gives it) under one rule."""
    match = next((m for p in rule.triggers if (m := p.search(sentence))), None)
    if match is None:
        return None
    if any(v.search(sentence) for v in rule.vetoes):
        return None
    if _hypothetical_before(sentence, match.start()) or MODAL_IN_SPAN.search(match.group(0)):
        return "risk_mention"
    return "event"


@dataclass(frozen=True)
class EventHit:
    """One sentence that asserts (kind "event") or hypothesises (kind "risk_mention") an event."""

    event: str
    kind: str
    sentence: Sentence


_DECIMAL = re.compile(r"(?<=\d)\.(?=\d)")
_DOTTED = re.compile(r"\b(?:[A-Z]|Mr|Mrs|Ms|Dr|Jr|Sr|Inc|Corp|Co|Ltd|No|St)\.")


def plain_for_rules(sentence: str) -> str:
    """The sentence as the rules read it: initials and abbreviations lose their dot, so that patterns may span
    "Steven L. Hoekstra", and decimal points become commas."""
    return _DECIMAL.sub(",", _DOTTED.sub(lambda m: m.group(0)[:-1], sentence))


def scan_sentences(text: str) -> list[EventHit]:
    """Every sentence of `text` that asserts or hypothesises one of the text events, in order."""
    lowered = text.lower()
    active = [r for r in RULES if _may_apply(r.event, lowered)]
    out: list[EventHit] = []
    for sentence in split_sentences(text) if active else []:
        low = sentence.text.lower()
        plain = None
        for rule in active:
            if not _may_apply(rule.event, low):
                continue
            plain = plain or plain_for_rules(sentence.text)
            kind = rule_verdict(rule, plain)
            if kind is not None:
                out.append(EventHit(rule.event, kind, sentence))
    return out


def detect_text_events(section_item: str, text: str) -> list[Signal]:
    """Text events in one section: one signal per event found (evidence = first asserting sentence).

    `value` counts the asserting sentences; hypothetical mentions become one `<event>_risk_mention` signal per
    event (category `risk_mention`, confidence 0.3) when no assertion was found for that event.
    """
    if not isinstance(text, str):
        raise TypeError(f"section {section_item!r}: text must be str, got {type(text).__name__}")
    started = time.perf_counter()
    hits: dict[str, list[Sentence]] = {}
    mentions: dict[str, Sentence] = {}
    for hit in scan_sentences(text):
        if hit.kind == "event":
            hits.setdefault(hit.event, []).append(hit.sentence)
        else:
            mentions.setdefault(hit.event, hit.sentence)
    latency = time.perf_counter() - started
    out = []
    for rule in RULES:
        if rule.event in hits:
            first = hits[rule.event][0]
            out.append(_signal(section_item, rule.event, rule.event, first, float(len(hits[rule.event])),
                               rule.confidence, latency))
        elif rule.event in mentions:
            out.append(_signal(section_item, f"{rule.event}_risk_mention", "risk_mention", mentions[rule.event],
                               1.0, RISK_MENTION_CONFIDENCE, latency, label=rule.event))
    return out


_KEYWORDS = {
    "going_concern": ("going concern",), "material_weakness": ("material weakness",),
    "restatement": ("restat", "relied upon", "reliance"),
    "cybersecurity_incident": ("cyber", "ransomware", "breach", "unauthorized", "intrusion", "exfiltration"),
    "officer_change": ("resign", "retire", "step", "depart", "terminat", "appoint", "elect", "named", "promot",
                       "hired", "succeed", "replace", "assumed", "became", "transition", "succession"),
    "bankruptcy": ("bankruptcy", "chapter", "trustee", "receiver", "reorganization", "petition"),
    "auditor_change": ("auditor", "accountant", "accounting firm"),
    "impairment": ("impair",), "delisting": ("delist", "listing", "nasdaq", "nyse", "exchange"),
}


def _may_apply(event: str, lowered: str) -> bool:
    return any(k in lowered for k in _KEYWORDS[event])


def _signal(section: str, name: str, category: str, sentence: Sentence, value: float, confidence: float,
            latency: float, label: str | None = None) -> Signal:
    return Signal(section=section, family=FAMILY, name=name, category=category, value=value,
                  label=label or category, confidence=confidence, evidence=sentence.text,
                  evidence_start=sentence.start, evidence_end=sentence.end, model=MODEL_TEXT,
                  model_version=MODEL_VERSION, tier="rules", latency_s=latency)
