"""sentiment_model: the fast-tier sentence sentiment model, trained on the carried filing labels (and Financial
PhraseBank when configured) and versioned."""

import dagster as dg

from sec_pipeline.defs.constants import model_asset
from sec_pipeline.defs.resources import ModelsResource, StoreResource


@model_asset(code_version="1")
def sentiment_model(
    context: dg.AssetExecutionContext, models: ModelsResource, store: StoreResource
) -> dg.MaterializeResult:
    """The fast-tier sentence sentiment model the pipeline trains itself.

    Fine-tunes the packaged MiniLM encoder on the filing-sentiment labels the package carries (train split) and,
    when SEC_PIPELINE_PHRASEBANK_DIR is set, Financial PhraseBank (never its held-out sentences); keeps a
    versioned copy in the blob store and reports accuracy and macro-F1 on the company-disjoint filing test split
    and the PhraseBank held-out split. Materializing it retrains; extraction trains it once itself when no
    version exists, and uses the latest version.
    """
    from sec_pipeline.flows.models import train_and_publish

    report, uri = train_and_publish(store.get_store(), store.get_blobs(), models.settings(), log=context.log.info)
    return dg.MaterializeResult(metadata=model_metadata(report.version, uri, report.metrics))


def model_metadata(version: str, uri: str, metrics: dict) -> dict[str, dg.MetadataValue]:
    """Dagster metadata of a trained version: its version, URI and every numeric metric, flattened."""
    metadata: dict[str, dg.MetadataValue] = {"version": dg.MetadataValue.text(version),
                                             "uri": dg.MetadataValue.text(uri)}
    for name, value in _flatten(metrics).items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            metadata[name] = dg.MetadataValue.float(float(value))
    return metadata


def _flatten(metrics: dict, prefix: str = "") -> dict:
    flat = {}
    for key, value in metrics.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat
