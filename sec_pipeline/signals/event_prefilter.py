"""The event classifier's cheap first stage: a logistic regression over hashed word n-grams of the classifier's
input that sets aside candidate sentences which plainly assert nothing, so the transformer reads fewer of them.

Its threshold keeps at least `RECALL_FLOOR` of the validation sentences that assert an event (chosen in
`signals.event_training`, never on the test split). A sentence it sets aside is scored "not asserted" by
`EventClassifier.probabilities`, so rules and exact rules still apply to it. The weights are a plain numpy
array in the model folder (`prefilter.npz`, read without pickle).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PREFILTER_FILE = "prefilter.npz"
RECALL_FLOOR = 0.99
N_FEATURES = 2 ** 18


def _vectorizer() -> Any:
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(n_features=N_FEATURES, ngram_range=(1, 2), alternate_sign=False, norm="l2")


@dataclass(frozen=True)
class Prefilter:
    """Linear scores over hashed n-grams; `keep` is True where a score reaches the threshold."""

    weights: Any
    bias: float
    threshold: float

    def scores(self, texts: Sequence[str]) -> list[float]:
        """The linear score (log-odds of asserting an event) of each text."""
        if not texts:
            return []
        return [float(s) for s in _vectorizer().transform(list(texts)) @ self.weights + self.bias]

    def keep(self, texts: Sequence[str]) -> list[bool]:
        """Which texts go on to the classifier."""
        return [score >= self.threshold for score in self.scores(texts)]

    def save(self, folder: Path) -> None:
        """Write `prefilter.npz` into the model folder."""
        import numpy as np

        np.savez(folder / PREFILTER_FILE, weights=self.weights.astype("float32"), bias=self.bias,
                 threshold=self.threshold)

    @classmethod
    def load(cls, folder: Path) -> Prefilter | None:
        """The folder's prefilter, or None when it has none (every candidate is classified)."""
        import numpy as np

        path = folder / PREFILTER_FILE
        if not path.is_file():
            return None
        with np.load(path, allow_pickle=False) as data:
            return cls(data["weights"], float(data["bias"]), float(data["threshold"]))


def fit_prefilter(train_texts: Sequence[str], train_asserts: Sequence[bool], validation_texts: Sequence[str],
                  validation_asserts: Sequence[bool], recall_floor: float = RECALL_FLOOR) -> Prefilter:
    """Fit on the train sentences; the threshold is the highest score that keeps `recall_floor` of the
    validation sentences asserting an event (the lowest positive score when there are few)."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000)
    model.fit(_vectorizer().transform(list(train_texts)), list(train_asserts))
    prefilter = Prefilter(model.coef_[0].astype("float32"), float(model.intercept_[0]), float("-inf"))
    positives = sorted(s for s, a in zip(prefilter.scores(validation_texts), validation_asserts, strict=True) if a)
    if not positives:
        return prefilter
    dropped = int(len(positives) * (1.0 - recall_floor))  # how many validation positives may fall below
    return Prefilter(prefilter.weights, prefilter.bias, positives[dropped] - 1e-6)
