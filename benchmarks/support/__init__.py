"""Code shared by the benchmarks, the tests and `sec-pipeline eval` (only in a source checkout).

* `paths`: the repository root and the shared EDGAR test tree (`shared_edgar_dir`);
* `shared_edgar`: `SharedTree`, the test tree's MANIFEST served in EDGAR's URL layout by the mirror;
* `section_scoring` / `label_corrections` / `section_report`: section parsing scored on the shared labels;
* `partition_data`: a realistic partition of four real filings for the quality suites.
"""
