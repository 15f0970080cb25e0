"""Event signals: 8-K item mapping and sentence-level text detectors (positives and hard negatives)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sec_pipeline.signals.events import detect_text_events, item_events


def categories(text: str, section: str = "7") -> set[str]:
    return {s.category for s in detect_text_events(section, text)}


def test_item_events_new_and_old_numbering() -> None:
    found = {s.name: s.category for s in item_events(["1.01", "Item 4.02", "2.06", "5"])}
    assert found == {"item_1.01": "material_agreement", "item_4.02": "restatement", "item_2.06": "impairment",
                     "item_5": "other_event"}
    old = {s.category for s in item_events(["1", "3", "4", "6", "12"])}
    assert old == {"change_in_control", "bankruptcy", "auditor_change", "officer_change", "results"}
    assert item_events(["Other Events"]) == []
    with pytest.raises(ValueError, match="unknown 8-K item 'Other Events'"):
        item_events(["Other Events"], strict=True)


def test_item_events_quote_first_substantive_sentence() -> None:
    text = ("Item 5.02 Departure of Directors or Certain Officers\n"
            "On March 1, 2024, Jane Roe resigned as Chief Financial Officer of the Company. She had served since 2019.")
    (sig,) = item_events({"5.02": text})
    assert sig.evidence == "On March 1, 2024, Jane Roe resigned as Chief Financial Officer of the Company."
    assert text[sig.evidence_start:sig.evidence_end] == sig.evidence


@pytest.mark.parametrize(("text", "event"), [
    ("These conditions raise substantial doubt about the Company's ability to continue as a going concern.",
     "going_concern"),
    ("Management identified a material weakness in our internal control over financial reporting related to "
     "revenue recognition.", "material_weakness"),
    ("Our disclosure controls and procedures were not effective as of June 30, 2024 because of the material "
     "weakness described below.", "material_weakness"),
    ("The Audit Committee concluded that the previously issued financial statements for fiscal 2023 should no "
     "longer be relied upon.", "restatement"),
    ("On May 3, 2024, we detected unauthorized access to our internal IT systems by a ransomware group.",
     "cybersecurity_incident"),
    ("On June 2, 2024, John A. Smith informed the Board that he will resign as Chief Executive Officer.",
     "officer_change"),
    ("On July 1, 2024, the Company filed a voluntary petition for relief under Chapter 11 of the Bankruptcy Code.",
     "bankruptcy"),
    ("On April 2, 2024, the Audit Committee dismissed KPMG LLP as the Company's independent registered public "
     "accounting firm.", "auditor_change"),
    ("In the fourth quarter we recorded a goodwill impairment charge of $1.2 billion.", "impairment"),
    ("On August 5, 2024, the Company received a notice from Nasdaq stating that it no longer meets the minimum "
     "bid price requirement.", "delisting"),
    ("Management will continue to implement measures to remediate the material weaknesses described above.",
     "material_weakness"),
    ("As previously disclosed in our Annual Report, we identified material weaknesses in our internal control "
     "over financial reporting.", "material_weakness"),
    ("NOTE 21 - RESTATEMENT Prior to the issuance of the financial statements, management determined that the "
     "warrants were classified incorrectly.", "restatement"),
    ("In January 2023, the stockholders, in an effort to regain compliance with NASDAQ listing rules, approved a "
     "reverse stock split.", "delisting"),
    ("The decrease in operating income was primarily due to the goodwill impairment charge in the quarter.",
     "impairment"),
    ("In connection with its review, Deloitte & Touche LLP advised the Audit Committee of a material weakness in "
     "internal control over inventory.", "material_weakness"),
    ("The Company and its subsidiaries continue to operate their businesses as debtors-in-possession under the "
     "jurisdiction of the Bankruptcy Court.", "bankruptcy"),
    ("In accordance with Nasdaq Listing Rule 5810(c)(3)(A), the Company has 180 calendar days to regain "
     "compliance.", "delisting"),
])
def test_positives(text: str, event: str) -> None:
    sig = next(s for s in detect_text_events("8.01", text) if s.category == event)
    assert sig.evidence == text and (sig.evidence_start, sig.evidence_end) == (0, len(text))
    assert sig.family == "event" and sig.confidence > 0.5


@pytest.mark.parametrize(("text", "event"), [
    ("Based on our assessment, we concluded that our internal control over financial reporting contained no "
     "material weaknesses.", "material_weakness"),
    ("Our audit included obtaining an understanding of internal control over financial reporting, assessing the "
     "risk that a material weakness exists, and testing the design of internal control.", "material_weakness"),
    ("If we fail to maintain effective internal controls, we may identify a material weakness in the future.",
     "material_weakness"),
    ("On May 1, 2024, the Company entered into an Amended and Restated Credit Agreement with its lenders.",
     "restatement"),
    ("We have not experienced any material cybersecurity incidents in the past fiscal year.",
     "cybersecurity_incident"),
    ("Events of default include non-payment of principal, bankruptcy or insolvency, and change of control.",
     "bankruptcy"),
    ("Proposal 3: Ratification of the appointment of Ernst & Young LLP as independent auditors.", "auditor_change"),
    ("We completed our annual goodwill impairment test and concluded there was no impairment.", "impairment"),
    ("Investments are recorded at cost, less any impairment.", "impairment"),
    ("The financial statements have been prepared assuming the Company will continue as a going concern.",
     "going_concern"),
    ("Item 5.02 Departure of Directors or Certain Officers; Election of Directors; Appointment of Certain "
     "Officers", "officer_change"),
    ("The previously identified material weakness was remediated as of December 31, 2023.", "material_weakness"),
    ("Except with respect to the remediation of the material weakness described above, there were no changes in "
     "internal control over financial reporting.", "material_weakness"),
    ("If we fail to remediate the material weakness, investors may lose confidence in our reporting.",
     "material_weakness"),
    ("Mr. Parker has not been appointed to any committee of the Board of Directors.", "officer_change"),
])
def test_hard_negatives(text: str, event: str) -> None:
    assert event not in categories(text)


def test_hypothetical_becomes_low_confidence_risk_mention() -> None:
    text = ("If we are unable to raise additional capital, there could be substantial doubt about our ability to "
            "continue as a going concern.")
    sigs = detect_text_events("1A", text)
    assert [s.category for s in sigs] == ["risk_mention"]
    assert sigs[0].label == "going_concern" and sigs[0].name == "going_concern_risk_mention"
    assert sigs[0].confidence < 0.5


def test_one_signal_per_event_counts_sentences() -> None:
    text = ("We recorded an impairment charge of $10 million in Q1. We recorded an impairment charge of $5 million "
            "in Q3. No other events occurred.")
    (sig,) = detect_text_events("7", text)
    assert sig.category == "impairment" and sig.value == 2.0
    assert sig.evidence.startswith("We recorded an impairment charge of $10 million")


def test_real_8k_items(shared_edgar: Path) -> None:
    crawler = shared_edgar / "labels" / "edgar-crawler" / "8-K"
    item = json.loads((crawler / "1001426_0001193125-06-037737.json").read_text())["item_4.01"]
    assert "auditor_change" in categories(item, "4.01")
    vote = json.loads((crawler / "1002047_0001193125-21-271444.json").read_text())["item_5.07"]
    assert not {"auditor_change", "officer_change"} & categories(vote, "5.07")
    restated_bylaws = json.loads((crawler / "1000180_0001000180-11-000056.json").read_text())["item_5.03"]
    assert "restatement" not in categories(restated_bylaws, "5.03")


def test_bad_input() -> None:
    with pytest.raises(TypeError, match="section '7'"):
        detect_text_events("7", None)  # type: ignore[arg-type]


def test_item_502_departure_and_appointment_quote_their_sentences():
    text = ("Item 5.02 Departure of Directors or Certain Officers; Election of Directors; Appointment of Certain "
            "Officers; Compensatory Arrangements of Certain Officers.\n"
            "On May 1, 2024, John Smith notified the Board that he will retire as Chief Financial Officer of the "
            "Company effective June 30, 2024.\n"
            "On May 2, 2024, the Board appointed Jane Doe as Chief Financial Officer, effective July 1, 2024.")
    signals = {s.name: s for s in item_events({"5.02": text})}
    assert set(signals) == {"item_5.02_departure", "item_5.02_appointment"}
    assert {s.category for s in signals.values()} == {"officer_change"}
    assert signals["item_5.02_departure"].evidence.startswith("On May 1, 2024, John Smith")
    assert signals["item_5.02_appointment"].evidence.startswith("On May 2, 2024, the Board appointed")


def test_item_502_compensation_only_has_its_own_category():
    text = ("Item 5.02 Compensatory Arrangements of Certain Officers.\n"
            "On March 3, 2024, the Compensation Committee approved the annual base salary and target bonus of the "
            "Company's named executive officers for fiscal 2024 under the Annual Incentive Plan.")
    (signal,) = item_events({"5.02": text})
    assert (signal.name, signal.category) == ("item_5.02_compensation", "compensation_change")
    assert signal.evidence.startswith("On March 3, 2024, the Compensation Committee")


def test_item_502_without_text_stays_one_officer_change():
    (signal,) = item_events(["5.02"])
    assert (signal.name, signal.category, signal.evidence) == ("item_5.02", "officer_change", None)
