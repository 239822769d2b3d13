"""Academic prose as a fresh batch of real documents showed it (issue 18): a paper's own
Results, examples listed in parentheses, labels and objects that are no sources, a
named report that the paragraph's closing citation does not cite.  Each rule both ways.

Snippets marked "from" are short excerpts of openly licensed documents of the corpus
(bench/corpus/manifest.toml, set "fresh"); the others are texts of our own.
"""

from __future__ import annotations

from conftest import run, write

BIB = """@article{icnl2021,
  author = {{International Center for Not-For-Profit Law}},
  title = {The Civic Space Initiative},
  journal = {ICNL Reports},
  year = {2021},
}

@article{hrw2016,
  author = {{Human Rights Watch}},
  title = {World Report 2016},
  journal = {HRW Reports},
  year = {2016},
}

@article{gohdes2017,
  author = {Gohdes, Anita R. and Carey, Sabine C.},
  title = {Canaries in a Coal-Mine?},
  journal = {Journal of Peace Research},
  year = {2017},
}
"""


def _audit(tmp_path, text, name="paper.md"):
    write(tmp_path, "refs.bib", BIB)
    _, extraction, findings, _ = run(write(tmp_path, name, text))
    return extraction, findings


def _kinds(findings):
    return [(f.kind, f.span.line) for f in findings]


def test_examples_listed_with_etc_are_no_citations(tmp_path):
    """From andrewheiss/ath-quarto (a blog post on panel data): "(e.g. Alabama 2015,
    Alabama 2016, etc.)" lists rows of data.  A real group of works with no entry is
    still reported."""
    extraction, findings = _audit(tmp_path, """---
bibliography: refs.bib
---
Each row is a state and year (e.g. Alabama 2015, Alabama 2016, etc.), as in
@gohdes2017.

Earlier work agrees (e.g. Romer 2015; Lucas 2016).
""")
    assert [(c.text, c.year) for c in extraction.citations if c.form == "parenthetical"] == [
        ("e.g. Romer 2015", "2015"), ("Lucas 2016", "2016")]
    assert _kinds(findings) == [("citation-unmatched", 7), ("citation-unmatched", 7)]


def test_a_papers_own_results_sections_by_their_words(tmp_path):
    """From andrewheiss/cautioning-canary (an R Markdown manuscript): its figures in "#
    Results and analysis", "## Modeling approach" are its own model's ("appearing a
    predicted 60% of the time"); a claim there that rests on "recent literature" is
    still vague.  In the introduction the same kind of figure needs a source, and a
    one-line paragraph that mentions results opens no section."""
    _, findings = _audit(tmp_path, """---
bibliography: refs.bib
---
# Introduction

Some 40% of states restrict foreign funding of NGOs.

# Data and modeling approach

The country structure explains more than 70% of the variation in outcome.

# Results and analysis

## Marginal results

Level 2 is the most likely category, appearing a predicted 60% of the time.

These laws have a chilling effect on aid (as shown by recent literature), but they
predict no violence.

Results changed by 30% over the decade.

Funding fell by 25% in the same years.
""")
    assert _kinds(findings) == [("figure-unsourced", 6), ("attribution-vague", 18)]


def test_methods_sections_quote_their_materials(tmp_path):
    """From dhicks/transparency: a vignette shown to participants ("Yet, scientists do
    not agree…") in the Methods is the study's material, not its claim; the same
    sentence in a Discussion is a vague attribution."""
    text = """# {section}

Participants read the following text: a chemical is found in many products. Yet,
scientists say that its risks are unclear.
"""
    _, quiet = _audit(tmp_path, text.format(section="Materials and methods"))
    _, loud = _audit(tmp_path, text.format(section="Discussion"), "other.md")
    assert quiet == []
    assert _kinds(loud) == [("attribution-vague", 4)]


def test_labels_objects_and_modal_verbs_name_no_source(tmp_path):
    """From andrewheiss/cautioning-canary and ath-quarto: "Levels 1 and 2 are the most
    common predicted outcomes", "the crackdown on NGOs could predict", "note-based
    styles like Chicago notes have `class`", "according to group" name no one; "This
    first report by a Data Editor" (from AEADataEditor/report-aea-data-editor-2018) is
    the document itself.  "The World Bank predicts" and "according to Eurostat" do
    name a source."""
    _, findings = _audit(tmp_path, """# Discussion

At the lowest levels, Levels 1 and 2 are the most common predicted outcomes, at 50% each.

We posited that the global crackdown on NGOs could predict a 20% rise in abuses.

Note-based styles like Chicago notes have 12% fewer characters.

An analysis of values according to group shows that Levallois products score 8% higher.

This first report by a Data Editor describes 40% of my efforts.

The World Bank predicts that poverty will rise by 3%.

Poverty rose by 2% in 2020, according to Eurostat.
""")
    # Every sentence holds a figure and no citation: only two name where it is from.
    assert [(f.kind, f.span.line, f.evidence.get("source")) for f in findings] == [
        ("figure-unsourced", 3, None), ("figure-unsourced", 5, None),
        ("figure-unsourced", 7, None), ("figure-unsourced", 9, None),
        ("figure-unsourced", 11, None),
        ("attribution-unlinked", 13, "The World Bank predicts"),
        ("attribution-unlinked", 15, "according to … Eurostat")]


def test_degrees_of_belief_and_hyperbole_are_no_figures(tmp_path):
    """From andrewheiss/ath-quarto: "I'm like 90% sure you can do fancier things", "the
    approach in like a billion political science papers".  A share of something is
    still a figure."""
    _, findings = _audit(tmp_path, """# Notes

I'm like 90% sure you can fit a multilevel model here, but not 100% confident.

Again, this is the approach in like a billion political science papers.

About 90% of the surveyed firms use it.
""")
    assert _kinds(findings) == [("figure-unsourced", 7)]


def test_a_named_report_the_closing_citation_does_not_cite(tmp_path):
    """From andrewheiss/cautioning-canary: "In Human Rights Watch's 2016 World Report,
    … Kenneth Roth argued…" in a paragraph whose closing citation is another work: the
    report is named and never cited.  When the closing citation is the report, the
    paragraph is sourced."""
    text = """---
bibliography: refs.bib
---
# Introduction

In Human Rights Watch's 2016 World Report, its director argued that civil society was
under attack. By 2020, few countries had open civic space [@{key}].
"""
    _, unsourced = _audit(tmp_path, text.format(key="icnl2021"))
    _, sourced = _audit(tmp_path, text.format(key="hrw2016"), "other.md")
    assert [(f.kind, f.span.line) for f in unsourced] == [("attribution-unlinked", 6)]
    assert sourced == []


WIKI_STYLE = """# Cleaning work surfaces

Keeping areas clean helps.<sup>[2],[9]</sup> There are simple things.<sup>[{call}]</sup>

The machine ran at 14E<sup>16</sup> flops, cooled to 10<sup>-3</sup> of its heat.{note}

[1]: #ref-1 "CDC guidance"
[2]: #ref-2 "WHO summary"
[9]: #ref-9 "Steering"

## References

* <a name="ref-1"></a><sup>1</sup>[CDC guidance on transmission](https://www.cdc.gov/a)
* <a name="ref-2"></a><sup>2</sup>[WHO summary remarks](https://www.who.int/b)
* <a name="ref-9"></a><sup>9</sup>[Steering<br>Martin FH, Battin RH. 1968. Computer-Controlled \
Steering of the Apollo Spacecraft. J Spacecraft. 5(4):400-7](https://example.org/apollo.pdf)
"""


def test_a_wiki_style_list_of_titled_links(tmp_path):
    """From betterscientificsoftware/bssw.io (three blog articles): entries "<a
    name="…"></a><sup>n</sup>[Title](url)" are numbered web references, read with
    their number, title and address (and, after a <br>, the entry the link gives in
    full); "<sup>[2],[9]</sup>" cites them; "14E<sup>16</sup>" is a power.  A call to
    a number the list lacks, a note called and never written, and an entry never
    cited are still reported."""
    _, extraction, findings, _ = run(write(tmp_path, "clean.md", WIKI_STYLE.format(
        call="1", note="")))
    assert [(r.number, r.title, r.url) for r in extraction.references][:2] == [
        ("1", "CDC guidance on transmission", "https://www.cdc.gov/a"),
        ("2", "WHO summary remarks", "https://www.who.int/b")]
    assert (extraction.references[2].authors, extraction.references[2].year) == (
        ("Martin", "Battin"), "1968")
    assert [c.text for c in extraction.citations] == ["[2]", "[9]", "[1]"]
    assert findings == []
    _, _, findings, _ = run(write(tmp_path, "other.md", WIKI_STYLE.format(
        call="40", note=" Heat is lost.<sup>7</sup>")))
    assert [(f.kind, f.span.line, f.message[:28]) for f in findings] == [
        ("citation-unmatched", 3, "[40] is not a number of the "),
        ("footnote-missing", 5, "footnote 7 is called here bu"),
        ("reference-uncited", 13, "[1] (« CDC guidance on trans")]


def test_practices_described_are_not_sources(tmp_path):
    """From cristianmesquida/misalignments (a methods paper about how sports scientists
    test hypotheses): "researchers can align their claim", "sports scientists often
    mistakenly claim that…", "researchers are making an unsubstantiated claim",
    "allowing researchers to claim support", "researchers are not expected to have…"
    invoke no one.  "Researchers say that…" and "experts estimate that…" still do."""
    _, findings = _audit(tmp_path, """# Discussion

First, researchers can align their claim to the two-sided test.

However, sports scientists often mistakenly claim that one intervention is superior.

In essence, researchers are making an unsubstantiated claim about the effect.

Umbrella outcomes are common, allowing researchers to claim support for a hypothesis.

In early research, researchers are not expected to have a strong theory.

Researchers say that naps improve sprint times.

Some experts estimate that most trials are underpowered.
""")
    assert _kinds(findings) == [("attribution-vague", 13), ("attribution-vague", 15)]


def test_settings_chosen_by_the_author_and_worked_examples(tmp_path):
    """From cristianmesquida/misalignments and Lakens/EquivalenceTestingForPsychologicalScience:
    "α is set to 5%", "assuming a power of 80%", "based on our chosen alpha level, we will
    not be wrong more than 5% of the time" are choices; a worked example introduced by
    "consider a sports scientist testing the following hypothesis:" goes on through
    its statement to the paragraph that reports its made-up result.  A share of
    something in the introduction is still a figure."""
    _, findings = _audit(tmp_path, """# Introduction

Throughout the article, alpha is set to 5%.

For any effect size, assuming a power of 80%, a one-sided test needs fewer participants.

Based on our chosen alpha level, we will not be wrong more than 5% of the time.

For instance, consider a sports scientist testing the following hypothesis:

H: Power output will differ after ketones compared to a control group.

After a two-sided test, the sport scientist finds that power output was 2.4% lower.

About 30% of sports studies report a significant result.
""")
    assert _kinds(findings) == [("figure-unsourced", 15)]


def test_a_publishing_format_is_no_named_source(tmp_path):
    """From cristianmesquida/misalignments and the Lakens tutorial: "the adoption of
    preregistration and Registered Reports" names a publishing format; "the 2016 World
    Report, its director argued" (a document named, a comma after it) still names a
    source."""
    _, findings = _audit(tmp_path, """# Conclusion

Additionally, we advocate for the adoption of preregistration and Registered Reports, and for
the estimand framework, which defines the effect that a study aims to determine.

In the 2016 World Report, its director argued that civic space was shrinking.
""")
    assert [(f.kind, f.span.line, f.evidence.get("source")) for f in findings] == [
        ("attribution-unlinked", 6, "World Report")]


def test_a_joss_research_impact_statement_reports_the_softwares_own_figures(tmp_path):
    """JOSS asks for a "Research impact statement": the package's own downloads, stars
    and tests, which need no source.  The same figures in an Introduction are claims."""
    body = ("The package is on CRAN, with 1,434 downloads recorded since its first release "
            "and 278 downloads in the last month; the repository has 27 stars.\n")
    _, own = _audit(tmp_path, "# Research impact statement\n\n" + body)
    _, claim = _audit(tmp_path, "# Introduction\n\n" + body, "other.md")
    assert own == []
    assert [f.kind for f in claim] and all(f.kind == "figure-unsourced" for f in claim)
