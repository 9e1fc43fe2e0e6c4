"""The `extractor` command and its sub-commands; each sub-command lives in its own module."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="extractor",
    help="Extract meetings and statements from diplomacy and security news into validated records.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)



@app.callback()
def _root() -> None:
    """Extract meetings and statements from diplomacy and security news into validated records."""


def main() -> None:
    """Console-script entry point."""
    app()


from extractor.cli import extract_cmd  # noqa: E402,F401
from extractor.cli import batch_cmd  # noqa: E402,F401
from extractor.cli import eval_cmd  # noqa: E402,F401
from extractor.cli import report_cmd  # noqa: E402,F401
