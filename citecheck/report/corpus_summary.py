"""A corpus audit's summary: counts by finding kind, link rot by host and by the citing
document's year, the most-cited dead addresses and unknown DOIs; in the terminal and as
a self-contained HTML page with a chart of rot by year.  Kept as counts, however many
documents: a line of the report is added, then forgotten."""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, TextIO
from urllib.parse import urlsplit

from citecheck.model import LinkStatus
from citecheck.text import visible

_ROT = {LinkStatus.DEAD.value: "dead", LinkStatus.BLOCKED.value: "dead",
        LinkStatus.REDIRECTED.value: "moved"}


@dataclass
class CorpusSummary:
    """Counts across the corpus, from the report lines (kept, never the documents)."""

    documents: int = 0
    resumed: int = 0
    skipped: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    severities: Counter[str] = field(default_factory=Counter)
    hosts: dict[str, Counter[str]] = field(default_factory=dict)
    years: dict[str, Counter[str]] = field(default_factory=dict)
    dead: Counter[str] = field(default_factory=Counter)
    """Dead or blocked addresses → how many documents cite them."""
    bad_dois: Counter[str] = field(default_factory=Counter)

    def add(self, line: dict[str, Any]) -> None:
        self.documents += 1
        for finding in line["findings"]:
            self.kinds[finding["kind"]] += 1
            self.severities[finding["severity"]] += 1
            if finding["kind"] == "doi-not-found":
                self.bad_dois[str(finding["evidence"].get("doi", ""))] += 1
        year = str(line.get("year") or "?")
        seen: set[str] = set()
        for link in line["links"]:
            url = link["url"]
            if url in seen:
                continue
            seen.add(url)
            status = str(link["status"])
            state = _ROT.get(status, "alive" if status == "alive" else "")
            if link.get("archive_url"):
                state = state or "archived"
            host = (urlsplit(url).hostname or "?").removeprefix("www.")
            for table, key in ((self.hosts, host), (self.years, year)):
                counts = table.setdefault(key, Counter())
                counts["links"] += 1
                counts["unchecked"] += status == LinkStatus.UNCHECKED.value
                if state:
                    counts[state] += 1
            if state == "dead":
                self.dead[url] += 1




def _rot(counts: Counter[str]) -> str:
    """Shares of the links checked (those not checked, offline or failing, said apart)."""
    links = (counts["links"] - counts["unchecked"]) or 1
    return (f"{counts['links']:>6} links ({counts['unchecked']} not checked)  "
            f"{100 * counts['dead'] / links:5.1f} % dead  "
            f"{100 * counts['moved'] / links:5.1f} % moved  "
            f"{100 * counts['archived'] / links:5.1f} % archived")


def render_summary(summary: CorpusSummary, stream: TextIO, top: int = 10) -> None:
    """The summary as plain text (for the terminal's standard error)."""
    write = stream.write
    write(f"citecheck corpus: {summary.documents} documents"
          f" ({summary.resumed} from the journal, {summary.skipped} skipped)\n")
    write("findings: " + ", ".join(f"{n} {s}" for s, n in summary.severities.most_common())
          + "\n")
    for kind, count in summary.kinds.most_common():
        write(f"  {kind:28} {count:>7}\n")
    links = Counter[str]()
    for counts in summary.hosts.values():
        links.update(counts)
    if links["links"]:
        write(f"links: {_rot(links)}\n")
        write("by year of the citing document:\n")
        for year in sorted(summary.years):
            write(f"  {year:>6} {_rot(summary.years[year])}\n")
        worst = [item for item in sorted(summary.hosts.items(), key=lambda i: -i[1]["dead"])
                 if item[1]["dead"]][:top]
        if worst:
            write("hosts with the most dead links:\n")
        for host, counts in worst:
            write(f"  {visible(host)[:40]:40} {_rot(counts)}\n")
    for title, table in (("most-cited dead addresses", summary.dead),
                         ("most-cited unknown DOIs", summary.bad_dois)):
        if table:
            write(f"{title}:\n")
            for key, count in table.most_common(top):
                write(f"  {count:>5}  {visible(key)[:100]}\n")


def render_summary_html(summary: CorpusSummary, stream: TextIO) -> None:
    """A page with no outside resource: the counts, and link rot by year as bars."""
    years = sorted(y for y in summary.years if y != "?")
    width, bar, height = max(300, 40 * len(years) + 40), 28, 200
    bars = []
    for index, year in enumerate(years):
        counts = summary.years[year]
        share = counts["dead"] / counts["links"] if counts["links"] else 0.0
        top = height - 20 - share * (height - 40)
        x = 30 + 40 * index
        bars.append(f'<rect x="{x}" y="{top:.1f}" width="{bar}" height="{height - 20 - top:.1f}" '
                    f'fill="#c0392b"><title>{year}: {100 * share:.1f} % dead of '
                    f'{counts["links"]}</title></rect><text x="{x + bar / 2}" y="{height - 5}" '
                    f'font-size="10" text-anchor="middle">{year}</text>')
    rows = "".join(f"<tr><td>{html.escape(k)}</td><td>{n}</td></tr>"
                   for k, n in summary.kinds.most_common())
    dead = "".join(f"<li>{n} × {html.escape(visible(u))}</li>"
                   for u, n in summary.dead.most_common(20))
    stream.write(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>citecheck corpus summary'
        "</title><style>body{font:14px sans-serif;margin:2em}td{padding:0 1em}</style>"
        f"</head><body><h1>citecheck: {summary.documents} documents</h1>"
        f"<h2>Link rot by year of the citing document</h2><svg width=\"{width}\" "
        f'height="{height}" role="img" aria-label="share of dead links by year">'
        f'{"".join(bars)}</svg><h2>Findings by kind</h2><table>{rows}</table>'
        f"<h2>Most-cited dead addresses</h2><ol>{dead}</ol></body></html>\n")
