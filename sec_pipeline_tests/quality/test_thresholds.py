import pytest

from sec_pipeline.quality.thresholds import ThresholdError, Thresholds


def test_defaults_are_the_promised_gates():
    assert Thresholds() == Thresholds(0.95, 0.90, 30.0, 0.50)


@pytest.mark.parametrize("field,value,var", [
    ("validation_pass_rate", 1.5, "SEC_PIPELINE_MIN_PASS_RATE"),
    ("extraction_accuracy", -0.1, "SEC_PIPELINE_MIN_EXTRACTION_ACCURACY"),
    ("p95_latency_s", -1.0, "SEC_PIPELINE_MAX_P95_SECONDS"),
    ("cost_per_filing_usd", float("nan"), "SEC_PIPELINE_MAX_COST_PER_FILING"),
])
def test_out_of_range_values_name_the_variable(field, value, var):
    with pytest.raises(ThresholdError, match=var):
        Thresholds(**{field: value})
