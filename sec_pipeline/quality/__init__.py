"""sec_pipeline.quality package."""
