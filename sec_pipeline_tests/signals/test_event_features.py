"""Candidate patterns, rule markers and the subject check of the learned event detector."""

from __future__ import annotations

from sec_pipeline.signals.event_features import (
    candidate_events,
    model_input,
    other_company_subject,
    rule_markers,
)


def test_candidates_are_broad_and_skip_unrelated_sentences():
    assert candidate_events("Impairment charges were $12 million in 2023.") == ["impairment"]
    assert "officer_change" in candidate_events("Ms. Johnson's last day at the Company will be October 20, 2023.")
    assert "cybersecurity_incident" in candidate_events("As a result of the Ransomware attack, we incurred costs.")
    assert candidate_events("Revenue grew 4% on higher volumes.") == []


def test_rule_markers_and_model_input():
    sentence = "We recorded a goodwill impairment charge of $40 million in the fourth quarter."
    assert rule_markers(sentence) == ["impairment event"]
    assert rule_markers("We may record impairment charges in the future.") == []
    text = model_input("We recorded\na charge.", "10-K", "7", ["impairment event"])
    assert text == "10-K item 7 | rules: impairment event | We recorded a charge."


def test_subject_check_tells_other_companies_from_the_registrant():
    assert other_company_subject("One of our largest customers filed a voluntary petition under Chapter 11.")
    assert other_company_subject("The supplier's auditor expressed substantial doubt about its ability to continue "
                                 "as a going concern.")
    assert not other_company_subject("We filed voluntary petitions under Chapter 11 on May 3.")
    assert not other_company_subject("The Company's subsidiary filed for bankruptcy; its customers were notified.")
