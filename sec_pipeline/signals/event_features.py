"""What the learned event detector sees besides a sentence: which events it may be about (broad keyword
patterns that pick the candidate sentences), what the rules say about it (markers in the model's input), and
whether its subject is another company.

Candidates are deliberately broad: a sentence no pattern picks is never classified, so these patterns bound
the detector's recall, while the classifier supplies the precision.
"""

from __future__ import annotations

import re

from sec_pipeline.signals.events import RULES, TEXT_EVENTS, plain_for_rules, rule_verdict

CANDIDATE_PATTERNS: dict[str, re.Pattern[str]] = {
    event: re.compile(pattern, re.I) for event, pattern in {
        "going_concern": r"going concern|substantial doubt",
        "material_weakness": r"material weakness|(?:not|in)effective|adverse opinion|significant deficienc",
        "restatement": r"restat|relied upon|reliance|misstat|\berrors?\b|correct(?:ed|ion)|revis(?:ed|ion)",
        "cybersecurity_incident": r"cyber|ransomware|breach|unauthori[sz]ed|intrusion|exfiltrat|hack|malware|"
                                  r"threat actor|security incident",
        "officer_change": r"resign|retir|step(?:s|ped|ping)? down|depart|terminat|appoint|elect|\bnamed\b|promot|"
                          r"\bhired?\b|succe(?:ed|ssor|ssion)|replace|assum(?:e|ed|es) (?:the )?(?:role|duties|"
                          r"position)|became|transition|interim|\bjoin(?:s|ed)?\b|last day|separat|\bdeath\b|"
                          r"passed away|search for",
        "bankruptcy": r"bankrupt|chapter\s*(?:7|11|15)|trustee|receiver|reorgani[sz]ation|petition|"
                      r"debtors?[- ]in[- ]possession|insolven|creditors|court",
        "auditor_change": r"auditor|accountant|accounting firm|\bengaged\b|dismiss",
        "impairment": r"impair|write-?(?:down|off)|written (?:down|off)|wrote (?:down|off)|other-than-temporar",
        "delisting": r"delist|listing|nasdaq|nyse|\bexchange\b|regain compliance|bid price",
    }.items()
}


def candidate_events(sentence: str) -> list[str]:
    """The event types whose broad pattern matches the sentence (empty: not a candidate)."""
    return [event for event in TEXT_EVENTS if CANDIDATE_PATTERNS[event].search(sentence)]


def rule_markers(sentence: str) -> list[str]:
    """The rules' verdicts on the sentence as "<event> <event|risk_mention>" strings."""
    plain = plain_for_rules(sentence)
    return [f"{rule.event} {verdict}" for rule in RULES if (verdict := rule_verdict(rule, plain)) is not None]


def model_input(sentence: str, form: str, item: str, markers: list[str]) -> str:
    """The text the classifier reads: form and item, the rule markers, then the sentence (whitespace joined)."""
    rules = "; ".join(markers) if markers else "none"
    return f"{form} item {item} | rules: {rules} | {' '.join(sentence.split())}"


_OTHER_PARTY = re.compile(
    r"\b(?:suppliers?|customers?|counterpart(?:y|ies)|tenants?|lessees?|licensees?|vendors?|competitors?|"
    r"borrowers?|franchisees?|operators?|investees?|joint ventures?|partners?|peers?|an entity|the entity|"
    r"one of (?:our|its) (?:largest |major |significant )?(?:customers|suppliers|tenants))\b", re.I)
_OWN_SUBJECT = re.compile(
    r"\b(?:we|our|us|the company|the registrant|the corporation|the bank|subsidiar(?:y|ies)|the debtors?|"
    r"the partnership|the trust|the fund|management|the board)\b|\b(?:mr|ms|mrs|dr)\.?\s", re.I)


def other_company_subject(sentence: str) -> bool:
    """True when the sentence's event belongs to another party: it names a supplier, customer, tenant,
    counterparty, investee or "an entity" before any reference to the registrant, its subsidiaries or its
    people (the subject check of the learned detector)."""
    other = _OTHER_PARTY.search(sentence)
    if other is None:
        return False
    own = _OWN_SUBJECT.search(sentence)
    return own is None or own.start() > other.start()
