"""Console output: a rich progress bar on stderr and one line per input problem."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from claimgraph.records import InputProblem


class ConsoleReporter:
    """Shows progress over documents and prints problems above the bar, on stderr."""

    def __init__(self, label: str, quiet: bool = False) -> None:
        self.console = Console(stderr=True, highlight=False)
        self.quiet = quiet
        self.progress = Progress(
            TextColumn(f"[bold]{escape(label)}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("documents"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=self.console,
            disable=quiet,
            transient=False,
        )
        self.task = self.progress.add_task(label, total=None)

    def __enter__(self) -> ConsoleReporter:
        self.progress.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.progress.stop()

    def start(self, total: int) -> None:
        """Set the bar's total."""
        self.progress.update(self.task, total=total)

    def advance(self) -> None:
        """Move the bar one document on."""
        self.progress.advance(self.task)

    def problem(self, problem: InputProblem) -> None:
        """Print one line: ``error: FILE: reason`` or ``warning: FILE: reason``."""
        kind = "[red]error[/red]" if problem.fatal else "[yellow]warning[/yellow]"
        self.console.print(f"{kind}: {escape(str(problem))}", soft_wrap=True)

    def say(self, message: str) -> None:
        """Print a line of plain text (not markup) unless quiet."""
        if not self.quiet:
            self.console.print(escape(message), soft_wrap=True)
