"""The signals API (FastAPI on uvicorn): published signals, filings, on-demand processing, API keys.

A plain package: only `serving.launcher` reaches Dagster, and only when the app launches or follows runs.
"""

from sec_pipeline.serving.app import create_app

__all__ = ["create_app"]
