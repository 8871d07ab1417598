"""`--interactive` / `--problem`: what a user may be experiencing, the checks that matter, and what is by design."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TextIO

import yaml
from pydantic import BaseModel
from pydantic import Field

from port_aws_pipeline.config import AppConfig
from port_aws_pipeline.port.mapping import SCOPE_PROPERTY


class Problem(BaseModel):
    label: str
    checks: list[str]
    notes: list[str] = Field(default_factory=list)


CATALOGUE = Path(__file__).with_name("problems.yml")


def problems(config: AppConfig) -> dict[str, Problem]:
    """The catalogue (problems.yml), its notes filled in with this config's values; ordered as the menu numbers them."""
    catalogue = yaml.safe_load(CATALOGUE.read_text())
    values = {"aws": config.aws, "safety": config.safety, "run": config.run, "scope_property": SCOPE_PROPERTY}
    return {
        name: Problem(**{**entry, "notes": [note.format(**values) for note in entry.get("notes", [])]})
        for name, entry in catalogue.items()
    }


def parse_choice(answer: str, known: dict[str, Problem]) -> str | None:
    """`1`..`n` or a problem name."""
    answer = answer.strip().lower()
    names = list(known)
    if answer.isdigit() and 1 <= int(answer) <= len(names):
        return names[int(answer) - 1]
    return answer if answer in known else None


def ask_problem(known: dict[str, Problem], out: TextIO, read: Callable[[], str] | None = None) -> str | None:
    """The interactive question; None when stdin gives no valid answer."""
    print("What are you experiencing?", file=out)
    for number, (name, problem) in enumerate(known.items(), 1):
        print(f"  {number}) {problem.label}  [{name}]", file=out)
    for _ in range(3):
        print(f"Choose 1-{len(known)}: ", end="", file=out, flush=True)
        try:
            choice = parse_choice((read or input)(), known)
        except EOFError:
            return None
        if choice:
            print(file=out)
            return choice
        print("Answer with a number or one of the names in brackets.", file=out)
    return None
