"""The companyfacts lookup of the financial cross-checks: paths, memo, 404s, and through the mirror."""

import gzip
import json
from pathlib import Path

import pytest

from sec_pipeline.edgar.client import EdgarClient, NotFound
from sec_pipeline.quality.companyfacts import companyfacts_path, make_companyfacts_lookup


def test_path_pads_cik():
    assert companyfacts_path("320193") == "/api/xbrl/companyfacts/CIK0000320193.json"
    assert companyfacts_path("0001640147") == "/api/xbrl/companyfacts/CIK0001640147.json"
    with pytest.raises(ValueError, match="not a number"):
        companyfacts_path("abc")


def test_lookup_memoizes_and_maps_404_to_none():
    calls = []

    def get_json(path):
        calls.append(path)
        if "0000000001" in path:
            raise NotFound("https://data.sec.gov" + path)
        return {"cik": 1640147, "facts": {}}

    lookup = make_companyfacts_lookup(get_json)
    assert lookup("1640147") == {"cik": 1640147, "facts": {}}
    assert lookup("1640147")["cik"] == 1640147
    assert lookup("1") is None
    assert calls == ["/api/xbrl/companyfacts/CIK0001640147.json", "/api/xbrl/companyfacts/CIK0000000001.json"]


def test_other_errors_propagate():
    def get_json(path):
        raise RuntimeError("EDGAR down")

    with pytest.raises(RuntimeError, match="EDGAR down"):
        make_companyfacts_lookup(get_json)("1")


def test_lookup_through_the_mirror(edgar_client: EdgarClient, shared_edgar: Path):
    lookup = make_companyfacts_lookup(edgar_client.get_json)
    expected = json.loads(gzip.decompress((shared_edgar / "api/companyfacts/CIK0001640147.snow.pretty.json.gz")
                                          .read_bytes()))
    assert lookup("1640147") == expected and "us-gaap" in expected["facts"]
    assert lookup("320193") is None  # the shared tree holds no Apple companyfacts: EDGAR's 404
