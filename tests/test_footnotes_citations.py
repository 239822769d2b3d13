"""Footnote calls and texts; citation forms on texts of our own."""

from __future__ import annotations

from conftest import run, write


def test_bare_numbers_only_in_sequence(tmp_path):
    text = ("Il parle d'un « travail tâcheronnisé » 1. Puis de la phase 2. Ensuite "
            "il en compte 3. Enfin, le Sud global 2. La suite.\n")
    _, x, findings, _ = run(write(tmp_path, "a.txt", text))
    assert [(m.label, m.style) for m in x.markers] == [("1", "bare"), ("2", "bare")]
    assert [f.kind for f in findings] == ["footnote-missing", "footnote-missing"]


def test_scores_are_not_calls(tmp_path):
    text = "Le match s'est terminé 3 à 1. They won 2 to 1. Puis une vraie note 1. La suite.\n"
    _, x, _, _ = run(write(tmp_path, "score.txt", text))
    assert [(m.label, text[m.span.start - 11:m.span.end]) for m in x.markers] == [
        ("1", "vraie note 1")]


def test_superscripts_units_and_years(tmp_path):
    text = ("Une surface de 20 m² et 10³ essais, un fait établi en 2023⁴ et un autre¹.\n\n"
            "1. La note un.\n\n4. La note quatre.\n")
    _, x, findings, _ = run(write(tmp_path, "b.txt", text))
    assert [m.label for m in x.markers] == ["4", "1"]
    assert findings == []


def test_notes_section_unused(tmp_path):
    text = "Texte¹.\n\nNotes\n\n1. Première.\n2. Jamais appelée.\n"
    _, _, findings, _ = run(write(tmp_path, "c.txt", text))
    assert [(f.kind, f.evidence["label"]) for f in findings] == [("footnote-unused", "2")]


def test_bracketed_calls_where_notes_are_bracketed(tmp_path):
    """A blog's "[1]" calls and "[1] …" notes: calls, even right after a word or a year;
    without bracketed notes, "[2]" stays a plain bracket."""
    text = ("# Bikes\n\nDeaths rose 13% in 2022.[1] Lanes cut injuries by 90%[2], and "
            "traffic doubled by 2023[3]. Shops gain.[4]\n\n## Notes\n\n"
            "[1] NHTSA, Traffic Safety Facts 2022.\n[2] Marshall and Ferenchak, 2019.\n"
            "[3] Ville de Paris, Bilan 2023.\n")
    _, x, findings, _ = run(write(tmp_path, "blog.md", text))
    assert [(m.label, m.style) for m in x.markers] == [
        ("1", "bracket"), ("2", "bracket"), ("3", "bracket"), ("4", "bracket")]
    assert [(f.kind, f.evidence["label"]) for f in findings] == [("footnote-missing", "4")]
    _, x, _, _ = run(write(tmp_path, "plain.md", "# A\n\nSee item [2] of the list.\n"))
    assert not x.markers


def test_citation_forms(tmp_path):
    text = (
        "As Smith and Jones (2020) argue, and others deny (see Doe et al. 2019, p. 4; "
        "World Bank 2021), the point stands [Brown 2018]. Le Monde (2023a) agreed.\n\n"
        "References\n\n"
        "Smith, A., & Jones, B. (2020). Title one. *Journal*, 1(2), 3–4.\n\n"
        "Doe, J., Roe, R., & Poe, P. (2019). Title two. *Journal*, 5, 6–7.\n\n"
        "World Bank. (2021). *World development report*. Washington, DC.\n\n"
        "Brown, C. (2018). Title three. Publisher.\n\n"
        "Le Monde. (2023a). Un article. *Le Monde*.\n\n"
        "Le Monde. (2023b). Un autre. *Le Monde*.\n"
    )
    _, x, findings, resolved = run(write(tmp_path, "d.md", text))
    forms = [(c.form, c.authors, c.year, c.locator) for c in x.citations if c.form != "mention"]
    assert forms == [
        ("narrative", ("Smith", "Jones"), "2020", None),
        ("parenthetical", ("Doe",), "2019", "p. 4"),
        ("parenthetical", ("World Bank",), "2021", None),
        ("bracketed", ("Brown",), "2018", None),
        ("narrative", ("Le Monde",), "2023a", None),
    ]
    assert all(r is not None for c, r in zip(x.citations, resolved, strict=True)
               if c.form != "mention")
    assert [f.kind for f in findings] == ["reference-uncited"]  # Le Monde 2023b


def test_ambiguous_and_duplicate(tmp_path):
    text = (
        "Both say so (Martin 2020).\n\nBibliographie\n\n"
        "- Martin, Paul. 2020. « Premier ». *Revue*.\n"
        "- Martin, Pierre. 2020. « Second ». *Revue*.\n"
        "- Martin, Pierre. 2020. « Second ». *Revue*.\n"
    )
    _, _, findings, _ = run(write(tmp_path, "e.txt", text))
    kinds = [f.kind for f in findings]
    assert "citation-ambiguous" in kinds
    assert kinds.count("reference-duplicate") == 1


def test_a_work_entered_twice_is_a_duplicate_not_an_ambiguity(tmp_path):
    text = (
        "Both say so (Martin 2020).\n\nBibliographie\n\n"
        "- Martin, Pierre. 2020. « Second ». *Revue*.\n"
        "- Martin, Pierre. 2020. « Second ». *Revue*.\n"
    )
    _, _, findings, resolved = run(write(tmp_path, "e.txt", text))
    assert [f.kind for f in findings] == ["reference-duplicate"]
    assert resolved == ["r1"]


def test_superscripts_cite_a_numbered_bibliography(tmp_path):
    """Vancouver/AMA: superscripts are calls of the numbered references, not of notes;
    "³⁻⁵" and "<sup>3-5</sup>" are ranges; a number the list lacks is reported."""
    references = """
## References

1. Abe K, Ono T. Sleep and memory. J Sleep Res. 2019;28(2):1-9.
2. Berg L. Naps in older adults. Sleep. 2020;43(1):10-19.
3. Cole R, Diaz P. Shift work. Lancet. 2018;391:20-29.
4. Dahl M. Melatonin. BMJ. 2021;372:30-39.
5. Eko S. Insomnia. JAMA. 2022;327:40-49.
"""
    unicode = write(tmp_path, "sleep.md", "# Sleep\n\nSleep consolidates memory.¹˒² "
                    "Naps help.³⁻⁵ Shift work harms it.⁶\n" + references)
    html = write(tmp_path, "sleep2.md", "# Sleep\n\nSleep consolidates memory.<sup>1,2</sup> "
                 "Naps help.<sup>3-5</sup> Shift work harms it.<sup>6</sup>\n" + references)
    for path in (unicode, html):
        _, x, findings, resolved = run(path)
        assert [c.number for c in x.citations] == ["1", "2", "3", "4", "5", "6"]
        assert resolved == ["r1", "r2", "r3", "r4", "r5", None]
        assert not x.markers
        assert [(f.kind, f.span.line) for f in findings] == [("citation-unmatched", 3)]


def test_superscripts_answered_by_notes_stay_notes(tmp_path):
    path = write(tmp_path, "notes.md", """# Sleep

Sleep consolidates memory.¹ Naps help.²

¹ See the review in Abe and Ono.
² Berg disagrees.

## References

1. Abe K, Ono T. Sleep and memory. J Sleep Res. 2019;28(2):1-9.
2. Berg L. Naps in older adults. Sleep. 2020;43(1):10-19.
""")
    _, x, findings, _ = run(path)
    assert [m.label for m in x.markers] == ["1", "2"] and len(x.note_pairs) == 2
    assert not [c for c in x.citations if c.form == "numbered"]


def test_parenthesised_numbers_cite_a_numbered_bibliography(tmp_path):
    """Vancouver's "(1,2)" and "(3-5)" where no "[1]" is used; an enumeration "(1)" at a
    line's start or after a colon is not a citation."""
    text = """# Exercise

Exercise improves mood (1,2). Effects persist (3-5), not in all trials (6).
Two aims: (1) mood and (2) sleep.

## References

1. Abe K. Exercise and mood. J Sports Sci. 2019;28(2):1-9.
2. Berg L. Running and anxiety. Sports Med. 2020;43(1):10-19.
3. Cole R. Long-term effects. Lancet. 2018;391:20-29.
4. Dahl M. Mood and fitness. BMJ. 2021;372:30-39.
5. Eko S. Walking. JAMA. 2022;327:40-49.
"""
    _, x, findings, resolved = run(write(tmp_path, "v.md", text))
    assert [c.number for c in x.citations if c.form == "numbered"] == [
        "1", "2", "3", "4", "5", "6"]
    assert resolved == ["r1", "r2", "r3", "r4", "r5", None]
    assert [(f.kind, f.span.line) for f in findings] == [("citation-unmatched", 3)]


def test_year_letters_original_years_possessives_and_organisation_entries(tmp_path):
    """"(Lee 2020a, b)" cites both; "(Weber [1905] 2002)" cites 2002; "Lee's (2021)" is
    Lee; an organisation's entry ("OECD. (2021).") starts a new entry even without a
    blank line before it."""
    text = """# Forms

A (Lee 2020a, b). B (Weber [1905] 2002). C Lee's (2021) view. D (OECD 2021: 15).

## References

Lee, A. (2020a). Trust in public science. *Public Understanding of Science*, 29(1), 1–9.
Lee, A. (2020b). Distrust in public science. *Public Understanding of Science*, 29(2), 10–19.
Lee, A. (2021). Science and the press. *Journalism Studies*, 22(3), 20–29.
OECD. (2021). *Government at a Glance 2021*. OECD Publishing.
Weber, M. (2002). *The Protestant Ethic and the Spirit of Capitalism*. Penguin.
"""
    _, x, findings, resolved = run(write(tmp_path, "forms.md", text))
    assert [r.authors[0] for r in x.references] == ["Lee", "Lee", "Lee", "OECD", "Weber"]
    cited = [c for c in x.citations if c.form != "mention"]
    assert [(c.authors, c.year) for c in cited] == [
        (("Lee",), "2020a"), (("Lee",), "2020b"), (("Weber",), "2002"), (("Lee",), "2021"),
        (("OECD",), "2021")]
    assert not findings


def test_a_court_case_is_not_a_narrative_citation(tmp_path):
    text = ("In Carpenter v. United States (2018) and Dupont c. Durand (2019), the courts "
            "ruled; Solove (2021) disagrees.\n\n## References\n\nSolove, D. J. (2021). The myth "
            "of the privacy paradox. *George Washington Law Review*, 89(1), 1–51.\n")
    _, x, findings, _ = run(write(tmp_path, "law.md", text))
    assert [c.text for c in x.citations if c.form == "narrative"] == ["Solove (2021)"]
    assert not findings


def test_bracket_ranges_alone_keep_parenthesised_numbers_out(tmp_path):
    """A document that cites only with ranges ("[1]–[2]") uses brackets: its "(2)" is an
    equation's number, not Vancouver's other form."""
    text = """# Solvers

Both methods [1]–[2] minimise the energy of Eq. (2) by gradient steps.

## References

[1] A. Bose, "Fast solvers," J. Num., vol. 1, pp. 1–9, 2019.
[2] B. Cruz, "Energy methods," J. Num., vol. 2, pp. 10–19, 2020.
"""
    _, x, _, _ = run(write(tmp_path, "eq.md", text))
    numbered = [(c.number, c.span.line) for c in x.citations if c.form == "numbered"]
    assert numbered == [("1", 3), ("2", 3)]


def test_narrative_citation_with_a_french_colon_locator(tmp_path):
    """"Cardon (2019 : 145)": the page after a colon, French style."""
    text = """# Numérique

Cardon (2019 : 145) parle de calculs opaques.

## Bibliographie

Cardon, Dominique. 2019. *Culture numérique*. Paris : Presses de Sciences Po.
"""
    _, x, findings, resolved = run(write(tmp_path, "c.md", text))
    narrative = [(c.authors, c.year, c.locator) for c in x.citations if c.form == "narrative"]
    assert narrative == [(("Cardon",), "2019", "145")]
    assert resolved == ["r1"] and not findings


def test_a_superscript_after_a_unit_is_a_power_only_when_it_can_be_one(tmp_path):
    """"20 m²", "3 cm³" and "3 s⁻¹" are powers; "5 km¹" calls note 1 (no one writes a
    first power)."""
    text = """# Units

A flat of 20 m² costs more. The tank holds 3 cm³ of gas. Decay is 3 s⁻¹ here. We rode
5 km¹ today.

1. Our own count.
"""
    _, x, findings, _ = run(write(tmp_path, "u.md", text))
    assert [(m.label, m.span.line) for m in x.markers] == [("1", 4)]
    assert not [f for f in findings if f.kind.startswith("footnote")]


def test_notes_written_in_brackets_and_their_calls(tmp_path):
    """French op-eds often write notes "(1) …" at the end and call them "(1)" in the
    text; only those numbers are calls ("(2020)" and an unrelated "(4)" are not)."""
    text = """L'école face aux écrans

Les adolescents y consacrent 4 h 30 par jour, d'après Santé publique France (1). Les
résultats ont chuté de 21 points entre 2018 et 2022 (2). Voir l'étape (4) du plan (2020).

(1) Santé publique France, Baromètre santé 2024.
(2) OCDE, Résultats du PISA 2022, décembre 2023.
"""
    _, x, findings, _ = run(write(tmp_path, "ecrans.txt", text))
    assert [(m.label, m.span.line) for m in x.markers] == [("1", 3), ("2", 4)]
    assert len(x.note_pairs) == 2
    assert not [f for f in findings if f.kind.startswith(("footnote", "figure"))]


def test_notes_marked_with_asterisks_in_plain_text(tmp_path):
    """"18 % en dix ans*" calls "* Source : Insee …"; that note does not source the
    paragraph printed just above it.  In Markdown "* " opens a list item instead."""
    text = """Le logement

Les loyers ont augmenté de 18 % en dix ans*. Près de 4 millions de personnes sont mal
logées**.

La construction neuve a reculé de 20 % en 2024.

* Source : Insee, indice des loyers, 2024.
** Fondation Abbé Pierre, rapport annuel 2025.
"""
    _, x, findings, _ = run(write(tmp_path, "loyers.txt", text))
    assert [(m.label, m.span.line) for m in x.markers] == [("*", 3), ("**", 4)]
    assert len(x.note_pairs) == 2
    assert [(f.kind, f.span.line) for f in findings] == [("figure-unsourced", 6)]
    _, md, _, _ = run(write(tmp_path, "loyers.md", text))
    assert not md.markers


def test_a_decimal_or_section_number_is_not_a_bare_call(tmp_path):
    """"tableau D3.1." and "section 4.2." end in a digit after a full stop: no call."""
    text = """Pour une école

La France consacre 6,7 % de son PIB à l'éducation (1). Les salaires restent bas (2).

(1) Insee, « Dépense intérieure d'éducation », 2023.
(2) OCDE, Regards sur l'éducation 2023, tableau D3.1. Voir aussi la section 4.2.
"""
    _, x, findings, _ = run(write(tmp_path, "decimal.txt", text))
    assert [(m.label, m.span.line) for m in x.markers] == [("1", 3), ("2", 3)]
    assert [f.kind for f in findings if f.kind.startswith("footnote")] == []


APA_SHARED_NAMES = """Claims are often dichotomous (Tunç et al., 2023; but also see Frick, 1996).
Replications fail (J. Murphy et al., 2025), and nonsignificance is misread (S. L. Murphy
et al., 2025); compare Murphy et al. (2025).

# References

Frick, R. W. (1996). The appropriate use of null hypothesis testing. Psychological
Methods, 1(4), 379–390.

Murphy, J., Caldwell, A. R., & Mesquida, C. (2025). Estimating the replicability of
sports science. Sports Medicine, 12, 1–10.

Murphy, S. L., Merz, R., & Fernández, A. (2025). Nonsignificance misinterpreted as an
effect. Psychology, 3, 4–5.

Tunç, D., Tunç, M. N., & Lakens, D. (2023). The epistemic function of dichotomous
claims. Theory & Psychology, 33(3), 403–423.
"""


def test_initials_tell_apart_first_authors_who_share_a_name(tmp_path):
    _, extraction, findings, resolved = run(write(tmp_path, "apa.md", APA_SHARED_NAMES))
    by_text = dict(zip((c.text for c in extraction.citations), resolved, strict=True))
    ids = {r.raw[:13]: r.id for r in extraction.references}
    assert by_text["J. Murphy et al., 2025"] == ids["Murphy, J., C"]
    assert by_text["S. L. Murphy\net al., 2025"] == ids["Murphy, S. L."]
    # Without initials, the citation still fits both: said so.
    assert [f.kind for f in findings] == ["citation-ambiguous"]
    assert "Murphy et al. (2025)" in findings[0].text


def test_but_also_see_opens_a_citation_in_a_group(tmp_path):
    _, extraction, findings, resolved = run(write(tmp_path, "apa.md", APA_SHARED_NAMES))
    frick = next(r for r in extraction.references if r.authors == ("Frick",))
    assert frick.id in resolved
    assert not [f for f in findings if f.kind == "reference-uncited"]


UNTITLED_WORKS = """The library reads netCDF (NetCDF Classic and 64-bit Offset Format (2011)) and Zarr
(Zarr Storage Specification 2.0 Community Standard, 2022). Guidance exists (European
Medical Agency, 2017), and a standard we never list (Unlisted Format Standard, 2020).

# References

European Medical Agency. (2017). Guideline on multiplicity issues in clinical trials.
https://www.ema.europa.eu/en/guideline

NetCDF Binary Encoding Extension Standard: NetCDF Classic and 64-bit Offset Format
(OGC 10-092r3). (2011). Open Geospatial Consortium. http://www.opengis.net/doc/IS/netcdf

Zarr Storage Specification 2.0 Community Standard (No. 21-050r1). (2022). Open
Geospatial Consortium. http://www.opengis.net/doc/CS/zarr/2.0
"""


def test_works_with_no_author_are_entered_and_cited_by_their_titles(tmp_path):
    _, extraction, findings, resolved = run(write(tmp_path, "apa.md", UNTITLED_WORKS))
    agency, netcdf, zarr = extraction.references
    # A group author stays an author; a title where the author would stand is a title.
    assert agency.authors == ("European Medical Agency",) and agency.year == "2017"
    assert (netcdf.authors, netcdf.year, netcdf.publisher) == (
        (), "2011", "Open Geospatial Consortium")
    assert netcdf.title is not None and netcdf.title.endswith("64-bit Offset Format")
    assert zarr.title == "Zarr Storage Specification 2.0 Community Standard"
    assert {agency.id, netcdf.id, zarr.id} <= set(resolved)
    # An unquoted title that no authorless entry has is read as any "(Name, year)":
    # a citation with no entry.
    assert [(f.kind, f.text) for f in findings] == [
        ("citation-unmatched", "Unlisted Format Standard, 2020")]


def test_a_key_printed_as_text_in_a_citation_group_is_found(tmp_path):
    text = ("As shown [Smith & Jones (2019); Doe2020], again (Smith & Jones, 2019; Lee2018),\n"
            "but not in (Smith & Jones, 2019; Lee, 2018) nor in [Model2020] or (GPT4 2023).\n\n"
            "# References\n\nSmith, A., & Jones, B. (2019). A title. Journal, 1, 2-3.\n\n"
            "Lee, C. (2018). Another title. Journal, 2, 4-5.\n")
    _, _, findings, _ = run(write(tmp_path, "keys.md", text))
    assert sorted((f.kind, f.text) for f in findings) == [
        ("citation-unmatched", "Doe2020"), ("citation-unmatched", "Lee2018")]
    assert {f.suggestion for f in findings} == {"@Doe2020", "@Lee2018"}


def test_captions_after_a_reference_list_are_no_entries(tmp_path):
    text = ("Effects were small (Seaman, 1998), as a figure shows.\n\n# References\n\n"
            "Seaman, M. A. (1998). Equivalence intervals. Psychological Methods, 3, 403–411.\n\n"
            "Figure 1. Example effects plotted with 90% confidence intervals.\n\n"
            "Table 2: Sample sizes by study.\n")
    _, extraction, findings, _ = run(write(tmp_path, "manuscript.md", text))
    assert [r.authors for r in extraction.references] == [("Seaman",)]
    assert findings == []
    # A work whose title opens with the word is still an entry.
    entry = "Figure, A. (2003). Tables of figures. Journal, 2, 4-5.\n"
    _, extraction, _, _ = run(write(tmp_path, "other.md", text.replace("Table 2", "x") + "\n"
                                   + entry))
    assert ("Figure",) in [r.authors for r in extraction.references]


def test_a_connective_opening_the_sentence_is_no_author(tmp_path):
    text = ("Similarly, Norman, Sloan, and Wyrwich (2003) proposed a rule. Kelly, Smith, and "
            "Jones (2010) disagree.\n\n# References\n\nNorman, G. R., Sloan, J. A., & Wyrwich, "
            "K. W. (2003). Interpretation of changes in health-related quality of life. Medical "
            "Care, 41, 582-592.\n\nKelly, A., Smith, B., & Jones, C. (2010). A second look at "
            "the rule. Journal of Health, 1, 2-3.\n")
    _, extraction, findings, resolved = run(write(tmp_path, "c.md", text))
    assert [c.authors[0] for c in extraction.citations] == ["Norman", "Kelly"]
    assert all(resolved) and findings == []
