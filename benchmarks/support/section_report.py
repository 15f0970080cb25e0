"""The section benchmark's results (section_scoring.evaluate, plus benchmarks.sections' speed run) as Markdown."""

from __future__ import annotations

import json


def render_md(r: dict[str, object]) -> str:
    """The results as a Markdown report."""
    lines = ["# Section parsing benchmark", "",
             "Reproduce: `python -m benchmarks.sections --peer-python PEER_VENV/bin/python`", "",
             "## 8-K vs edgar-crawler labels (exact item set on non-empty items; token F1 of item text)", "",
             "| labels | era | filings | exact set | items scored | text F1 |", "|---|---|---|---|---|---|"]
    for kind, key in (("as shipped", "vs_edgar_crawler"), ("corrected", "vs_edgar_crawler_corrected_labels")):
        for era, v in r["8-K"][key].items():
            lines.append(f"| {kind} | {era} | {v['filings']} | {v['exact_set']} | {v['items_scored']} | "
                         f"{v['text_f1_mean']} |")
    d = r["8-K"]["vs_declared_header_items"]
    lines += ["", f"8-K items found vs SEC header ITEM INFORMATION (full submissions with item codes): "
              f"{d['exact']} exact over {d['filings']} filings; {d['disagreements_with_blank_header_line']} of the "
              f"disagreements are headers with a blank ITEM INFORMATION line (the item the document has is not "
              f"described in the header); every disagreement is listed under Misses with the header lines and "
              f"the headings found.", ""]
    for form in ("10-K", "10-Q"):
        lines += [f"## {form} vs sec-parser labels (within the labels' item list)", "",
                  "| labels | era | filings | precision | recall | F1 | exact set |", "|---|---|---|---|---|---|---|"]
        for kind, key in (("as shipped", form), ("corrected", f"{form}_corrected_labels")):
            for era, v in r[key].items():
                lines.append(f"| {kind} | {era} | {v['filings']} | {v['precision']} | {v['recall']} | {v['f1']} "
                             f"| {v['exact_set']} |")
        lines.append("")
    lines += ["## Label errors (the filing proves the parser right)", ""]
    for form, fixes in r["label_corrections"].items():
        for stem, fix in fixes.items():
            change = ", ".join([f"+{x}" for x in fix.get("add", [])] + [f"-{x}" for x in fix.get("remove", [])])
            lines.append(f"- {form} `{stem}` ({change}): {fix['evidence']}")
    lines.append("")
    s = r["span_within_10pct"]
    lines += [f"Source span (`source_end - source_start`) within 10% of the label's `character_count`, items "
              f">= 5,000 chars: {s['share']} of {s['items']} (10-K {s['10-K']}, 10-Q {s['10-Q']}).", "",
              "## Plain-text pre-2001 filings (no labels): items found", ""]
    for p in r["plain_text_pre2001"]:
        lines.append(f"- {p['form']} `{p['filing']}`: {', '.join(p['items']) or 'NONE'}")
    if "speed" in r:
        lines += ["", "## Speed (same labeled HTML files, one process per form and tool, imports excluded)", "",
                  "| form | files | MB | tool | median s/filing | median MB/s | peak RSS MB | item F1 | exact set |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for form, v in r["speed"].items():
            for tool in ("sec_pipeline", "edgartools"):
                t = v[tool]
                if "median_s" in t:
                    acc = t.get("accuracy_corrected_labels") or {}
                    lines.append(f"| {form} | {v['files']} | {v['mb_total']} | {tool} | {t['median_s']} | "
                                 f"{t['median_mb_s']} | {t['peak_rss_mb']} | {acc.get('f1', '')} | "
                                 f"{acc.get('exact_set', '')} |")
                else:
                    lines.append(f"| {form} | {v['files']} | {v['mb_total']} | {tool} | {t} | | | | |")
            if "speedup_median_mb_s" in v:
                lines.append(f"| {form} | | | speed-up (median MB/s) | {v['speedup_median_mb_s']}x | | | | |")
    lines += ["", "## Misses (every one)", ""]
    for key, items in r["misses"].items():
        lines.append(f"### {key} ({len(items)})")
        lines += [f"- `{json.dumps(m, ensure_ascii=False)[:1500]}`" for m in items]
        lines.append("")
    return "\n".join(lines) + "\n"
