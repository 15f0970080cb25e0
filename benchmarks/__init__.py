"""Benchmarks of sec_pipeline on the shared EDGAR test tree; each runs as `python -m benchmarks.NAME`.

Shared code (paths, the section scoring, the test tree served as EDGAR, a real-data partition) lives in
`benchmarks.support`, which the tests and `sec-pipeline eval` import too. Results go to benchmarks/results/.
"""
