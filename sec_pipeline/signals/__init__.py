"""sec_pipeline.signals package."""
