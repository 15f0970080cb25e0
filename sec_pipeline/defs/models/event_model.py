"""event_model: the learned text event detector, trained from the carried event labels and versioned."""

import dagster as dg

from sec_pipeline.defs.constants import model_asset
from sec_pipeline.defs.resources import ModelsResource, StoreResource


@model_asset(code_version="3")
def event_model(context: dg.AssetExecutionContext, models: ModelsResource, store: StoreResource) -> dg.MaterializeResult:
    """The event sentence classifier extraction and `rule-signals` use.

    Fine-tunes the packaged MiniLM encoder (or SEC_PIPELINE_EVENT_BASE_MODEL) on the train split of the carried
    event labels (signals/labels/events), chooses its thresholds on the validation split, keeps a versioned copy
    in the blob store and reports validation precision and recall. Training is deterministic: the same labels
    and settings give the same version. extracted_signals trains one itself when none is stored yet.
    """
    from sec_pipeline.flows.event_model import train_and_publish

    report = train_and_publish(store.get_store(), store.get_blobs(), models.event_training(), log=context.log.info)
    overall = report.metrics["validation"]["overall"]
    return dg.MaterializeResult(metadata={
        "version": dg.MetadataValue.text(report.version),
        "validation_precision": dg.MetadataValue.float(float(overall["precision"] or 0.0)),
        "validation_recall": dg.MetadataValue.float(float(overall["recall"] or 0.0)),
        "thresholds": dg.MetadataValue.json(report.metrics["thresholds"]),
        "train_seconds": dg.MetadataValue.float(float(report.metrics["train_seconds"])),
    })
