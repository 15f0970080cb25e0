"""The financial cross-check derivations, without GX."""

import pandas as pd

from sec_pipeline.quality.financial_checks import financial_checks

ACC = "0000000001-24-000001"


def _frame(values: dict, label: dict | None = None) -> pd.DataFrame:
    return pd.DataFrame([{"accession_no": ACC, "family": "financial", "name": k, "category": k, "value": v,
                          "period": "2024-12-31", "label": (label or {}).get(k)} for k, v in values.items()])


def _row(values, **kwargs):
    return financial_checks(_frame(values), **kwargs).iloc[0]


def test_balance_explained_by_noncontrolling_interest():
    row = _row({"total_assets": 1000.0, "liabilities": 600.0, "stockholders_equity": 350.0,
                "noncontrolling_interest": 50.0})
    assert row.balance_sheet_balances is True and "noncontrolling" in row.balance_detail


def test_balance_gap_fails_with_numbers():
    row = _row({"total_assets": 1000.0, "liabilities": 600.0, "stockholders_equity": 350.0})
    assert row.balance_sheet_balances is False and "gap 50" in row.balance_detail


def test_balance_from_liabilities_and_equity_total():
    assert _row({"Assets": 10.0, "LiabilitiesAndStockholdersEquity": 10.0}).balance_sheet_balances is True


def test_eps_sign_against_net_income():
    assert _row({"net_income": -5.0, "eps_basic": 0.3}).eps_sign_consistent is False
    assert _row({"net_income": -5.0, "eps_diluted": -0.3}).eps_sign_consistent is True
    assert _row({"net_income": 5.0}).eps_sign_consistent is None


def test_companyfacts_match_on_accession_and_period():
    facts = {"facts": {"us-gaap": {"Assets": {"units": {"USD": [
        {"accn": ACC, "end": "2023-12-31", "val": 900.0}, {"accn": ACC, "end": "2024-12-31", "val": 1000.0}]}}}}}
    filings = pd.DataFrame({"accession_no": [ACC], "cik": ["1"]})
    assert _row({"total_assets": 1000.0}, filings=filings,
                companyfacts_lookup=lambda cik: facts).companyfacts_consistent is True
    row = _row({"total_assets": 900.0}, filings=filings, companyfacts_lookup=lambda cik: facts)
    assert row.companyfacts_consistent is False and "1000" in row.companyfacts_detail
    assert _row({"total_assets": 1.0}, filings=filings,
                companyfacts_lookup=lambda cik: None).companyfacts_consistent is None


def test_companyfacts_lookup_error_is_a_failure():
    def broken(cik):
        raise ConnectionError("data.sec.gov unreachable")

    filings = pd.DataFrame({"accession_no": [ACC], "cik": ["1"]})
    row = _row({"total_assets": 1.0}, filings=filings, companyfacts_lookup=broken)
    assert row.companyfacts_consistent is False and "unreachable" in row.companyfacts_detail
