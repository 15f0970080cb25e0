"""sentiment_model: the fast-tier sentence sentiment model, trained on Financial PhraseBank and versioned."""

import tempfile
from pathlib import Path

import dagster as dg

from sec_pipeline.defs.constants import GPU_K8S_CONFIG, OWNERS
from sec_pipeline.defs.resources import ModelsResource, StoreResource


@dg.asset(
    group_name="models",
    kinds={"pytorch", "python"},
    owners=OWNERS,
    op_tags=GPU_K8S_CONFIG,
)
def sentiment_model(
    context: dg.AssetExecutionContext, models: ModelsResource, store: StoreResource
) -> dg.MaterializeResult:
    """The fast-tier sentence sentiment model the pipeline trains itself.

    Fine-tunes the packaged MiniLM encoder on Financial PhraseBank (`sentence@label` files in
    SEC_PIPELINE_PHRASEBANK_DIR), never on the held-out sentences, keeps a versioned copy in the blob store
    and reports held-out accuracy and macro-F1. extracted_signals uses the latest version.
    """
    from sec_pipeline.flows.models import publish_trained_model
    from sec_pipeline.signals.training import train_sentiment_model

    if not models.phrasebank_dir:
        raise ValueError(
            "sentiment_model needs labeled sentences: set SEC_PIPELINE_PHRASEBANK_DIR to a Financial "
            "PhraseBank folder (files Sentences_*Agree.txt, lines 'sentence@label')"
        )
    with tempfile.TemporaryDirectory() as out:
        report = train_sentiment_model(models.phrasebank_dir, Path(out) / "model",
                                       base_model=models.base_model or None, epochs=models.train_epochs,
                                       log=context.log.info)
        uri = publish_trained_model(store.get_store(), store.get_blobs(), report)
    metadata: dict[str, dg.MetadataValue] = {"version": dg.MetadataValue.text(report.version),
                                             "uri": dg.MetadataValue.text(uri)}
    for name, value in _flatten(report.metrics).items():
        if isinstance(value, (int, float)):
            metadata[name] = dg.MetadataValue.float(float(value))
    return dg.MaterializeResult(metadata=metadata)


def _flatten(metrics: dict, prefix: str = "") -> dict:
    flat = {}
    for key, value in metrics.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat
