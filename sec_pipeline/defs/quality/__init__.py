"""signal_validations and its blocking gates, published_signals, and the failure alert sensor."""
