"""Help that teaches (issue 21): a version flag, examples in every command's help, no
reStructuredText marks, the README's options block equal to the real help, and every
configuration key documented.

``python tests/test_help.py --write`` rewrites the README's block from the real help."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from citecheck import __version__
from citecheck.cli import main
from citecheck.config import KNOWN

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
COMMANDS = (["audit"], ["baseline"], ["archive"], ["fix"], ["rules"], ["cache"], ["cache", "info"],
            ["cache", "clear"], [])
MARKER = "`citecheck audit --help`"


def real_help(*args: str) -> str:
    result = CliRunner().invoke(main, [*args, "--help"], prog_name="citecheck",
                                terminal_width=80)
    assert result.exit_code == 0, result.output
    return result.stdout.rstrip()


def _block(readme: str) -> str:
    return readme.split(MARKER, 1)[1].split("```", 2)[1].strip("\n")


def test_the_version_is_printed_by_both_commands():
    """The installed script (beside this interpreter) and ``python -m citecheck``, the
    way round another ``citecheck`` command earlier on the PATH."""
    script = str(Path(sys.executable).with_name("citecheck"))
    for command in ([script], [sys.executable, "-m", "citecheck"]):
        for flag in ("-V", "--version"):
            run = subprocess.run([*command, flag], capture_output=True, text=True, check=False)
            assert run.returncode == 0, (command, flag, run.stderr)
            assert run.stdout == f"citecheck, version {__version__}\n"


def test_every_command_teaches_by_examples_without_stray_markup():
    for command in COMMANDS:
        text = real_help(*command)
        assert "`" not in text, (command, text)  # no reStructuredText ``marks``
        assert text.startswith(f"Usage: citecheck {' '.join(command)}".rstrip()), text
        examples = text.split("Examples:", 1)
        assert len(examples) == 2, (command, text)
        lines = [line.strip() for line in examples[1].splitlines() if line.strip()]
        assert lines and all(re.match(r"(\w+=\S+ )*citecheck ", line) for line in lines), lines
        assert len(lines) >= (1 if command[:1] == ["cache"] and command[1:] else 2), lines


def test_readme_shows_the_real_audit_help():
    assert _block(README.read_text(encoding="utf-8")) == real_help("audit")


def test_readme_documents_every_configuration_key():
    readme = README.read_text(encoding="utf-8")
    section = readme.split("### Configuration", 1)[1].split("\n### ", 1)[0]
    documented = set(re.findall(r"^\| `([a-z-]+)` \|", section, flags=re.MULTILINE))
    assert documented == KNOWN


def write() -> None:
    readme = README.read_text(encoding="utf-8")
    README.write_text(readme.replace(_block(readme), real_help("audit")), encoding="utf-8")


if __name__ == "__main__":
    if "--write" in sys.argv:
        write()
