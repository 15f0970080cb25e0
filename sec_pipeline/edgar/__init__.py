"""sec_pipeline.edgar package."""
