"""sentiment_model: the fast-tier sentence sentiment model the pipeline trains itself."""
