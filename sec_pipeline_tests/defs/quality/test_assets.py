"""What signal_validations and published_signals tell a user: row counts, a preview, Data Docs that open."""

from __future__ import annotations

import re
import stat
from pathlib import Path
from urllib.parse import urlparse

from sec_pipeline.store.store import Store
from sec_pipeline_tests.defs.pipeline_helpers import materialize_partition, resources

DATE = "2007-08-07"  # three 8-Ks with press releases


def test_published_signals_metadata_counts_rows_and_previews_notable_signals(edgar_mirror, tmp_path):
    database_url = f"sqlite:///{tmp_path / 'app.db'}"
    result = materialize_partition(DATE, resources(edgar_mirror, database_url, tmp_path))
    assert result.success
    published = result.asset_materializations_for_node("published_signals")[0].metadata
    store = Store(database_url)
    current = store.get_signals(filing_date=DATE)
    store.dispose()
    assert published["dagster/partition_row_count"].value == published["published_signals"].value == len(current)
    assert published["dagster/row_count"].value == len(current)  # the only published day
    preview = published["notable_signals"].value
    assert preview.startswith("| company | form | section | family | name |")
    events = [s for s in current if s["family"] == "event"]
    assert events and f"| {events[0]['section']} | event |" in preview

    validations = result.asset_materializations_for_node("signal_validations")[0].metadata
    assert validations["dagster/partition_row_count"].value == validations["expectations"].value
    index = Path(urlparse(validations["data_docs"].value).path)  # a clickable file:// URL
    assert validations["data_docs"].value.startswith("file://") and index.is_file()
    links = re.findall(r"href='([^']+)'", index.read_text())
    assert links, "the summary links to GX's pages"
    for link in links:
        assert (index.parent / link).is_file(), link
    for page in [index, *(index.parent / link for link in links)]:
        assert stat.S_IMODE(page.stat().st_mode) == 0o644, page
