"""The Dagster side of operations: the instance probe, automation levers, and the backup and maintenance
jobs with their schedules (`OPERATIONS_DEFINITIONS` in `jobs`)."""
