"""The README against the code: the CLI reference against the parser, the generated tables against
what the code makes now, every environment variable the code reads against the docs."""
import argparse
import re
from pathlib import Path

import pytest

from toolkit.ops.cli import build_parser

from .readme_tables import tables

SECTIONS, generated, rewrite = tables.SECTIONS, tables.generated, tables.rewrite

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = README + (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")


def _commands(parser=None, path=()):
    """(command path, its long options) for every runnable `liaison` command."""
    parser = parser or build_parser()
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield path, {o for a in parser._actions for o in a.option_strings if o.startswith("--")} - {"--help"}
        return
    for name, child in subs[0].choices.items():
        yield from _commands(child, path + (name,))


COMMANDS = dict(_commands())
# Lines of the README's code blocks that run the command.
LINES = [line.split("#", 1)[0] for block in re.findall(r"```\n(.*?)```", README, re.S)
         for line in block.splitlines() if line.startswith("liaison ")]


def _path_of(line: str) -> tuple[str, ...]:
    words = line.split()[1:]
    for n in (2, 1):
        if tuple(words[:n]) in COMMANDS:
            return tuple(words[:n])
    raise AssertionError(f"README shows a command the parser does not have: {line.strip()}")


def test_the_parser_has_commands():
    assert ("cases", "stats") in COMMANDS and "--by" in COMMANDS[("cases", "stats")]
    assert len(LINES) > 20


@pytest.mark.parametrize("line", LINES)
def test_every_command_line_in_the_readme_is_one_the_parser_takes(line):
    path = _path_of(line)
    for option in re.findall(r"(?<![\w-])--[a-z][a-z-]*", line):
        assert option in COMMANDS[path], f"`liaison {' '.join(path)}` has no {option}"


@pytest.mark.parametrize("path", sorted(COMMANDS), ids=" ".join)
def test_every_command_and_option_is_in_the_readme(path):
    shown = [line for line in LINES if _path_of(line) == path]
    assert shown, f"`liaison {' '.join(path)}` is missing from the README's command reference"
    documented = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", " ".join(shown)))
    missing = COMMANDS[path] - documented - {"--db"}       # every command takes --db (said once)
    assert not missing, f"`liaison {' '.join(path)}`: options not in the README: {sorted(missing)}"


@pytest.mark.parametrize("heading", list(SECTIONS))
def test_the_generated_tables_are_the_ones_the_code_makes(heading):
    """Regenerate with: python docs/readme_tables.py"""
    assert generated(README, heading) == SECTIONS[heading][1]()
    assert rewrite(README) == README if heading == list(SECTIONS)[-1] else True


def test_every_environment_variable_the_code_reads_is_documented():
    sources = [p.read_text(encoding="utf-8") for package in ("toolkit", "widgets") for p in (ROOT / package).rglob("*.py")]
    names = set(re.findall(r"LIAISON_[A-Z_]+", "\n".join(sources)))
    assert len(names) > 5
    assert not {n for n in names if n not in DOCS}, "undocumented: " + ", ".join(sorted(n for n in names if n not in DOCS))
