"""``citecheck fix`` with the registries (issue 23), against the recorded Crossref,
DataCite and doi.org answers on loopback: a year, volume, issue or pages that disagree
with the registered record become the registered value (a year in the entry's citations
too); a DOI Crossref matched with confidence is added to its entry (a line of a reference
list, or a field of a .bib); a title that disagrees is left alone (the DOI may be the
wrong one).  After the fix, the audit finds those findings gone and no new one."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import DATA, write
from fake_registry import QUICK, SERVICES, Faulty
from pytest_httpserver import HTTPServer

from citecheck.audit import audit
from citecheck.fix.patch import write as write_patch
from citecheck.fix.plan import FixOptions
from citecheck.fixing import fixes
from citecheck.model import AuditOptions
from citecheck.resolve.cache import Cache
from citecheck.resolve.endpoints import Endpoints


@pytest.fixture(scope="module")
def registry():
    handler = Faulty()
    handler.service = ""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.expect_request(re.compile(".*")).respond_with_handler(handler)
    server.start()
    base = server.url_for("").rstrip("/")
    yield Endpoints(**{name: f"{base}/{name}" for name in SERVICES})
    server.stop()


def _fix_and_audit(path: Path, endpoints: Endpoints, tmp_path: Path):
    """Fix ``path`` in place; the findings before and after, and the edits made."""
    options = AuditOptions(paths=(str(path),), timeout=1.0, mailto="tests@example.org")
    outside = {"cache": Cache(tmp_path / "c.sqlite3"), "endpoints": endpoints, "policies": QUICK}
    before, patched = fixes(options, **outside)
    for item in patched:
        write_patch(item, backup=False)
    after = audit(options, **outside)
    again = fixes(options, **outside)[1]

    def found(result):  # type: ignore[no-untyped-def]
        return sorted((f.kind, f.message) for d in result.documents for f in d.findings)
    return found(before), found(after), [e for item in patched for e in item.applied], again


def test_a_year_follows_the_registry_in_the_entry_and_its_citations(registry, tmp_path):
    path = tmp_path / "paper.md"
    shutil.copy(DATA / "registry_paper.md", path)
    original = path.read_text(encoding="utf-8")
    before, after, edits, again = _fix_and_audit(path, registry, tmp_path)
    published = " Published version: https://doi.org/10.5555/3295222.3295349"
    assert sorted((e.finding.kind, e.old, e.new) for e in edits) == [
        ("metadata-mismatch", "2011", "2012"), ("metadata-mismatch", "2011", "2012"),
        ("published-version", "", published)]
    preprint = "https://doi.org/10.48550/arXiv.1706.03762"
    assert path.read_text(encoding="utf-8") == original.replace(
        "Lee et al. 2011", "Lee et al. 2012").replace("Bae, J. (2011)", "Bae, J. (2012)"
    ).replace(preprint, preprint + published)
    fixed = sorted(kind for kind, message in before if (kind, message) not in after)
    assert fixed == ["metadata-mismatch", "published-version"]
    assert set(after) <= set(before)  # nothing new; the title that disagrees is still said
    assert any("the title registered" in message for _, message in after)
    assert all(not item.applied for item in again)


TERRANOVA = ("Terranova, T. (2000). Free labor: Producing culture for the digital economy. "
             "*Social Text*, 18(2), 33–58.")


def test_a_doi_the_registry_matched_is_added_to_its_entry(registry, tmp_path):
    path = write(tmp_path, "essay.md", f"# Essay\n\nUnpaid work (Terranova 2000).\n\n"
                 f"## References\n\n{TERRANOVA}\n")
    before, after, edits, again = _fix_and_audit(path, registry, tmp_path)
    assert [(e.finding.kind, e.new) for e in edits] == [
        ("doi-suggested", " https://doi.org/10.1215/01642472-18-2_63-33")]
    assert path.read_text(encoding="utf-8").endswith(
        f"{TERRANOVA} https://doi.org/10.1215/01642472-18-2_63-33\n")
    assert [k for k, _ in before if k == "doi-suggested"] and not [
        k for k, _ in after if k == "doi-suggested"]
    assert set(after) <= set(before) and all(not item.applied for item in again)


def test_a_doi_is_added_as_a_field_of_a_bib_entry(registry, tmp_path):
    bib = write(tmp_path, "refs.bib", "@article{terranova2000,\n  author = {Terranova, "
                "Tiziana},\n  title = {Free Labor: Producing Culture for the Digital Economy},"
                "\n  journal = {Social Text},\n  volume = {18},\n  number = {2},\n"
                "  pages = {33--58},\n  year = {2000}\n}\n")
    before, after, edits, again = _fix_and_audit(bib, registry, tmp_path)
    assert [e.finding.kind for e in edits] == ["doi-suggested"]
    assert bib.read_text(encoding="utf-8").endswith(
        "  year = {2000},\n  doi = {10.1215/01642472-18-2_63-33}\n}\n")
    assert not [k for k, _ in after if k in {"doi-suggested", "reference-incomplete"}]
    assert set(after) <= set(before) and all(not item.applied for item in again)


def test_replace_preprints_writes_the_published_doi_over_the_preprints(registry, tmp_path):
    path = tmp_path / "paper.md"
    shutil.copy(DATA / "registry_paper.md", path)
    original = path.read_text(encoding="utf-8")
    options = AuditOptions(paths=(str(path),), timeout=1.0, mailto="tests@example.org")
    _, patched = fixes(options, FixOptions(replace_preprints=True),
                       cache=Cache(tmp_path / "c.sqlite3"), endpoints=registry, policies=QUICK)
    [edit] = [e for item in patched for e in item.applied if e.finding.kind == "published-version"]
    assert (edit.old, edit.new) == ("10.48550/arXiv.1706.03762", "10.5555/3295222.3295349")
    assert patched[0].after.count("10.5555/3295222.3295349") == 1
    assert "arXiv.1706.03762" not in patched[0].after and "arXiv.1706.03762" in original
