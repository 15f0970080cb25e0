"""sec_pipeline.defs package."""
