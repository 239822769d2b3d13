"""What the prose says of a cited work against its entry (issue 18, item 5): a title in
italics or quotes, a first name, right before a citation of one work.  Both ways.

The quiet cases follow andrewheiss/ath-quarto's reading list ("Miguel A. Hernán and
James M. Robins, *Causal Inference: What If* [@HernanRobins:2020]"), where the prose
and the entries agree; the slips are texts of our own.
"""

from __future__ import annotations

from conftest import run, write

BIB = """@book{HernanRobins:2020, author = {Miguel A. Hern{\\'a}n and James M. Robins},
  title = {Causal Inference: What If}, publisher = {Chapman \\& Hall/CRC}, year = {2020}}
@article{ThoemmesOng:2016, author = {Felix Thoemmes and Anthony D. Ong},
  title = {A Primer on Inverse Probability of Treatment Weighting and Marginal Structural
  Models}, journal = {Emerging Adulthood}, year = {2016}}
@article{smith2004, author = {Smith, Jane and Doe, John}, title = {A Study of Things},
  journal = {Journal of Things}, year = {2004}}
"""


def _findings(tmp_path, body):
    write(tmp_path, "refs.bib", BIB)
    _, _, findings, _ = run(write(tmp_path, "post.md", f"---\nbibliography: refs.bib\n---\n{body}"))
    return [(f.kind, f.span.line, f.suggestion) for f in findings]


def test_titles_and_names_that_agree_with_their_entries(tmp_path):
    assert _findings(tmp_path, (
        "\n- Chapter 12 in Miguel A. Hernán and James M. Robins, *Causal Inference: What If*"
        " [@HernanRobins:2020]\n- Felix Thoemmes and Anthony D. Ong, \"A Primer on Inverse"
        " Probability of Treatment Weighting\" [@ThoemmesOng:2016]\n") + """
As Jane Smith [-@smith2004] shows, and as *this is very* clear [@smith2004], Dan Doe agrees.
It is *really important* [@HernanRobins:2020; @smith2004].
""") == []


def test_a_title_or_a_first_name_unlike_the_entry(tmp_path):
    assert _findings(tmp_path, """
The book *Statistical Rethinking: A Bayesian Course* [@HernanRobins:2020] is a classic.

As John Smith [-@smith2004] shows, things vary.
""") == [("metadata-mismatch", 5, "Causal Inference: What If"),
         ("metadata-mismatch", 7, "Jane Smith")]
