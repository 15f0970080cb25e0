"""sentiment_model and event_model: the models the pipeline trains itself."""
