"""`sec-pipeline docs`: the Data Docs served on loopback, the summary's links answering."""

from __future__ import annotations

import re
import threading
import urllib.error
import urllib.request

import pytest

from sec_pipeline.commands.docs import docs_server
from sec_pipeline.quality.report_html import DATA_DOCS_FOLDER, render_outcomes_html
from sec_pipeline.store.blobs import LocalBlobStore


@pytest.fixture
def served(tmp_path):
    blobs = LocalBlobStore(tmp_path / "blobs")
    page = "validations/sections/suite/run.html"
    blobs.put("validations/2023-02-27/index.html", render_outcomes_html([], 1.0, "day", [page]).encode())
    blobs.put(f"validations/2023-02-27/{DATA_DOCS_FOLDER}/{page}", b"<html>the GX page</html>")
    server = docs_server(blobs)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def test_the_dates_page_links_each_summary_and_its_links_answer(served):
    status, listing = _get(f"{served}/")
    assert status == 200 and "validations/2023-02-27/index.html" in listing
    status, summary = _get(f"{served}/validations/2023-02-27/")
    assert status == 200 and "Great Expectations Data Docs" in summary
    [link] = re.findall(r"href='([^']+)'", summary)
    assert _get(f"{served}/validations/2023-02-27/{link}") == (200, "<html>the GX page</html>")


@pytest.mark.parametrize("path", ["/validations/2023-02-28/index.html", "/raw/320193/x.txt",
                                  "/validations/../../etc/passwd"])
def test_anything_else_is_not_found(served, path):
    assert _get(f"{served}{path}")[0] == 404
