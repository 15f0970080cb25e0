"""Fine-tune the packaged MiniLM into the event sentence classifier, from the carried event labels.

Data: `signals/labels/events/labels.jsonl` (see its README): sentences of 120 companies, each with the event
types it asserts for the registrant or a subsidiary. Only candidate sentences (`event_features.candidate_events`)
are trained on and scored, the ones the detector classifies. Companies are split train / validation / test;
training reads `train` only, the decision thresholds are chosen on `validation`, and `test` is never read here
(benchmarks/events.py scores it). Targets are multi-label: one per asserted event, and `not_asserted` for a
sentence that asserts none. Deterministic for a given machine: seeded initialisation, data order and dropout.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from sec_pipeline.signals.event_features import candidate_events, model_input, rule_markers
from sec_pipeline.signals.event_model import CLASSES, META_FILE, NOT_ASSERTED, EventClassifier
from sec_pipeline.signals.event_prefilter import fit_prefilter
from sec_pipeline.signals.training import TrainingReport, content_version, default_base_model

LABELS_PATH = Path(__file__).resolve().parent / "labels" / "events" / "labels.jsonl"


class EventLabelsError(ValueError):
    """The event labels are missing or malformed; the message names the file and the fix."""


@dataclass(frozen=True)
class EventLabel:
    """One labeled sentence: where it comes from, its text and the events it asserts."""

    text: str
    form: str
    item: str
    split: str
    events: tuple[str, ...]
    company: str = ""
    accession: str = ""
    path: str = ""
    start: int = 0
    end: int = 0
    clarity: str = "clear"
    report_year: int | None = None  # the filing's (`parsing.report_year`): dates the sentence's events

    @cached_property
    def markers(self) -> list[str]:
        """The rules' verdicts on the sentence (computed once)."""
        return rule_markers(self.text)

    @cached_property
    def input(self) -> str:
        """The classifier's input for this sentence."""
        return model_input(self.text, self.form, self.item, self.markers)


@dataclass(frozen=True)
class EventTrainingConfig:
    """The recipe; the defaults were chosen on the validation split (`benchmarks/event_recipe_sweep.py`,
    benchmarks/results/event_recipe_sweep.json): 128 tokens, the top 3 of MiniLM's 6 layers trained, 6 epochs."""

    base_model: str | None = None
    epochs: int = 6
    learning_rate: float = 1e-4
    head_learning_rate: float = 2e-3
    batch_size: int = 32
    max_length: int = 128
    freeze_layers: int = 3
    weight_decay: float = 0.01
    warmup_ratio: float = 0.1
    positive_weight: float = 2.0
    seed: int = 13
    num_threads: int | None = None
    device: str | None = None
    limit: int | None = None


def event_recipe(base_model: str = "", epochs: int = 0) -> EventTrainingConfig:
    """The default recipe with the settings' encoder and epochs (empty / 0: the recipe's own)."""
    recipe = EventTrainingConfig()
    return replace(recipe, base_model=base_model or recipe.base_model, epochs=epochs or recipe.epochs)


def load_event_labels(path: str | Path = LABELS_PATH) -> list[EventLabel]:
    """The labeled sentences of a labels.jsonl file (asserted events in `events`, empty for none)."""
    file = Path(path)
    if not file.is_file():
        raise EventLabelsError(f"no event labels at {file}: the package carries signals/labels/events/labels.jsonl")
    out = []
    for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            events = tuple(row.get("events") or ([row["event"]] if row["event"] != "none" else ()))
            out.append(EventLabel(
                text=row["text"], form=row["form_family"], item=row["item"], split=row["split"],
                events=events if row["asserts"] else (), company=row.get("cik", ""),
                accession=row.get("accession", ""), path=row.get("path", ""), start=row.get("start", 0),
                end=row.get("end", 0), clarity=row.get("clarity", "clear"), report_year=row.get("report_year")))
        except (KeyError, TypeError, json.JSONDecodeError) as exc:
            raise EventLabelsError(f"{file}:{number}: not an event label ({exc}); see the labels' README") from exc
    return out


def candidates(labels: Sequence[EventLabel]) -> list[EventLabel]:
    """The labels whose sentence a broad pattern picks (the ones the detector classifies)."""
    return [label for label in labels if candidate_events(label.text)]


def _targets(label: EventLabel) -> list[float]:
    return [1.0 if c in label.events or (c == NOT_ASSERTED and not label.events) else 0.0 for c in CLASSES]


def sentence_scores(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> dict[str, Any]:
    """Per-sentence precision and recall over (sentence, event) pairs, overall and per event."""
    per: dict[str, dict[str, int]] = {}
    for truth, guess in zip(gold, predicted, strict=True):
        for event in set(truth) | set(guess):
            c = per.setdefault(event, {"tp": 0, "fp": 0, "fn": 0})
            c["tp" if event in truth and event in guess else "fp" if event in guess else "fn"] += 1
    total = {k: sum(c[k] for c in per.values()) for k in ("tp", "fp", "fn")}
    return {"overall": _rates(total), "per_event": {e: _rates(c) for e, c in sorted(per.items())}}


def _rates(c: dict[str, int]) -> dict[str, Any]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else None
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else None
    return {**c, "precision": None if p is None else round(p, 3), "recall": None if r is None else round(r, 3)}


def filing_scores(labels: Sequence[EventLabel], predicted: Sequence[Sequence[str]]) -> dict[str, Any]:
    """Per filing and event type precision and recall: the events asserted on any labeled sentence of a
    filing against the events its labels assert (sentences nobody labeled are not scored)."""
    gold: dict[str, set[str]] = {}
    guess: dict[str, set[str]] = {}
    for label, events in zip(labels, predicted, strict=True):
        key = label.path or label.accession
        gold.setdefault(key, set()).update(label.events)
        guess.setdefault(key, set()).update(events)
    keys = sorted(gold)
    return sentence_scores([sorted(gold[k]) for k in keys], [sorted(guess.get(k, ())) for k in keys])


def f1(scores: dict[str, Any]) -> float:
    """The F1 of a `sentence_scores` / `filing_scores` "overall" entry (0 when nothing was found)."""
    precision, recall = scores["precision"] or 0.0, scores["recall"] or 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


DEFAULT_GRID = tuple(step / 100 for step in range(30, 91, 5))
RULE_GRID = (None, 0.5, 0.3, 0.2, 0.1, 0.05, 0.0)


def choose_thresholds(labels: Sequence[EventLabel], probs: Sequence[dict[str, float]]) -> dict[str, Any]:
    """The `default` and `rule` thresholds (`event_detector.asserted_events`) with the best sum of the per
    sentence F1 and the per filing F1 on these labels (the validation split); ties go to stricter ones."""
    from sec_pipeline.signals.event_detector import asserted_events

    gold = [label.events for label in labels]
    best: tuple[float, dict[str, Any]] = (-1.0, {"default": 0.5})
    for default in sorted(DEFAULT_GRID, reverse=True):
        for rule in RULE_GRID:
            thresholds = {"default": default} if rule is None else {"default": default, "rule": rule}
            predicted = [asserted_events(label.text, label.markers, p, thresholds, label.report_year)
                         for label, p in zip(labels, probs, strict=True)]
            score = f1(sentence_scores(gold, predicted)["overall"]) + f1(filing_scores(labels, predicted)["overall"])
            if score > best[0] + 1e-9:
                best = (score, thresholds)
    return best[1]


def train_event_model(out_dir: str | Path, config: EventTrainingConfig | None = None,
                      labels_path: str | Path = LABELS_PATH,
                      log: Callable[[str], None] = lambda _msg: None) -> TrainingReport[EventTrainingConfig]:
    """Fine-tune, choose the threshold on validation, save the folder `EventClassifier.load` reads."""
    import torch
    from transformers import AutoTokenizer

    from sec_pipeline.signals.event_detector import asserted_events
    from sec_pipeline.signals.mean_pooling import fitting_length, quiet_model_io

    config = config or EventTrainingConfig()
    started = time.perf_counter()
    if config.num_threads:
        torch.set_num_threads(config.num_threads)
    device = config.device or ("cuda" if torch.cuda.is_available() else "cpu")
    labels = candidates(load_event_labels(labels_path))
    train = [lab for lab in labels if lab.split == "train"][: config.limit]
    validation = [lab for lab in labels if lab.split == "validation"][: config.limit]
    if not train or not validation:
        raise EventLabelsError(f"{labels_path}: needs candidate sentences in both the train and validation splits")
    base = config.base_model or default_base_model()
    tokenizer = AutoTokenizer.from_pretrained(base, local_files_only=True)
    model = _initial_model(base, config).to(device)
    config = replace(config, max_length=fitting_length(model.config, config.max_length))
    log(f"event model: fine-tuning {base} on {len(train)} sentences ({device})")
    _fine_tune(model, tokenizer, train, config, device, log)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with quiet_model_io():
        model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    validation_inputs = [lab.input for lab in validation]
    fit_prefilter([lab.input for lab in train], [bool(lab.events) for lab in train], validation_inputs,
                  [bool(lab.events) for lab in validation]).save(out)
    meta: dict[str, Any] = {"classes": list(CLASSES), "thresholds": {"default": 0.5}, "max_length": config.max_length}
    (out / META_FILE).write_text(json.dumps(meta, indent=1))
    classifier = EventClassifier.load(out, device=device)
    probs = classifier.probabilities(validation_inputs)
    thresholds = choose_thresholds(validation, probs)
    meta["thresholds"] = thresholds
    (out / META_FILE).write_text(json.dumps(meta, indent=1))
    classifier.thresholds = thresholds
    version = content_version(out)
    predicted = [asserted_events(lab.text, lab.markers, p, thresholds, lab.report_year)
                 for lab, p in zip(validation, probs, strict=True)]
    metrics: dict[str, Any] = {
        "version": version, "train_sentences": len(train), "validation_sentences": len(validation),
        "validation_classified": sum(classifier.prefilter.keep(validation_inputs)) if classifier.prefilter else None,
        "thresholds": thresholds,
        "validation": sentence_scores([lab.events for lab in validation], predicted),
        "validation_filing": filing_scores(validation, predicted),
        "train_seconds": round(time.perf_counter() - started, 1), "device": device,
        "torch_threads": torch.get_num_threads(), "config": asdict(config)}
    (out / "metrics.json").write_text(json.dumps(metrics, indent=1))
    log(f"event model {version}: validation {metrics['validation']['overall']} in {metrics['train_seconds']} s")
    return TrainingReport(metrics, out, version, config)


def _initial_model(base: str, config: EventTrainingConfig) -> Any:
    import torch
    from transformers import AutoConfig

    from sec_pipeline.signals.mean_pooling import (
        MeanPoolingBertConfig,
        MeanPoolingBertForSequenceClassification,
        quiet_model_io,
        register,
    )

    register()
    base_config = AutoConfig.from_pretrained(base, local_files_only=True).to_dict()
    for key in ("model_type", "architectures", "transformers_version", "id2label", "label2id", "num_labels",
                "problem_type"):
        base_config.pop(key, None)
    model_config = MeanPoolingBertConfig(**base_config, id2label=dict(enumerate(CLASSES)),
                                         label2id={c: i for i, c in enumerate(CLASSES)},
                                         problem_type="multi_label_classification")
    torch.manual_seed(config.seed)
    # a base that is itself a classifier (another head size) keeps its encoder and gets a fresh head
    with quiet_model_io(load_report=False):
        model: Any = MeanPoolingBertForSequenceClassification.from_pretrained(base, config=model_config,
                                                                         local_files_only=True,
                                                                         ignore_mismatched_sizes=True)
    # the top layer always trains, whatever the depth of the base
    model.frozen_layers = min(config.freeze_layers, model_config.num_hidden_layers - 1)
    for module in [model.bert.embeddings, *model.bert.encoder.layer[: model.frozen_layers]]:
        for parameter in module.parameters():
            parameter.requires_grad = False
    return model


def _frozen_states(model: Any, tokenizer: Any, texts: Sequence[str], config: EventTrainingConfig,
                   device: str) -> list[Any]:
    """Each text's hidden states after the frozen embeddings and lower layers (computed once, no padding)."""
    import torch

    states = []
    with torch.inference_mode():
        for start in range(0, len(texts), 64):
            batch = tokenizer(list(texts[start:start + 64]), padding=True, truncation=True,
                              max_length=config.max_length, return_tensors="pt").to(device)
            hidden = model.bert(**batch, output_hidden_states=True).hidden_states[model.frozen_layers]
            for row, mask in zip(hidden, batch["attention_mask"], strict=True):
                states.append(row[: int(mask.sum())].clone())
    return states


def _upper_logits(model: Any, states: Sequence[Any], device: str) -> Any:
    """Logits of a batch from its cached frozen states through the trainable upper layers and the head."""
    import torch

    lengths = [len(s) for s in states]
    hidden = torch.nn.utils.rnn.pad_sequence(list(states), batch_first=True).to(device)
    mask = (torch.arange(max(lengths), device=device)[None, :] < torch.tensor(lengths, device=device)[:, None])
    mask = mask.long()
    extended = model.bert._create_attention_masks(attention_mask=mask, encoder_attention_mask=None,
                                                  embedding_output=hidden, encoder_hidden_states=None,
                                                  cache=None)[0]
    for layer in model.bert.encoder.layer[model.frozen_layers:]:
        hidden = layer(hidden, attention_mask=extended)
        hidden = hidden[0] if isinstance(hidden, tuple) else hidden
    weights = mask.unsqueeze(-1).to(hidden.dtype)
    pooled = (hidden * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1.0)
    return model.classifier(model.dropout(pooled)).float()


def _fine_tune(model: Any, tokenizer: Any, train: Sequence[EventLabel], config: EventTrainingConfig,
               device: str, log: Callable[[str], None]) -> None:
    """Train the upper layers and the head; the embeddings and `freeze_layers` lower layers stay as they
    are, so their output is computed once and the epochs run only the upper layers."""
    import torch

    rng = random.Random(config.seed)
    torch.manual_seed(config.seed)
    model.eval()
    started = time.perf_counter()
    states = _frozen_states(model, tokenizer, [lab.input for lab in train], config, device)
    log(f"event model: frozen layers computed in {time.perf_counter() - started:.1f} s")
    targets = [_targets(lab) for lab in train]
    head = [p for n, p in model.named_parameters() if p.requires_grad and n.startswith("classifier")]
    body = [p for n, p in model.named_parameters() if p.requires_grad and not n.startswith("classifier")]
    optimizer = torch.optim.AdamW([{"params": body, "lr": config.learning_rate},
                                   {"params": head, "lr": config.head_learning_rate}],
                                  weight_decay=config.weight_decay)
    steps = config.epochs * -(-len(train) // config.batch_size)
    warmup = max(1, int(steps * config.warmup_ratio))
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / max(1, steps - warmup))))
    weight = torch.tensor([config.positive_weight] * (len(CLASSES) - 1) + [1.0], device=device)
    model.train()
    for _epoch in range(config.epochs):
        order = list(range(len(train)))
        rng.shuffle(order)
        for start in range(0, len(order), config.batch_size):
            ids = order[start:start + config.batch_size]
            logits = _upper_logits(model, [states[i] for i in ids], device)
            target = torch.tensor([targets[i] for i in ids], device=device)
            loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, target, pos_weight=weight)
            loss.backward()
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
        log(f"event model: epoch {_epoch + 1} done at {time.perf_counter() - started:.1f} s")
    model.eval()
