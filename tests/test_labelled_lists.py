"""Reference lists in the styles real lists use (issue 18, item 7): Vancouver entries
after a "[label]:" (the label is no author, initials are no surnames), IEEE with the
given names first, and "[label]" calls of such a list.  Entries are real references
(Lewis et al. 2016, BMC Syst Biol; Martin and Battin 1968, J Spacecraft; Medley et al.
2018, PLoS Comput Biol) written as these styles print them; the documents are ours.
"""

from __future__ import annotations

from conftest import run, write

from citecheck.extract.references import parse_entry

LIST = """# Paper

Reproducibility is at stake [Lewis2016], and steering was computed on board [Martin1968]{extra}.

## References

[Lewis2016]: Lewis J, Breeze CE, Charlesworth J, Maclaren OJ, Cooper J. Where next for the
reproducibility agenda in computational biology? BMC Syst Biol. 2016;10(1):52.

[Martin1968]: Martin FH, Battin RH. Computer-Controlled Steering of the Apollo Spacecraft.
J Spacecraft. 1968;5(4):400-7.
"""


def test_vancouver_entries_after_a_label_and_their_calls(tmp_path):
    _, extraction, findings, _ = run(write(tmp_path, "paper.md", LIST.format(extra="")))
    assert [(r.key, r.authors[:2], r.year, r.container) for r in extraction.references] == [
        ("Lewis2016", ("Lewis", "Breeze"), "2016", "BMC Syst Biol"),
        ("Martin1968", ("Martin", "Battin"), "1968", "J Spacecraft")]
    assert [(c.form, c.key) for c in extraction.citations] == [
        ("label", "Lewis2016"), ("label", "Martin1968")]
    assert findings == []


def test_a_label_call_no_entry_answers(tmp_path):
    _, _, findings, _ = run(write(tmp_path, "paper.md", LIST.format(
        extra=", as planned [Martin1969]")))
    assert [(f.kind, f.span.line, f.suggestion) for f in findings] == [
        ("citation-unmatched", 3, "[Martin1968]")]


def test_ieee_given_names_first_and_no_labels_elsewhere(tmp_path):
    fields = parse_entry(
        "J. K. Medley, K. Choi, M. König, L. Smith, S. Gu, J. Hellerstein, S. C. Sealfon, "
        "and H. M. Sauro, “Tellurium notebooks—An environment for reproducible dynamical "
        "modeling in systems biology,” PLoS Comput. Biol., vol. 14, no. 6, p. e1006220, 2018.")
    assert (fields["authors"][:3], fields["year"], fields["volume"]) == (
        ("Medley", "Choi", "König"), "2018", "14")
    # Where entries carry no label, "[word2020]" in the text is no call.
    _, extraction, _, _ = run(write(tmp_path, "plain.md", "See [Draft2020] for now.\n"))
    assert extraction.citations == ()
