"""Figures and attributions: the seeds' named cases both ways, and texts of our own."""

from __future__ import annotations

from conftest import GHEERAERT, OPED_NOTES, SEEDS, run, write

FIGURE_KINDS = {"figure-unsourced", "attribution-vague", "attribution-unlinked"}


def _figures(path):
    _, _, findings, _ = run(path)
    return [(f.kind, f.evidence.get("figure") or f.evidence.get("phrase") or "", f.severity.value)
            for f in findings if f.kind in FIGURE_KINDS]


def test_gheeraert_sourced_figures_pass_and_nvidia_does_not():
    found = _figures(GHEERAERT)
    assert found == [("figure-unsourced", "5 000 milliards de dollars", "warning")]
    # Sourced in the same sentence, before the figure, or by the paragraph's last sentence:
    # 80 and 125 milliards (Smith, Sriram), 37 Go (Voir Bouhadjera), 37% (Quantic Dream).


def test_oped_000_macron_and_ocde():
    found = _figures(OPED_NOTES)
    assert ("attribution-unlinked", "109 milliards d’euros", "warning") in found
    assert ("attribution-unlinked", "50 %", "warning") in found
    assert ("attribution-unlinked", "9 %", "warning") in found
    assert not [f for f in found if f[0] == "figure-unsourced"]


def test_oped_002_trump():
    found = _figures(SEEDS / "002_8e0db0d934c34a10.txt")
    assert ("attribution-unlinked", "500 milliards de dollars", "warning") in found


def test_oped_003_has_dates_only():
    assert _figures(SEEDS / "003_07c9ad2a17608501.txt") == []


def test_oped_004_stanford_other_studies_mit_clearview():
    found = _figures(SEEDS / "004_5a81ab38bb0c10a9.txt")
    assert ("attribution-unlinked", "13 %", "warning") in found
    assert ("attribution-vague", "25 %", "warning") in found
    assert ("attribution-vague", "300 millions d’emplois", "warning") in found
    assert ("attribution-vague", "Des chercheurs", "info") in found
    assert ("figure-unsourced", "trois milliards de visages", "warning") in found


def test_not_figures(tmp_path):
    text = ("Le texte de loi 49.3 a été utilisé le 12 mars 2025 à 14h30 (23/04). Page 12 du "
            "chapitre 3, dans les années 1990, des salariés âgés de 22 à 25 ans. Version 2.0 de "
            "l'outil, une usine 100 % automatisée. Il y a trois enfants. The vote was 52 to "
            "48, and 3 go home. The sample (n = 1,024) was large.\n")
    assert _figures(write(tmp_path, "a.txt", text)) == []
    # Written with their capital, "To" and "Go" are units.
    assert [f[1] for f in _figures(write(tmp_path, "b.txt", "Un disque de 2 To.\n"))] == ["2 To"]


def test_english_figures_and_sources(tmp_path):
    text = (
        "Global AI spending will reach $125 billion this year (Smith 2025).\n\n"
        "According to the World Bank, 1.4 billion adults have no bank account.\n\n"
        "Studies show that one in five workers will be affected.\n\n"
        "The company lost 13% of its value in a week.\n\n"
        "It is widely believed that robots will take our jobs.\n"
    )
    found = _figures(write(tmp_path, "b.md", text))
    assert ("attribution-unlinked", "1.4 billion adults", "warning") in found
    assert ("attribution-vague", "one in five", "warning") in found
    assert ("figure-unsourced", "13%", "warning") in found
    assert ("attribution-vague", "It is widely believed", "info") in found
    assert not [f for f in found if "125" in f[1]]


def test_footnote_and_paragraph_final_citations_source_figures(tmp_path):
    text = (
        "Le marché pèse 80 Md€ et emploie 300 000 personnes¹. La croissance a doublé.\n\n"
        "¹ Voir INSEE (2024).\n\n"
        "Les ventes ont atteint 2,3 millions d'unités. Elles progressent de 5 points. "
        "C'est ce que montre le bilan annuel (Dupont 2023).\n"
    )
    # Only "a doublé" is left: its own sentence, the last of its paragraph, has no source.
    assert _figures(write(tmp_path, "c.txt", text)) == [
        ("figure-unsourced", "a doublé", "warning")]


def test_spelled_and_multiplied_figures_whatever_the_case_and_accents(tmp_path):
    """Scale and multiplier words are found by anchors in lower-cased text, then checked
    on folded text: capitals and missing accents change nothing."""
    path = write(tmp_path, "caps.md", (
        "# Bilan\n\nLe programme a coûté TROIS MILLIARDS d'euros au contribuable.\n\n"
        "Depuis, le nombre de demandes a double en un an.\n\n"
        "Un salarié sur cinq dit avoir été concerné.\n\n"
        "Half of all respondents said nothing, and Two Million users left.\n"))
    found = [text for _, text, _ in _figures(path)]
    assert any("TROIS MILLIARDS" in t for t in found)
    assert any("a double" in t for t in found)
    assert any(t.startswith("Un salarié sur cinq") for t in found)
    assert any(t.lower().startswith("half of all") for t in found)
    assert any("Two Million" in t for t in found)


def test_a_cue_before_a_vague_source_is_vague(tmp_path):
    """"Selon une étude récente, …" and "According to some experts, …" name nobody,
    with no reporting verb after them; "selon l'Insee" names a source."""
    path = write(tmp_path, "cue.txt", """Loyers

Selon une étude récente, un locataire sur cinq consacre plus de 40 % de son revenu au loyer.

According to some experts, rents rose by 12% in 2024.

Selon l'Insee, 2,1 millions de ménages attendent un logement social.
""")
    found = _figures(path)
    assert ("attribution-vague", "un locataire sur cinq", "warning") in found
    assert ("attribution-vague", "40 %", "warning") in found
    assert ("attribution-vague", "12%", "warning") in found
    assert ("attribution-unlinked", "2,1 millions de ménages", "warning") in found
    assert not [f for f in found if f[0] == "figure-unsourced"]


def test_a_promise_names_its_source(tmp_path):
    path = write(tmp_path, "promise.txt", """Trees

Mayor Hidalgo promised 170,000 new trees by 2026. Valérie Roux promet 50 000 logements.
""")
    found = _figures(path)
    assert [kind for kind, _, _ in found] == ["attribution-unlinked", "attribution-unlinked"]


def test_a_name_before_a_report_and_a_year_before_a_name(tmp_path):
    """"A Stanford study", "the Pew survey": the name before the document noun;
    "A 2023 McKinsey report found": 2023 is a date, not a population."""
    path = write(tmp_path, "report.txt", """Clothes

A 2023 McKinsey report found that consumers buy 60% more clothing than in 2000.

A Stanford study shows that 40% of students cheat.

The report shows that 30% of adults agree.
""")
    found = _figures(path)
    assert found == [("attribution-unlinked", "60%", "warning"),
                     ("attribution-unlinked", "40%", "warning"),
                     ("figure-unsourced", "30%", "warning")]


def test_a_source_line_under_a_table_or_list_sources_it(tmp_path):
    """A table's rows are data, not claims (issue 18: no figure finding from a table);
    "Sources : [link]" under a list sources it; "(Source: ACER)" in a sentence names
    one."""
    path = write(tmp_path, "table.md", """# Prices

| Country | Change |
|---------|--------|
| France  | +12%   |

*Source: Eurostat, 2024.*

Prices rose by 18% in 2023 (Source: ACER).

- Households paid €28 billion more in 2022.
- Industry cut demand by 15%.

Sources\u00a0: [Eurostat](https://example.org/nrg)

Nothing sources this: 40% of the rest.
""")
    found = _figures(path)
    assert found == [("attribution-unlinked", "18%", "warning"),
                     ("figure-unsourced", "40%", "warning")]


def test_reference_style_links_source_where_they_are_used(tmp_path):
    """Markdown "[a study][label]" with "[label]: https://…" at the bottom is a link
    where it is used; a label with no definition sources nothing."""
    path = write(tmp_path, "refs.md", """# Remote work

A [Stanford study][stanford] found a 13% productivity gain.

Offices emptied by 40%, as [Kastle] shows.

Rents fell 12% [in town][nowhere].

[stanford]: https://doi.org/10.1093/qje/qju032
[kastle]: https://www.kastle.com/safety-wellness/getting-america-back-to-work/
""")
    assert _figures(path) == [("figure-unsourced", "12%", "warning")]


def test_spelled_proportions_with_any_numerator(tmp_path):
    path = write(tmp_path, "prop.txt", "Voters\n\nThree in four voters disagree. "
                 "Deux Français sur trois renoncent.\n")
    assert [f[1] for f in _figures(path)] == ["Three in four", "Deux Français sur trois"]


def test_names_that_end_in_a_vague_word_and_sources_after_told(tmp_path):
    """"the Bureau of Labor Statistics show": a name, not "statistics show"; "the
    company told Reuters": Reuters is where a reader finds it."""
    path = write(tmp_path, "jobs.txt", """Jobs

Unemployment fell to 3.9% last month, data from the Bureau of Labor Statistics show.

Wages rose 4.1%, the company told Reuters.

Statistics show that 30% of jobs will go.
""")
    _, _, findings, _ = run(path)
    assert [(f.kind, f.evidence.get("figure"), f.evidence.get("source") or f.evidence.get("phrase"))
            for f in findings] == [
        ("attribution-unlinked", "3.9%", "data from … Bureau of Labor Statistics"),
        ("attribution-unlinked", "4.1%", "told Reuters"),
        ("attribution-vague", "30%", "Statistics show")]


def test_an_institution_named_after_the_verb(tmp_path):
    path = write(tmp_path, "deficit.txt", "Budget\n\nLe déficit atteindra 5,1 % du PIB, a "
                 "indiqué le ministère de l'Économie.\n")
    _, _, findings, _ = run(path)
    assert [(f.kind, f.evidence.get("source")) for f in findings] == [
        ("attribution-unlinked", "a indiqué le ministère de l'Économie")]


def test_amounts_with_glued_scales_and_currency_codes(tmp_path):
    path = write(tmp_path, "money.txt", "Deals\n\nA £3.2bn deal. It raised €5m. Un budget de "
                 "CHF 2,5 milliards. A loss of USD 100 billion. The 5m race.\n")
    assert [f[1] for f in _figures(path)] == [
        "£3.2bn", "€5m", "CHF 2,5 milliards", "USD 100 billion"]


def test_markdown_code_is_not_prose_and_a_quote_names_who_said_it(tmp_path):
    """Figures, citations and calls inside fenced or inline code are code; after a
    quotation, `growth," said the CEO` names the speaker."""
    path = write(tmp_path, "code.md", """# Code

```python
ratio = 50%  # (Smith 2020) [^1]
```

Set `limit = 30%` first.

> "We expect 25% growth," said the CEO.
""")
    _, x, findings, _ = run(path)
    assert not x.citations and not x.markers
    assert [(f.kind, f.evidence.get("figure"), f.evidence.get("source")) for f in findings] == [
        ("attribution-unlinked", "25%", "said the CEO")]


def test_proportions_in_digits_are_figures(tmp_path):
    """"1 in 5", "2 out of 3", "1 sur 10" are figures like "one in five"; "in 1996" and
    "in 2020" are not proportions."""
    text = """# Young adults

Nearly 1 in 5 young adults live with their parents, up from a lower share in 1996.
Two out of three agree, and 2 out of 3 renters say so.

Un jeune sur dix, 1 sur 10 exactement, vit seul en 2020.
"""
    doc = write(tmp_path, "p.md", text)
    _, _, findings, _ = run(doc)
    unsourced = [f.text for f in findings if f.kind == "figure-unsourced"]
    assert "1 in 5" in unsourced and "2 out of 3" in unsourced and "1 sur 10" in unsourced
    assert not [t for t in unsourced if "1996" in t or "2020" in t]


def test_a_named_source_is_given_whole(tmp_path):
    """The report names the source as the text does: "the Office for National
    Statistics", "Le Monde", not their first word."""
    text = """# Loyers

Rents rose 9.2% in a year, according to the Office for National Statistics.

Le ministère a dépensé 20 millions d’euros en 2024, d’après *Le Monde*.
"""
    _, _, findings, _ = run(write(tmp_path, "n.md", text))
    sources = [f.evidence.get("source") for f in findings if f.kind == "attribution-unlinked"]
    assert sources == ["according to … Office for National Statistics", "d’après … Le Monde"]


def test_the_noun_after_a_scale_word_is_taken_in_english_only(tmp_path):
    """"2 million people" is the count; in French the noun comes after "de", so the word
    after "milliards" is not part of the figure ("20 milliards consacrés à la route")."""
    text = """# Budgets

Some 2 million people cycle to work.

Vingt ans plus tard, 20 milliards consacrés à la route chaque année.
"""
    _, _, findings, _ = run(write(tmp_path, "b.md", text))
    figures = [f.evidence.get("figure") for f in findings if f.kind == "figure-unsourced"]
    assert figures == ["2 million people", "20 milliards"]


def test_a_sentence_with_its_own_named_source_is_not_covered_by_another_link(tmp_path):
    """The paragraph's last sentence links its own source; the sentence before names
    another one, unlinked: that one is reported.  The same source named twice is
    covered."""
    text = """# Vélo

Selon l'Ademe, la moitié des trajets font moins de 5 kilomètres. La fréquentation a
bondi de 11 %, d'après le baromètre de Vélo & Territoires (https://www.velo-territoires.org/b).

Selon l'Insee, 12 % des ménages n'ont pas de voiture. L'Insee en compte 3,2 millions
(https://www.insee.fr/fr/statistiques/1).
"""
    _, _, findings, _ = run(write(tmp_path, "v.md", text))
    # "la moitié des" and "5 kilomètres": both figures of the Ademe sentence, nothing else.
    assert [(f.kind, f.span.line, f.evidence.get("source")) for f in findings] == [
        ("attribution-unlinked", 3, "Selon … Ademe")] * 2


def test_a_studys_own_results_need_no_source(tmp_path):
    """In Abstract, Methods and Results a study reports its own numbers; in the
    Introduction and the Discussion figures are claims to cite.  In plain text, a
    section runs to the next heading-like line, not to a one-line paragraph."""
    markdown = """# Sleep and memory

## Abstract

Those who slept under 7 h recalled 18% fewer words.

## Introduction

About 70% of students sleep too little.

## Methods

The sample gave 80% power to detect a 10% difference.

### Measures

Actigraphs were worn by 95% of them.

## Results

In the lowest quartile, 41% reported daytime sleepiness.

## Discussion

Elsewhere, 30% of adults nap daily.
"""
    _, _, findings, _ = run(write(tmp_path, "imrad.md", markdown))
    assert [f.evidence.get("figure") for f in findings if f.kind == "figure-unsourced"] == [
        "70%", "30%"]
    text = """Sleep and memory

Résultats

Dans le quartile le plus bas, 41 % des élèves somnolent.

Les écarts sont nets.

Discussion

Ailleurs, 30 % des adultes font la sieste.
"""
    _, _, findings, _ = run(write(tmp_path, "imrad.txt", text))
    assert [f.evidence.get("figure") for f in findings if f.kind == "figure-unsourced"] == [
        "30 %"]


def test_statistical_settings_are_not_claims_and_per_means_for_each(tmp_path):
    """"95% CI", "80% power", "IC à 95 %", an interval's bounds and "au seuil de 5 %"
    are a method's settings; "per night" names no source, "per the CDC" does."""
    text = """# Notes

They slept 7 h per night and recalled 18% fewer words (95% CI 12 to 24%), with 80% power.

Le risque baisse de 30 % (IC à 95 % : 20 à 40 %), au seuil de 5 %.

Cases rose 12%, per the CDC.
"""
    _, _, findings, _ = run(write(tmp_path, "stats.md", text))
    assert [(f.kind, f.evidence.get("figure"), f.evidence.get("source")) for f in findings] == [
        ("figure-unsourced", "18%", None), ("figure-unsourced", "30 %", None),
        ("attribution-unlinked", "12%", "per … CDC")]


def test_a_headlines_figure_is_the_bodys_and_a_range_is_one_figure(tmp_path):
    """The title's "10 %" is sourced (or not) in the body; "de 1 200 à 1 320 euros" is
    one figure, read at its second number."""
    text = """Le prix de l'électricité va augmenter de 10 %

Le tarif augmentera de 10 % en août. La facture passera de 1 200 à 1 320 euros par an.
"""
    _, _, findings, _ = run(write(tmp_path, "titre.txt", text))
    assert [(f.span.line, f.evidence.get("figure")) for f in findings] == [
        (3, "10 %"), (3, "1 320 euros")]


def test_a_web_pages_menus_and_side_boxes_are_not_its_text(tmp_path):
    page = """<!DOCTYPE html><html><head><title>Prices up 10% - The Daily</title></head><body>
<header><nav><a href="/">Home</a></nav><p>Subscribe: $1 for 3 months</p></header>
<main><article><header><h1>Prices up 10%</h1><p>By A. Writer</p></header>
<p>Prices rose 10% in May, the statistics office said.</p>
<aside><h3>Read more</h3><p>Gas up 15% in 2024</p></aside>
<footer><p>Source: national statistics office, 2025.</p></footer></article></main>
<footer><p>© 2025 The Daily · 342 comments · 12,000 subscribers</p></footer></body></html>
"""
    doc, x, findings, _ = run(write(tmp_path, "page.html", page))
    assert "Subscribe" not in doc.text and "Gas up" not in doc.text and "©" not in doc.text
    assert "By A. Writer" in doc.text and "Source: national statistics office" in doc.text
    assert [f.evidence.get("figure") for f in findings if f.kind.startswith(
        ("figure", "attribution"))] == ["10%"]
    # A menu left open ends where the article starts: the article is still read.
    unclosed = "<body><nav><ul><li>Home</ul><article><p>Prices rose 10%.</p></article></body>"
    doc, _, _, _ = run(write(tmp_path, "unclosed.html", unclosed))
    assert "Prices rose 10%." in doc.text and "Home" not in doc.text


def test_a_source_linked_elsewhere_in_the_document_can_be_found(tmp_path):
    """A named source whose site the document links to elsewhere can be found by a
    reader ("Stack Overflow" and stackoverflow.co; "Le Monde" and lemonde.fr); one it
    never links to cannot ("Gartner").  A heading names no source of its own."""
    text = """# What the Stack Overflow survey says about AI

The [survey](https://survey.stackoverflow.co/2024/) had 65,437 answers.

## Tools

| Tool | Share |
|------|------:|
| ChatGPT | 82% |

*Source: Stack Overflow Developer Survey 2024.*

Gartner predicts that 75% of engineers will use AI assistants.

Selon Le Monde, 40 % des lecteurs s'en servent.

Lire [l'enquête](https://www.lemonde.fr/a).
"""
    _, _, findings, _ = run(write(tmp_path, "blog.md", text))
    assert [(f.kind, f.span.line) for f in findings] == [("attribution-unlinked", 13)]


def test_a_source_named_as_a_link_is_written_can_be_found(tmp_path):
    """A link written as the source's name ("[OCDE](https://www.oecd.org/…)", whose
    address is named in another language) lets a reader find that source when a figure
    is credited to it later; a link written as something else ("[ce rapport](…)") does
    not make "the OCDE" findable, and a name is matched whole, not by one of its words."""
    linked = ("# Emploi\n\nL'[OCDE](https://www.oecd.org/fr/emploi.html) publie ses "
              "perspectives.\n\nSelon l'OCDE, 12 % des emplois sont menacés.\n")
    _, _, findings, _ = run(write(tmp_path, "linked.md", linked))
    assert not [f for f in findings if f.kind.startswith("attribution")]
    other = linked.replace("[OCDE]", "[ce rapport]").replace("L'", "Voir ")
    _, _, findings, _ = run(write(tmp_path, "other.md", other))
    assert [(f.kind, f.span.line) for f in findings] == [("attribution-unlinked", 5)]
    part = ("# Presse\n\nUn [monde](https://www.example.org/) de lecteurs.\n\n"
            "Selon Le Monde, 40 % des lecteurs s'en servent.\n")
    _, _, findings, _ = run(write(tmp_path, "part.md", part))
    assert [(f.kind, f.span.line) for f in findings] == [("attribution-unlinked", 5)]


def test_a_subject_source_is_named_whole_and_noted_attributes(tmp_path):
    """The source before its verb is given whole ("the World Bank", "The Guardian");
    "noted" attributes as "said" does."""
    text = """# Notes

Data from the World Bank show that 700 million people live in extreme poverty.

The Guardian reported that 3,000 jobs were cut.

As the IMF noted last year, 40% of jobs are exposed to AI.
"""
    _, _, findings, _ = run(write(tmp_path, "subjects.md", text))
    assert [f.evidence.get("source") for f in findings] == [
        "Data from … World Bank", "The Guardian reported", "IMF noted"]


def test_the_source_after_comme_la_montre(tmp_path):
    """"Comme l'a montré Thomas Piketty, …": the source stands after its verb; "Comme"
    opens the sentence and names nobody."""
    text = """# Patrimoine

Comme l'a montré Thomas Piketty, les plus riches détiennent 25 % du patrimoine.
"""
    _, _, findings, _ = run(write(tmp_path, "piketty.md", text))
    assert [(f.kind, f.evidence.get("source")) for f in findings] == [
        ("attribution-unlinked", "a montré Thomas Piketty")]


def test_french_reporting_verbs_rappelle_souligne(tmp_path):
    text = """# Notes

Comme le rappelle Le Monde, les résultats ont chuté de 21 points.

Le chômage atteindra 8 %, souligne la Banque de France.
"""
    _, _, findings, _ = run(write(tmp_path, "verbes.md", text))
    assert [f.evidence.get("source") for f in findings] == [
        "rappelle Le Monde", "souligne la Banque de France"]


def test_press_weasel_phrases_are_vague(tmp_path):
    """The press's anonymous sources: "selon un proche du ministre", "according to people
    familiar with the matter", "selon des sources proches du dossier"."""
    text = """# Notes

Le budget sera réduit de 10 %, selon un proche du ministre.

The deal is worth $2 billion, according to people familiar with the matter.

Selon des sources proches du dossier, le plan sera abandonné.
"""
    _, _, findings, _ = run(write(tmp_path, "weasel.md", text))
    assert [(f.kind, f.severity.value, f.evidence.get("phrase")) for f in findings] == [
        ("attribution-vague", "warning", "selon un proche"),
        ("attribution-vague", "warning", "according to people familiar"),
        ("attribution-vague", "info", "Selon des sources proches")]


def test_a_name_ending_in_of_words_and_wrapped_over_a_line_is_a_source(tmp_path):
    """"the National Association of Realtors reported": "of Realtors" names an
    association, not a population ("60 % of Americans say"); the name runs over the
    line break of wrapped text.  "Un Français sur deux déclare" is still a population."""
    text = """# Housing

The median home price hit $412,000 last year, the National
Association of Realtors reported.

Some 60 % of Americans say housing costs too much.

Un Français sur deux déclare utiliser ChatGPT.
"""
    _, _, findings, _ = run(write(tmp_path, "realtors.md", text))
    assert [(f.kind, f.evidence.get("figure"), f.evidence.get("source")) for f in findings] == [
        ("attribution-unlinked", "$412,000", "National Association of Realtors reported"),
        ("figure-unsourced", "60 %", None),
        ("figure-unsourced", "Un Français sur deux", None)]


def test_stock_phrases_of_general_agreement_are_vague(tmp_path):
    """"It is widely acknowledged that", "On estime généralement que": nobody in
    particular; "it is well known" only as an attribution ("… that"), not as a
    description ("The café is well known in Lyon")."""
    text = """# Notes

It is widely acknowledged that construction costs have doubled.

On estime généralement que 20 % des élèves décrochent.

Il est communément admis que la mixité améliore les résultats.

It is well known that the market has peaked.

The café is well known in Lyon. It is well known in Paris too.
"""
    assert [(kind, phrase) for kind, phrase, _ in _figures(write(tmp_path, "agreed.md", text))] == [
        ("attribution-vague", "doubled"),
        ("attribution-vague", "20 %"),
        ("attribution-vague", "Il est communément admis"),
        ("attribution-vague", "It is well known that")]


def test_a_note_called_after_the_full_stop_ends_its_sentence(tmp_path):
    """Chicago puts the note call after the full stop: "survives.[^6] Some 40 percent …"
    is two sentences, the call sources the first only; likewise ".[2] Critics say" and
    ".¹ Some"."""
    text = """# Railways

Weber's thesis has been criticised.[^5] Yet its core claim survives.[^6]
Some 40 percent of rural communes had no station in 1914.

Inference uses 60% of the energy.[2] Critics say the figures are too low.

Le réseau dépasse 17 000 kilomètres.¹ Un tiers des lignes ferment en 1938.

[^5]: Ibid., 210.
[^6]: Caron, *Histoire des chemins de fer*, 1:320.

[2]: IEA, *Electricity 2024*, p. 35.

1. Caron, *Histoire*, p. 12.
"""
    assert [(kind, what) for kind, what, _ in _figures(write(tmp_path, "calls.md", text))] == [
        ("figure-unsourced", "40 percent"),
        ("attribution-vague", "Critics say"),
        ("figure-unsourced", "Un tiers des")]


def test_a_vague_document_with_its_author_named_is_a_named_source(tmp_path):
    """"A recent study by Stanford" names who made it; "per a recent survey", "selon un
    sondage récent" and "D'autres études montrent" (then a place) do not."""
    text = """# Notes

A recent study by Stanford found 40 % of jobs at risk.

Une étude récente de l’Inserm montre que 40 % des jeunes dorment mal.

D’autres études montrent que 25 % des emplois disparaîtront aux États-Unis.

Selon un sondage récent, 40 % des Français approuvent.

Managers disagree: 70 percent say productivity fell, per a recent survey.
"""
    _, _, findings, _ = run(write(tmp_path, "recent.md", text))
    assert [(f.kind, f.evidence.get("source") or f.evidence.get("phrase")) for f in findings] == [
        ("attribution-unlinked", "A recent study by Stanford"),
        ("attribution-unlinked", "Une étude récente de l’Inserm"),
        ("attribution-vague", "D’autres études"),
        ("attribution-vague", "un sondage récent"),
        ("attribution-vague", "a recent survey")]


def test_data_from_a_named_body_and_more_reporting_verbs(tmp_path):
    """"Data from Eurostat", "les chiffres de l'Insee" name their source; so do "the CBO
    projects" and "L'Unédic dénombre"; "A Gallup poll" is Gallup's, not "Americans'";
    "Analysts expect" is nobody in particular; "le projet prévoit" plans, it does not
    source."""
    text = """# Notes

Data from Eurostat put the rate at 6.5 %.

Les chiffres de l'Insee montrent une hausse de 3 %.

The Congressional Budget Office projects deficits of $1.9 trillion.

A Gallup poll found that 41 percent of Americans approve.

L'Unédic dénombre 150 000 chômeurs de plus.

Analysts expect 4 percent growth.

Le projet Stargate prévoit 500 milliards de dollars d'investissement.
"""
    _, _, findings, _ = run(write(tmp_path, "data.md", text))
    assert [(f.kind, f.evidence.get("source") or f.evidence.get("phrase")) for f in findings] == [
        ("attribution-unlinked", "Data from … Eurostat"),
        ("attribution-unlinked", "Les chiffres de … Insee"),
        ("attribution-unlinked", "The Congressional Budget Office projects"),
        ("attribution-unlinked", "Gallup poll"),
        ("attribution-unlinked", "L'Unédic dénombre"),
        ("attribution-vague", "Analysts"),
        ("figure-unsourced", None)]


def test_a_sign_written_twice_is_no_multiplied_quantity(tmp_path):
    """From an R Markdown template's syntax chapter: "(the $ are doubled)" says how an
    equation is typed, not that something doubled; "Our costs are doubled" still does."""
    text = ("# Maths\n\nEquations can be isolated (the $ are doubled) like $$e^{i \\pi} = -1.$$\n\n"
            "Our costs are doubled since the move.\n")
    _, _, findings, _ = run(write(tmp_path, "maths.md", text))
    assert [(f.kind, f.span.line) for f in findings] == [("figure-unsourced", 5)]


def test_a_consensus_said_whole_is_a_vague_attribution(tmp_path):
    """From a software blog: "Most of the expert guidance is that these products are not
    sufficiently effective" credits a claim to nobody; the same words with a citation
    in the sentence, or guidance named as someone's, are sourced."""
    vague = ("# Cleaning\n\nVinegar is popular. Most of the expert guidance is that these "
             "products are not sufficiently effective.\n")
    _, _, findings, _ = run(write(tmp_path, "vague.md", vague))
    assert [(f.kind, f.text) for f in findings] == [
        ("attribution-vague", "Most of the expert guidance is that these products are not "
                              "sufficiently effective.")]
    cited = ("# Cleaning\n\nThe scientific consensus is that masks help (Smith 2020).\n\n"
             "## References\n\nSmith, J. (2020). *Masks*. Paris: Seuil.\n")
    _, _, findings, _ = run(write(tmp_path, "cited.md", cited))
    assert not [f for f in findings if f.kind.startswith("attribution")]
