"""A self-contained HTML page of a partition's validation outcomes (stored next to GX's Data Docs pages)."""

from __future__ import annotations

import html
import json

from sec_pipeline.quality.outcomes import ValidationOutcome, frame_to_markdown, worst_filings

# GX's pages sit in this folder next to the summary page (GX has an index.html of its own).
DATA_DOCS_FOLDER = "docs"

_STYLE = (
    "body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse;font-size:13px}"
    "td,th{border:1px solid #ccc;padding:3px 6px;vertical-align:top}.fail{background:#fdd}"
    ".warn{background:#ffd}.pass{background:#dfd}"
)


def render_outcomes_html(
    outcomes: list[ValidationOutcome], pass_rate: float, title: str = "sec_pipeline validations",
    docs_pages: list[str] | None = None,
) -> str:
    """Failed outcomes first, then a per-expectation summary; links to GX Data Docs pages when given (paths
    relative to the Data Docs site, stored under DATA_DOCS_FOLDER next to this page)."""
    esc = html.escape
    summary: dict[str, list[int]] = {}
    for o in outcomes:
        counts = summary.setdefault(o.expectation, [0, 0])
        counts[0 if o.passed else 1] += 1
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>{esc(title)}</title>",
             f"<style>{_STYLE}</style></head><body><h1>{esc(title)}</h1>",
             f"<p>Pass rate (ERROR-severity outcomes): <b>{pass_rate:.2%}</b> of "
             f"{sum(o.severity == 'error' for o in outcomes)}; outcomes in all: {len(outcomes)}; "
             f"failed: {sum(not o.passed for o in outcomes)}.</p>",
             "<h2>Expectations</h2><table><tr><th>expectation</th><th>passed</th><th>failed</th></tr>"]
    for name, (ok, bad) in sorted(summary.items()):
        parts.append(f"<tr class='{'fail' if bad else 'pass'}'><td>{esc(name)}</td><td>{ok}</td>"
                     f"<td>{bad}</td></tr>")
    parts.append("</table><h2>Worst filings</h2><pre>")
    parts.append(esc(frame_to_markdown(worst_filings(outcomes))))
    parts.append("</pre><h2>Failures</h2><table><tr><th>scope</th><th>expectation</th><th>severity</th>"
                 "<th>observed</th><th>details</th></tr>")
    for o in sorted((o for o in outcomes if not o.passed), key=lambda o: (o.severity, o.expectation, o.scope)):
        details = json.dumps(o.as_row()["details"], default=str)[:2000]
        parts.append(f"<tr class='{'fail' if o.severity == 'error' else 'warn'}'><td>{esc(o.scope)}</td>"
                     f"<td>{esc(o.expectation)}</td><td>{esc(o.severity)}</td>"
                     f"<td>{esc(str(o.observed_value))}</td><td>{esc(details)}</td></tr>")
    parts.append("</table>")
    if docs_pages:
        parts.append("<h2>Great Expectations Data Docs</h2><ul>")
        parts.extend(f"<li><a href='{esc(DATA_DOCS_FOLDER)}/{esc(p)}'>{esc(p)}</a></li>" for p in docs_pages)
        parts.append("</ul>")
    parts.append("</body></html>")
    return "".join(parts)
