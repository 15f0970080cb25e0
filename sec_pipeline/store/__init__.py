"""sec_pipeline.store package."""
