"""Operations: health checks, Prometheus metrics, backups and maintenance of sec_pipeline.

Plain library: never imports dagster. What it needs from the Dagster instance (run queue, run outcomes,
daemon heartbeats, check results, run retention) it reads through `probe.InstanceProbe`, which the Dagster
layer implements (`sec_pipeline.defs.operations.instance_probe`).
"""
