"""A loopback EDGAR for tests, benchmarks and air-gapped runs.

* `tree`: `Answer` and the `Tree` protocol (request path and query -> Answer);
* `layout`: `LayoutTree`, a folder already in EDGAR's URL layout, served file by file;
* `server`: `MirrorServer`, a threaded HTTP server over a Tree, answering in SEC's URL layout;
* `faults`: `Faults`, scripted and rate-triggered misbehaviour (429, throttle page, 503, slow, truncated).

The shared test tree (a folder with MANIFEST.tsv) is served by `benchmarks.support.shared_edgar.SharedTree`,
which synthesizes EDGAR's indexes and APIs from it; `sec_pipeline.commands.mirror.mirror_tree` picks the tree.
"""
