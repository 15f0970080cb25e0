import pytest

from sec_pipeline.quality.thresholds import ThresholdError, Thresholds


def test_defaults_without_environment():
    assert Thresholds.from_env({}) == Thresholds(0.95, 0.90, 30.0, 0.50)


def test_reads_environment_including_percent():
    t = Thresholds.from_env({"SEC_PIPELINE_MIN_EXTRACTION_ACCURACY": "97%", "SEC_PIPELINE_MIN_PASS_RATE": " 0.8 ",
                             "SEC_PIPELINE_MAX_P95_SECONDS": "12", "SEC_PIPELINE_MAX_COST_PER_FILING": ""})
    assert t == Thresholds(0.97, 0.8, 12.0, 0.50)


@pytest.mark.parametrize("var,raw", [("SEC_PIPELINE_MIN_PASS_RATE", "1.5"), ("SEC_PIPELINE_MIN_PASS_RATE", "abc"),
                                     ("SEC_PIPELINE_MAX_P95_SECONDS", "-1"), ("SEC_PIPELINE_MAX_COST_PER_FILING", "nan")])
def test_bad_values_name_the_variable(var, raw):
    with pytest.raises(ThresholdError, match=var):
        Thresholds.from_env({var: raw})
