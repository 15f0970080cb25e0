"""extracted_signals: the signals of every parsed filing, staged for the gates."""
