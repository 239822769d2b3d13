"""A document cannot act on the reader's terminal or page through a report (issue 20):
control characters, terminal escape sequences and bidirectional overrides in its title,
its text and its file name reach no output raw, on a terminal or piped."""

from __future__ import annotations

import json

from click.testing import CliRunner
from conftest import write

from citecheck.cli import main
from citecheck.text import UNSAFE_CHARACTERS, visible

OSC_TITLE = "\x1b]0;pwned\x07"
"""Sets a terminal's window title (and, on some terminals, more)."""
HOSTILE = (f"# Titre {OSC_TITLE} \x1b[31mrouge\x1b[0m \u202eevil\u202c \x9b2J\n\n"
           "Une affirmation (Dupont\x7f 2020) et 40 % des gens\u2066 le pensent.\n\n"
           "## Bibliographie\n\nDurand, J. (2019). *Autre \x1b[5mclignotant*. Seuil.\n")


def _outputs(tmp_path, name="essai.md"):
    path = write(tmp_path, name, HOSTILE)
    outputs = {}
    for fmt in ("terminal", "json", "sarif", "markdown", "html"):
        result = CliRunner().invoke(main, ["audit", "--offline", "--format", fmt, str(path)])
        assert result.exit_code in {0, 1}, result.output
        outputs[fmt] = result.stdout
    return outputs


def test_no_control_or_bidi_character_reaches_any_report(tmp_path):
    for fmt, text in _outputs(tmp_path).items():
        assert not UNSAFE_CHARACTERS.search(text), fmt
        assert "\x1b" not in text and "\x07" not in text, fmt


def test_what_was_there_is_shown_as_placeholders_or_escapes(tmp_path):
    """A reader sees that the title held an escape sequence; a program reading the JSON
    gets the title as written."""
    outputs = _outputs(tmp_path)
    assert "␛]0;pwned␇" in outputs["terminal"] and "<U+202E>evil" in outputs["terminal"]
    assert "␛]0;pwned␇" in outputs["html"] and "␛\\]0;pwned␇" in outputs["markdown"]
    report = json.loads(outputs["json"])
    assert report["documents"][0]["title"].startswith(f"Titre {OSC_TITLE} \x1b[31mrouge")
    assert "\\u202e" in outputs["json"] and "\\u001b" in outputs["sarif"]


def test_a_hostile_file_name_is_shown_escaped(tmp_path):
    outputs = _outputs(tmp_path, name="essai\x1b]0;x\x07.md")
    assert "essai␛]0;x␇.md" in outputs["terminal"]
    assert not UNSAFE_CHARACTERS.search(outputs["terminal"])


def test_plain_text_is_left_as_it_is():
    """Accents, non-breaking spaces, guillemets, tabs and line breaks are text."""
    plain = "Un été « à Paris »\u00a0: 12\u202f% de plus,\tvoilà.\nSuite."
    assert visible(plain) == plain
    assert visible("\x1b[2J\x9b\u202e\u2066") == "␛[2J<U+009B><U+202E><U+2066>"
