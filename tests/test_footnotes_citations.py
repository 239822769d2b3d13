"""Footnote calls and texts; citation forms on texts of our own."""

from __future__ import annotations

from conftest import run, write


def test_bare_numbers_only_in_sequence(tmp_path):
    text = ("Il parle d'un « travail tâcheronnisé » 1. Puis de la phase 2. Ensuite "
            "il en compte 3. Enfin, le Sud global 2. La suite.\n")
    _, x, findings, _ = run(write(tmp_path, "a.txt", text))
    assert [(m.label, m.style) for m in x.markers] == [("1", "bare"), ("2", "bare")]
    assert [f.kind for f in findings] == ["footnote-missing", "footnote-missing"]


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
