"""The pipeline's configuration: one frozen `PipelineConfig`, read from the environment in one place.

Every setting is an environment variable with a default (README, "Settings"). `PipelineConfig.from_env` is
the only reader of the environment: the CLI calls it once per command and the Dagster code location once
when it loads; both pass the object on explicitly and nothing writes to `os.environ`. Secrets (a password
inside DATABASE_URL, the alert webhook URL, the API's bootstrap admin key) are never logged: use `redacted()` for display.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from sec_pipeline.edgar.client import USER_AGENT_ENV
from sec_pipeline.edgar.sgml import MAX_DECOMPRESSED_BYTES
from sec_pipeline.quality.alerts import ENV_VAR as ALERT_WEBHOOK_ENV
from sec_pipeline.quality.thresholds import ENV_VARS as THRESHOLD_ENV_VARS
from sec_pipeline.quality.thresholds import ThresholdError, Thresholds
from sec_pipeline.store.engine import StoreConfigError, normalize_url, redact_url
from sec_pipeline.vocabulary import FORM_TYPES, normalize_cik

DEFAULT_FORMS: tuple[str, ...] = FORM_TYPES
MAX_RATE_PER_SECOND = 10.0
EXECUTORS = ("multiprocess", "in_process", "k8s")
DATABASE_URL_ENV = "DATABASE_URL"
API_ADMIN_KEY_ENV = "SEC_PIPELINE_API_ADMIN_KEY"
MIN_API_ADMIN_KEY_CHARS = 32
# Variables whose values the Dagster UI must never show: resources get them as dg.EnvVar.
SECRET_ENV_VARS = (USER_AGENT_ENV, DATABASE_URL_ENV, ALERT_WEBHOOK_ENV, API_ADMIN_KEY_ENV)


class ConfigError(ValueError):
    """A setting is malformed; the message names the variable and the fix."""


@dataclass(frozen=True)
class EdgarSettings:
    """How to reach EDGAR: declared User-Agent, base URLs, requests per second, HTTP cache folder, the folder of
    the machine-wide rate budget, and each request's bounds: connect and first-byte timeouts, the deadline of a
    whole answer (seconds) and the most bytes an answer may decompress to."""

    user_agent: str = ""
    edgar_url: str = "https://www.sec.gov"
    data_url: str = "https://data.sec.gov"
    rate_limit: float = 8.0
    cache_dir: str = ""
    budget_dir: str = ""
    connect_timeout_s: float = 10.0
    first_byte_timeout_s: float = 30.0
    request_deadline_s: float = 120.0
    max_body_bytes: int = MAX_DECOMPRESSED_BYTES


@dataclass(frozen=True)
class BlobSettings:
    """Where raw documents, long section text and model versions live: a folder, or S3 when a bucket is set."""

    local_dir: str
    s3_bucket: str = ""
    s3_prefix: str = "sec-pipeline"
    s3_endpoint_url: str = ""


@dataclass(frozen=True)
class ModelSettings:
    """The accurate sentiment tier, the model cache, the routing threshold, the PhraseBank folder, and how the
    self-trained model is trained: `base_model` (empty: the packaged all-MiniLM-L6-v2), `train_epochs` (0: the
    recipe's default) and `train_limit` (0: every sentence; smoke runs and tests train on fewer).
    `lexicon_sentiment` lets sentence sentiment come from the Loughran-McDonald lexicon (tier "lexicon") when
    no transformer is available; off, the lexicon only feeds the `tone` family."""

    accurate_model: str = ""  # empty: every section goes to the self-trained model; FinBERT by id or folder
    cache_dir: str = ""
    complexity_threshold_high: float = 0.7
    phrasebank_dir: str = ""
    base_model: str = ""
    train_epochs: int = 0
    train_limit: int = 0
    lexicon_sentiment: bool = False
    event_base_model: str = ""  # encoder event_model fine-tunes; empty: the packaged all-MiniLM-L6-v2
    event_train_epochs: int = 0  # 0: the recipe's (`signals.event_training.EventTrainingConfig`)


@dataclass(frozen=True)
class OperationsSettings:
    """The runbook's settings: the metrics port, backup retention (days) and Dagster run retention (days)."""

    metrics_port: int = 9464
    backup_daily_days: int = 30
    backup_weekly_days: int = 90
    run_retention_days: int = 90


@dataclass(frozen=True)
class ServingSettings:
    """The signals API: its port, each key's rate limit (requests per second, and the burst allowed), and the
    bootstrap admin key from the environment (empty: none; never shown by repr or `redacted`)."""

    port: int = 8000
    rate_per_key: float = 10.0
    burst_per_key: int = 20
    admin_key: str = field(default="", repr=False)


@dataclass(frozen=True)
class PipelineConfig:
    """All runtime settings of sec_pipeline; build it with `from_env`, derive variants with `replace`."""

    home: Path
    database_url: str
    edgar: EdgarSettings
    blobs: BlobSettings
    models: ModelSettings
    operations: OperationsSettings = field(default_factory=OperationsSettings)
    serving: ServingSettings = field(default_factory=ServingSettings)
    forms: tuple[str, ...] = DEFAULT_FORMS
    ciks: tuple[str, ...] = ()
    max_failure_share: float = 0.2
    thresholds: Thresholds = field(default_factory=Thresholds)
    alert_webhook_url: str = ""
    executor: str = "multiprocess"
    sensor_interval_s: int = 300
    sensor_max_runs: int = 10  # run requests per tick of the new-filings sensor
    daily_cron: str = "0 6 * * 2-6"
    dagster_home: Path | None = None
    secrets_from_env: frozenset[str] = frozenset()  # the SECRET_ENV_VARS that were set

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> PipelineConfig:
        """Read every setting from `environ` (os.environ, or a dict in tests); blank means unset."""
        env = _Reader(environ)
        home = Path(env.text("SEC_PIPELINE_HOME", str(Path.home() / ".sec_pipeline"))).expanduser()
        rate = env.number("SEC_PIPELINE_RATE_LIMIT", EdgarSettings.rate_limit)
        if not 0 < rate <= MAX_RATE_PER_SECOND:
            raise ConfigError(
                f"SEC_PIPELINE_RATE_LIMIT={rate} is outside (0, {MAX_RATE_PER_SECOND}]: SEC allows at most "
                "10 requests per second in total; set a value such as 8"
            )
        executor = env.text("SEC_PIPELINE_EXECUTOR", cls.executor).lower()
        if executor not in EXECUTORS:
            raise ConfigError(f"SEC_PIPELINE_EXECUTOR={executor!r} is not one of {', '.join(EXECUTORS)}; "
                              "unset it or pick one")
        interval = env.number("SEC_PIPELINE_SENSOR_INTERVAL", cls.sensor_interval_s)
        if interval != int(interval) or interval < 1:
            raise ConfigError(f"SEC_PIPELINE_SENSOR_INTERVAL={interval} must be a whole number of seconds, e.g. 300")
        dagster_home = env.text("DAGSTER_HOME", "")
        database_url = env.text(DATABASE_URL_ENV, "") or f"sqlite:///{home / 'sec_pipeline.db'}"
        try:
            normalize_url(database_url)  # a malformed URL is one line (password masked), before any command
        except StoreConfigError as exc:
            raise ConfigError(str(exc)) from None
        try:
            thresholds = Thresholds(**{name: env.share_or_number(THRESHOLD_ENV_VARS[name], default)
                                       for name, default in asdict(Thresholds()).items()})
        except ThresholdError as exc:  # its message already names the variable
            raise ConfigError(str(exc)) from exc
        return cls(
            home=home,
            database_url=database_url,
            edgar=EdgarSettings(
                user_agent=env.text(USER_AGENT_ENV, ""),
                edgar_url=env.text("SEC_PIPELINE_EDGAR_URL", EdgarSettings.edgar_url).rstrip("/"),
                data_url=env.text("SEC_PIPELINE_DATA_URL", EdgarSettings.data_url).rstrip("/"),
                rate_limit=rate,
                cache_dir=str(home / "http-cache"),
                budget_dir=str(home / "rate-budget"),
                connect_timeout_s=env.positive_number("SEC_PIPELINE_CONNECT_TIMEOUT",
                                                      EdgarSettings.connect_timeout_s),
                first_byte_timeout_s=env.positive_number("SEC_PIPELINE_FIRST_BYTE_TIMEOUT",
                                                         EdgarSettings.first_byte_timeout_s),
                request_deadline_s=env.positive_number("SEC_PIPELINE_REQUEST_DEADLINE",
                                                       EdgarSettings.request_deadline_s),
                max_body_bytes=env.positive_int("SEC_PIPELINE_MAX_BODY_MB", MAX_DECOMPRESSED_BYTES >> 20) << 20,
            ),
            blobs=BlobSettings(
                local_dir=str(home / "blobs"),
                s3_bucket=env.text("SEC_PIPELINE_S3_BUCKET", ""),
                s3_prefix=env.text("SEC_PIPELINE_S3_PREFIX", BlobSettings.s3_prefix),
                s3_endpoint_url=env.text("SEC_PIPELINE_S3_ENDPOINT_URL", ""),
            ),
            models=ModelSettings(
                accurate_model=env.text("SEC_PIPELINE_SENTIMENT_MODEL", ModelSettings.accurate_model),
                cache_dir=env.text("SEC_PIPELINE_MODEL_CACHE", str(home / "models")),
                complexity_threshold_high=env.number("COMPLEXITY_THRESHOLD_HIGH",
                                                     ModelSettings.complexity_threshold_high),
                phrasebank_dir=env.text("SEC_PIPELINE_PHRASEBANK_DIR", ""),
                base_model=env.text("SEC_PIPELINE_SENTIMENT_BASE_MODEL", ""),
                train_epochs=env.whole_number("SEC_PIPELINE_SENTIMENT_TRAIN_EPOCHS", 0),
                train_limit=env.whole_number("SEC_PIPELINE_SENTIMENT_TRAIN_LIMIT", 0),
                lexicon_sentiment=env.switch("SEC_PIPELINE_LEXICON_SENTIMENT"),
                event_base_model=env.text("SEC_PIPELINE_EVENT_BASE_MODEL", ""),
                event_train_epochs=env.whole_number("SEC_PIPELINE_EVENT_EPOCHS", 0),
            ),
            operations=OperationsSettings(
                metrics_port=env.positive_int("SEC_PIPELINE_METRICS_PORT", OperationsSettings.metrics_port),
                backup_daily_days=env.positive_int("SEC_PIPELINE_BACKUP_DAILY_DAYS",
                                                   OperationsSettings.backup_daily_days),
                backup_weekly_days=env.positive_int("SEC_PIPELINE_BACKUP_WEEKLY_DAYS",
                                                    OperationsSettings.backup_weekly_days),
                run_retention_days=env.positive_int("SEC_PIPELINE_RUN_RETENTION_DAYS",
                                                    OperationsSettings.run_retention_days),
            ),
            serving=ServingSettings(
                port=env.positive_int("SEC_PIPELINE_API_PORT", ServingSettings.port),
                rate_per_key=env.positive_number("SEC_PIPELINE_API_RATE", ServingSettings.rate_per_key),
                burst_per_key=env.positive_int("SEC_PIPELINE_API_BURST", ServingSettings.burst_per_key),
                admin_key=env.secret_key(API_ADMIN_KEY_ENV, MIN_API_ADMIN_KEY_CHARS),
            ),
            forms=env.csv("SEC_PIPELINE_FORMS", DEFAULT_FORMS),
            ciks=env.ciks("SEC_PIPELINE_CIKS"),
            max_failure_share=env.number("SEC_PIPELINE_MAX_FAILURE_SHARE", cls.max_failure_share),
            thresholds=thresholds,
            alert_webhook_url=env.text(ALERT_WEBHOOK_ENV, ""),
            executor=executor,
            sensor_interval_s=int(interval),
            sensor_max_runs=env.positive_int("SEC_PIPELINE_SENSOR_MAX_RUNS", cls.sensor_max_runs),
            daily_cron=env.text("SEC_PIPELINE_DAILY_CRON", cls.daily_cron),
            dagster_home=Path(dagster_home).expanduser() if dagster_home else None,
            secrets_from_env=frozenset(name for name in SECRET_ENV_VARS if env.text(name, "")),
        )

    def with_edgar_url(self, url: str) -> PipelineConfig:
        """This configuration with EDGAR and data.sec.gov both served from `url` (a mirror)."""
        return replace(self, edgar=replace(self.edgar, edgar_url=url.rstrip("/"), data_url=url.rstrip("/")))

    def redacted(self) -> dict[str, object]:
        """The settings with secrets masked, for logs and `sec-pipeline health`."""
        shown = asdict(self)
        shown["home"] = str(self.home)
        shown["database_url"] = redact_url(self.database_url)
        shown["alert_webhook_url"] = "***" if self.alert_webhook_url else ""
        shown["serving"]["admin_key"] = "***" if self.serving.admin_key else ""
        shown["dagster_home"] = str(self.dagster_home) if self.dagster_home else ""
        shown["secrets_from_env"] = sorted(self.secrets_from_env)
        return shown




class _Reader:
    """Typed reads of an environment mapping; every error names the variable and an example value."""

    def __init__(self, environ: Mapping[str, str]) -> None:
        self._environ = environ

    def text(self, name: str, default: str) -> str:
        value = self._environ.get(name)
        return default if value is None or not value.strip() else value.strip()

    def number(self, name: str, default: float) -> float:
        raw = self.text(name, str(default))
        try:
            return float(raw)
        except ValueError as exc:
            raise ConfigError(f"{name}={raw!r} is not a number; set it to e.g. {default}") from exc

    def positive_number(self, name: str, default: float) -> float:
        value = self.number(name, default)
        if not value > 0:
            raise ConfigError(f"{name}={value} must be above 0; set it to e.g. {default}")
        return value

    def share_or_number(self, name: str, default: float) -> float:
        """A number, where "97%" means 0.97 (the gate thresholds)."""
        raw = self.text(name, "")
        if not raw:
            return default
        try:
            return float(raw.rstrip("%")) / (100.0 if raw.endswith("%") else 1.0)
        except ValueError as exc:
            raise ConfigError(f"{name}={raw!r} is not a number; set e.g. {name}={default}") from exc

    def positive_int(self, name: str, default: int) -> int:
        raw = self.text(name, str(default))
        if not raw.isdigit() or int(raw) <= 0:
            raise ConfigError(f"{name}={raw!r} is not a positive whole number; set it to e.g. {default}")
        return int(raw)

    def switch(self, name: str) -> bool:
        """A yes/no setting: 1/true/yes/on or 0/false/no/off (unset: off)."""
        raw = self.text(name, "0").lower()
        if raw not in ("1", "true", "yes", "on", "0", "false", "no", "off"):
            raise ConfigError(f"{name}={raw!r} is not a yes/no value; set it to 1 or 0")
        return raw in ("1", "true", "yes", "on")

    def whole_number(self, name: str, default: int) -> int:
        """An integer >= 0 (0 meaning "the default" where the setting says so)."""
        raw = self.text(name, str(default))
        if not raw.isdigit():
            raise ConfigError(f"{name}={raw!r} is not a whole number; set it to e.g. {default}")
        return int(raw)

    def secret_key(self, name: str, min_chars: int) -> str:
        """A secret of at least `min_chars` printable characters without spaces, or '' when unset; the error
        names the variable, never the value."""
        value = self.text(name, "")
        if value and (len(value) < min_chars or not value.isprintable() or " " in value):
            raise ConfigError(f"{name} must be at least {min_chars} printable characters without spaces; "
                              "generate one with `python -c 'import secrets; print(secrets.token_urlsafe(32))'`")
        return value

    def ciks(self, name: str) -> tuple[str, ...]:
        """A comma-separated CIK list, each normalized as the store keeps it."""
        try:
            return tuple(normalize_cik(cik) for cik in self.csv(name, ()))
        except ValueError as exc:
            raise ConfigError(f"{name}: {exc}") from None

    def csv(self, name: str, default: tuple[str, ...]) -> tuple[str, ...]:
        raw = self.text(name, "")
        return tuple(part.strip() for part in raw.split(",") if part.strip()) if raw else default
