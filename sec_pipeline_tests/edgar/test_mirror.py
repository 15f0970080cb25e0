"""The EDGAR mirror: layout folders, the shared test tree (benchmarks.support), faults, the CLI command."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from benchmarks.support.paths import REPO_ROOT
from benchmarks.support.shared_edgar import SharedTree
from sec_pipeline.commands.mirror import MirrorFolderError, mirror_tree
from sec_pipeline.edgar.mirror.faults import Fault, Faults
from sec_pipeline.edgar.mirror.layout import LayoutTree
from sec_pipeline.edgar.mirror.server import MirrorServer
from sec_pipeline.edgar.sgml import parse_submission
from sec_pipeline_tests.conftest import TEST_USER_AGENT

UA = {"User-Agent": TEST_USER_AGENT}


def test_layout_folder_served_as_is(tmp_path: Path) -> None:
    doc = tmp_path / "Archives/edgar/data/1/000000000124000001/x.htm"
    doc.parent.mkdir(parents=True)
    doc.write_bytes(b"<html>x</html>")
    (tmp_path / "submissions").mkdir()
    (tmp_path / "submissions/CIK0000000001.json").write_text('{"cik": "1"}')
    (tmp_path / "secret.txt").write_text("outside")
    with MirrorServer(tmp_path / "Archives" / "..") as mirror:
        get = httpx.Client(base_url=mirror.url, headers=UA).get
        assert get("/Archives/edgar/data/1/000000000124000001/x.htm").content == b"<html>x</html>"
        assert get("/submissions/CIK0000000001.json").json() == {"cik": "1"}
        assert get("/Archives/edgar/data/1/nothing.txt").status_code == 404
        assert get("/Archives/%2e%2e/%2e%2e/etc/passwd").status_code == 404


def test_shared_tree_filing_endpoints(edgar_mirror_server: MirrorServer, shared_edgar: Path) -> None:
    tree = edgar_mirror_server.tree
    built = next(h for h in tree.filings.values() if h.full_path is None and "/8-K/" in str(h.primary_path))
    client = httpx.Client(base_url=edgar_mirror_server.url, headers=UA)
    sub = parse_submission(client.get(f"{built.folder}/{built.accession_no}.txt").content)
    assert (sub.accession_no, sub.cik, sub.form_type, sub.filing_date) == (
        built.accession_no, built.cik, built.form_type, built.filing_date)
    assert sub.company == built.company and sub.items == built.items
    primary = sub.primary_document
    assert primary.filename and not primary.filename.startswith(built.accession_no.replace("-", ""))
    raw = client.get(f"{built.folder}/{primary.filename}").content
    held_bytes = built.primary_path.read_bytes()
    if held_bytes.startswith(b"<DOCUMENT>"):  # held as EDGAR served it, with its <DOCUMENT> wrapper
        held_bytes = parse_submission(held_bytes).documents[0].text.encode("utf-8")
    assert raw == held_bytes
    old_style = client.get(f"/Archives/edgar/data/{built.cik}/{built.accession_no}.txt")
    assert parse_submission(old_style.content).accession_no == built.accession_no
    index = client.get(f"{built.folder}/{built.accession_no}-index.html").text
    assert primary.filename in index and f"{built.accession_no}.txt" in index
    assert client.get(f"/Archives/edgar/data/1/{built.folder[-18:]}/{built.accession_no}.txt").status_code == 404


def test_real_submission_served_byte_for_byte(edgar_mirror: str, shared_edgar: Path) -> None:
    path = shared_edgar / "filings/8-K/18230_0000018230-22-000107.txt"
    body = httpx.get(f"{edgar_mirror}/Archives/edgar/data/18230/000001823022000107/0000018230-22-000107.txt",
                     headers=UA).content
    assert body == path.read_bytes()


def test_daily_index_and_weekend(edgar_mirror: str) -> None:
    get = httpx.Client(base_url=edgar_mirror, headers=UA).get
    text = get("/Archives/edgar/daily-index/2007/QTR3/form.20070807.idx").text
    lines = text.splitlines()
    assert lines[0].startswith("Description:") and lines[9].startswith("-----")
    assert len(lines) == 13 and all("20070807" in line for line in lines[10:])
    assert get("/Archives/edgar/daily-index/2007/QTR3/form.20070804.idx").status_code == 404
    assert get("/Archives/edgar/daily-index/2007/QTR2/form.20070807.idx").status_code == 404


def test_submissions_real_and_generated(edgar_mirror: str, shared_edgar: Path) -> None:
    get = httpx.Client(base_url=edgar_mirror, headers=UA).get
    assert get("/submissions/CIK0000320193.json").content == (shared_edgar / "api/submissions/CIK0000320193.json").read_bytes()
    generated = get("/submissions/CIK0001000685.json").json()
    recent = generated["filings"]["recent"]
    assert generated["cik"] == "1000685" and len(set(map(len, recent.values()))) == 1
    assert recent["filingDate"] == sorted(recent["filingDate"], reverse=True)
    assert get("/submissions/CIK0000000007.json").status_code == 404


def test_getcurrent_paging(edgar_mirror: str) -> None:
    get = httpx.Client(base_url=edgar_mirror, headers=UA).get
    query = "/cgi-bin/browse-edgar?action=getcurrent&type=8-K&count=5&output=atom&start="
    first, second = get(query + "0").text, get(query + "5").text
    assert first.count("<entry>") == 5 and second.count("<entry>") == 5
    assert get(query + "100000").text.count("<entry>") == 0
    assert get("/cgi-bin/browse-edgar?action=getcurrent&type=8-K").status_code == 400


def test_requires_declared_user_agent(edgar_mirror: str) -> None:
    answer = httpx.get(f"{edgar_mirror}/submissions/CIK0000320193.json", headers={"User-Agent": "python-httpx"})
    assert answer.status_code == 403


def test_rate_window_counts_and_rejects(shared_edgar: Path) -> None:
    faults = Faults(max_rate=5)
    with MirrorServer(SharedTree(shared_edgar), faults=faults) as mirror:
        client = httpx.Client(base_url=mirror.url, headers=UA)
        statuses = [client.get("/files/company_tickers.json").status_code for _ in range(8)]
        faults.script(Fault("503", path_contains="/never/"))
    assert statuses[:5] == [200] * 5 and statuses[5:] == [429] * 3
    seen = faults.snapshot()
    assert seen.rate_rejected == 3 and seen.max_in_window == 8 and faults.pending() == 1
    with pytest.raises(ValueError, match="unknown fault kind"):
        Fault("418")


def test_cli_serve(shared_edgar: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    command = [sys.executable, "-m", "sec_pipeline.cli", "mirror", "serve"]
    bad = subprocess.run([*command, str(tmp_path / "nope")], capture_output=True, text=True, env=env, timeout=60)
    assert bad.returncode == 2 and "is not a folder" in bad.stderr
    process = subprocess.Popen([*command, str(shared_edgar), "--port", "0"], stdout=subprocess.PIPE, text=True,
                               env=env)
    try:
        line = process.stdout.readline()
        url = line.split(" at ", 1)[1].split()[0]
        answer = httpx.get(f"{url}/files/company_tickers_exchange.json", headers=UA, timeout=10)
        assert answer.status_code == 200 and json.loads(answer.content)["fields"][0] == "cik"
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0


def test_mirror_tree_picks_the_tree_for_the_folder(shared_edgar: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    assert isinstance(mirror_tree(shared_edgar), SharedTree)
    assert isinstance(mirror_tree(tmp_path), LayoutTree)
    with pytest.raises(MirrorFolderError, match="nope is not a folder"):
        mirror_tree(tmp_path / "nope")
    monkeypatch.setitem(sys.modules, "benchmarks.support.shared_edgar", None)  # as outside a source checkout
    with pytest.raises(MirrorFolderError, match="run from a source checkout"):
        mirror_tree(shared_edgar)


def test_layout_refuses_what_resolves_outside_its_folder(tmp_path: Path) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    folder = root / "Archives/edgar/data/1/000000000124000001"
    folder.mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.txt").write_text("secret")
    (outside / "secret.txt.gz").write_bytes(gzip.compress(b"secret"))
    (folder / "a.htm").symlink_to(outside / "secret.txt")
    (folder / "b.htm.gz").symlink_to(outside / "secret.txt.gz")  # the .gz fallback of b.htm
    (folder / "c").symlink_to(outside, target_is_directory=True)
    (folder / "ok.htm.gz").write_bytes(gzip.compress(b"<html>ok</html>"))
    with MirrorServer(root) as mirror:
        get = httpx.Client(base_url=mirror.url, headers=UA).get
        base = "/Archives/edgar/data/1/000000000124000001/"
        for name in ("a.htm", "b.htm", "c/secret.txt", "c/secret.txt.gz", "../../../../../outside/secret.txt"):
            answer = get(base + name)
            assert answer.status_code == 404 and b"secret" not in answer.content, name
        assert get(base + "ok.htm").content == b"<html>ok</html>"
