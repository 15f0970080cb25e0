"""sec_pipeline.parsing package."""
