"""`extractor batch INPUT... --out results.jsonl`: many articles, concurrent, cached, resumable."""

from __future__ import annotations

import json
import os
import shlex
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from extractor.cli.app import app
from extractor.cli.options import (
    ApiKey,
    Backend,
    BaseUrl,
    Mode,
    Model,
    NoReconcile,
    llm_options,
)

if TYPE_CHECKING:
    from rich.console import Console

    from extractor.batch import BatchSummary

EXIT_INTERRUPTED = 130


@app.command("batch")
def batch_cmd(
    inputs: Annotated[list[Path], typer.Argument(help="Article files, folders (searched recursively) and .jsonl corpora.", show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="Results file: one JSON line per article, written as each finishes.")],
    backend: Backend = "auto",
    workers: Annotated[
        int | None,
        typer.Option("--workers", "-w", min=1, help="Articles in flight (endpoint backends; default 8, local 1) or worker processes (rules; default 1 = in-process)."),
    ] = None,
    cpu_workers: Annotated[
        int | None,
        typer.Option(
            "--cpu-workers",
            min=0,
            help="Endpoint backends: processes that run the rules and validate answers beside the requests (default: one per core but one, up to 4, with --workers 4 or more; 0 = in the main process).",
        ),
    ] = None,
    cache_dir: Annotated[Path | None, typer.Option("--cache-dir", help="Reuse results across runs (keyed by text, prompt, model, schema and settings).")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Skip articles already in --out (repairs a line cut by a crash).")] = False,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace an existing --out (and --errors) file.")] = False,
    errors: Annotated[Path | None, typer.Option("--errors", help="Write one JSON line per error (file, stage, kind, message) here.")] = None,
    rpm: Annotated[float | None, typer.Option("--rpm", min=0.001, help="At most this many article requests per minute to the endpoint.")] = None,
    json_summary: Annotated[bool, typer.Option("--json-summary", help="Print the summary as JSON on stdout.")] = False,
    no_reconcile: NoReconcile = False,
    timeout: Annotated[float | None, typer.Option("--timeout", min=0.001, help="Seconds per endpoint request (default 60).")] = None,
    deadline: Annotated[float | None, typer.Option("--deadline", min=0.001, help="Seconds per article, all retries included (default 300).")] = None,
    max_attempts: Annotated[int | None, typer.Option("--max-attempts", min=1, help="Answers per article, re-asks included (default 3).")] = None,
    base_url: BaseUrl = None,
    model: Model = None,
    api_key: ApiKey = None,
    mode: Mode = None,
) -> None:
    """Extract every article of the inputs into --out. Exit 0 when all went well, 1 when some failed, 130 on Ctrl-C."""
    from rich.console import Console

    from extractor.batch import BatchSummary, OutputExistsError, run_batch

    if resume and overwrite:
        _fail("--resume and --overwrite contradict each other: choose one")
    if errors is not None and errors.resolve() == out.resolve():
        _fail("--errors must be a different file from --out")
    console = Console(stderr=True)
    interactive = sys.stderr.isatty()
    summary = BatchSummary()
    previous_term = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        run_batch(
            inputs,
            out,
            errors_path=errors,
            resume=resume,
            overwrite=overwrite,
            progress=interactive,
            summary=summary,
            console=console,
            report_error=lambda line: _print_error(console, line),
            backend=backend,
            workers=workers,
            cpu_processes=cpu_workers,
            cache_dir=cache_dir,
            rpm=rpm,
            reconcile=not no_reconcile,
            **llm_options(base_url, model, api_key, mode),
            **{k: v for k, v in {"timeout": timeout, "deadline": deadline, "max_attempts": max_attempts}.items() if v is not None},
        )
    except OutputExistsError as exc:
        _fail(str(exc))
    except (ValueError, RuntimeError) as exc:  # bad backend name, endpoint misconfigured, ...
        _fail(str(exc))
    except OSError as exc:
        _fail(f"{exc.filename or out}: {exc.strerror or exc}")
    except KeyboardInterrupt:
        summary.interrupted = True
        _report(summary, console, json_summary, interactive)
        done = summary.articles + summary.skipped
        typer.echo(
            f"interrupted: {summary.articles} article(s) written this run ({done} in {out} in all). "
            f"Resume with:\n  {resume_command(sys.argv)}",
            err=True,
        )
        raise typer.Exit(EXIT_INTERRUPTED) from None
    finally:
        signal.signal(signal.SIGTERM, previous_term)
    _report(summary, console, json_summary, interactive)
    if summary.errors:
        raise typer.Exit(1)


def _report(summary: BatchSummary, console: Console, json_summary: bool, interactive: bool) -> None:
    """The summary table on a terminal's stderr; the JSON summary on stdout when asked."""
    from extractor.batch.progress import summary_table

    if interactive:
        console.print(summary_table(summary))
    if json_summary:
        sys.stdout.write(json.dumps(summary.to_dict()) + "\n")
        sys.stdout.flush()


def _print_error(console: Console, line: dict[str, object]) -> None:
    """One error on stderr (used when no --errors file is given)."""
    kind = f"{line['stage']}/{line['kind']}"
    if line["article_id"]:
        text = f"error: {line['article_id']}: {kind}: {line['message']}"
    else:  # a load error's message already starts with the file (and line)
        text = f"error: {line['message']} ({kind})"
    console.print(text, markup=False, highlight=False, soft_wrap=True)


def resume_command(argv: list[str]) -> str:
    """The command line that continues this batch: the same arguments, with --resume instead of --overwrite.

    An API key given on the command line is left out (it would end up in logs); the command then
    reads it from OPENAI_API_KEY, as the note after it says.
    """
    program = "python -m extractor" if argv and argv[0].endswith("__main__.py") else "extractor"
    args: list[str] = []
    secret = False
    skip_next = False
    for arg in argv[1:]:
        if skip_next:
            skip_next = False
        elif arg == "--api-key":
            secret = skip_next = True
        elif arg.startswith("--api-key="):
            secret = True
        elif arg != "--overwrite":
            args.append(arg)
    if "--resume" not in args:
        args.append("--resume")
    command = f"{program} {shlex.join(args)}"
    return f"{command}\n  (with OPENAI_API_KEY set: the --api-key value is not repeated here)" if secret else command


def _raise_interrupt(signum: int, frame: object) -> None:
    """SIGTERM stops the batch like Ctrl-C: whatever SIGINT handler is active handles it."""
    os.kill(os.getpid(), signal.SIGINT)


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)
