"""Partition-level workflows that combine the libraries and the store; used by the assets and the CLI.

No Dagster here: each flow takes plain objects (client, store, blob store) and returns a report.
"""
