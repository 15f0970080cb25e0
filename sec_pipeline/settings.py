"""Settings read from the environment, each with a sensible default.

Every setting is an environment variable; `Settings.from_env()` reads them once. Secrets (database
passwords inside DATABASE_URL, S3 keys, the alert webhook URL) are only ever read from the environment
and never logged: use `Settings.redacted()` for display.
"""

from __future__ import annotations

import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

DEFAULT_FORMS: tuple[str, ...] = (
    "10-K", "10-K/A", "10-K405", "10-K405/A", "10-KT", "10-KT/A",
    "10-Q", "10-Q/A", "8-K", "8-K/A",
)
MAX_RATE_PER_SECOND = 10.0


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names the variable and the fix."""


def _env(name: str, default: str) -> str:
    value = os.environ.get(name)
    return default if value is None or value.strip() == "" else value.strip()


def _float(name: str, default: float) -> float:
    raw = _env(name, str(default))
    try:
        return float(raw)
    except ValueError as exc:
        raise SettingsError(f"{name}={raw!r} is not a number; set it to e.g. {default}") from exc


def _positive_int(name: str, default: int) -> int:
    raw = _env(name, str(default))
    if not raw.isdigit() or int(raw) <= 0:
        raise SettingsError(f"{name}={raw!r} is not a positive whole number; set it to e.g. {default}")
    return int(raw)


def _csv(name: str, default: tuple[str, ...]) -> tuple[str, ...]:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    return tuple(part.strip() for part in raw.split(",") if part.strip())


@dataclass(frozen=True)
class Settings:
    """All runtime settings of sec_pipeline (see README, "Settings")."""

    user_agent: str = ""
    home: Path = field(default_factory=lambda: Path.home() / ".sec_pipeline")
    database_url: str = ""
    edgar_url: str = "https://www.sec.gov"
    data_url: str = "https://data.sec.gov"
    rate_limit: float = 8.0
    s3_bucket: str = ""
    s3_prefix: str = "sec-pipeline"
    s3_endpoint_url: str = ""
    forms: tuple[str, ...] = DEFAULT_FORMS
    ciks: tuple[str, ...] = ()
    max_failure_share: float = 0.2
    model_cache_dir: str = ""
    sentiment_model: str = "ProsusAI/finbert"
    complexity_threshold_high: float = 0.7
    alert_webhook_url: str = ""
    metrics_port: int = 9464
    backup_daily_days: int = 30
    backup_weekly_days: int = 90
    run_retention_days: int = 90

    @classmethod
    def from_env(cls) -> Settings:
        """Read every setting from the environment."""
        home = Path(_env("SEC_PIPELINE_HOME", str(Path.home() / ".sec_pipeline"))).expanduser()
        rate = _float("SEC_PIPELINE_RATE_LIMIT", 8.0)
        if not 0 < rate <= MAX_RATE_PER_SECOND:
            raise SettingsError(
                f"SEC_PIPELINE_RATE_LIMIT={rate} is outside (0, {MAX_RATE_PER_SECOND}]: SEC allows at most "
                "10 requests per second in total; set a value such as 8"
            )
        return cls(
            user_agent=_env("SEC_PIPELINE_USER_AGENT", ""),
            home=home,
            database_url=_env("DATABASE_URL", ""),
            edgar_url=_env("SEC_PIPELINE_EDGAR_URL", "https://www.sec.gov").rstrip("/"),
            data_url=_env("SEC_PIPELINE_DATA_URL", "https://data.sec.gov").rstrip("/"),
            rate_limit=rate,
            s3_bucket=_env("SEC_PIPELINE_S3_BUCKET", ""),
            s3_prefix=_env("SEC_PIPELINE_S3_PREFIX", "sec-pipeline"),
            s3_endpoint_url=_env("SEC_PIPELINE_S3_ENDPOINT_URL", ""),
            forms=_csv("SEC_PIPELINE_FORMS", DEFAULT_FORMS),
            ciks=tuple(c.lstrip("0") for c in _csv("SEC_PIPELINE_CIKS", ())),
            max_failure_share=_float("SEC_PIPELINE_MAX_FAILURE_SHARE", 0.2),
            model_cache_dir=_env("SEC_PIPELINE_MODEL_CACHE", str(home / "models")),
            sentiment_model=_env("SEC_PIPELINE_SENTIMENT_MODEL", "ProsusAI/finbert"),
            complexity_threshold_high=_float("COMPLEXITY_THRESHOLD_HIGH", 0.7),
            alert_webhook_url=_env("SEC_PIPELINE_ALERT_WEBHOOK_URL", ""),
            metrics_port=_positive_int("SEC_PIPELINE_METRICS_PORT", 9464),
            backup_daily_days=_positive_int("SEC_PIPELINE_BACKUP_DAILY_DAYS", 30),
            backup_weekly_days=_positive_int("SEC_PIPELINE_BACKUP_WEEKLY_DAYS", 90),
            run_retention_days=_positive_int("SEC_PIPELINE_RUN_RETENTION_DAYS", 90),
        )

    @property
    def effective_database_url(self) -> str:
        """DATABASE_URL, or the embedded SQLite file under SEC_PIPELINE_HOME."""
        return self.database_url or f"sqlite:///{self.home / 'sec_pipeline.db'}"

    @property
    def blob_dir(self) -> Path:
        """Folder of the local blob store (raw documents, section text, model versions)."""
        return self.home / "blobs"

    def redacted(self) -> dict[str, object]:
        """The settings with secrets masked, for logs and `sec-pipeline health`."""
        shown = asdict(self)
        shown["database_url"] = redact_url(self.effective_database_url)
        shown["alert_webhook_url"] = "***" if self.alert_webhook_url else ""
        shown["home"] = str(self.home)
        return shown


def redact_url(url: str) -> str:
    """Mask the password of a URL such as postgresql://user:secret@host/db."""
    return re.sub(r"(://[^:/@]+:)[^@]+@", r"\1***@", url)
