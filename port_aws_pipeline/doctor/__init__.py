"""`port-aws-pipeline doctor`: guided troubleshooting for self-hosted installs.

- `facts`: what is gathered (caller, Organizations, member role / regions / sample reads per
  account, the Dagster run history), lazily and through the pipeline's own helpers;
- `checks` (AWS chain) and `port_checks` (Port, unowned entities, blocked deletions): the
  ordered checks, each returning a `CheckResult`;
- `problems`: the `--interactive` / `--problem` catalogue;
- `render`: the text table and JSON.
"""

from __future__ import annotations

import sys
from typing import TextIO

from port_aws_pipeline.config import AppConfig
from port_aws_pipeline.doctor.checks import STEPS
from port_aws_pipeline.doctor.checks import is_multi_account
from port_aws_pipeline.doctor.checks import run_checks
from port_aws_pipeline.doctor.facts import Facts
from port_aws_pipeline.doctor.fixes import trust_fix
from port_aws_pipeline.doctor.fixes import trust_policy
from port_aws_pipeline.doctor.fixes import trust_principal
from port_aws_pipeline.doctor.problems import Problem
from port_aws_pipeline.doctor.problems import ask_problem
from port_aws_pipeline.doctor.problems import parse_choice
from port_aws_pipeline.doctor.problems import problems
from port_aws_pipeline.doctor.render import marks_for
from port_aws_pipeline.doctor.render import render_json
from port_aws_pipeline.doctor.render import render_text
from port_aws_pipeline.doctor.report import DEFAULT_CHECKS
from port_aws_pipeline.doctor.report import EXIT_USAGE
from port_aws_pipeline.doctor.report import TITLES
from port_aws_pipeline.doctor.report import AccountRow
from port_aws_pipeline.doctor.report import CheckResult
from port_aws_pipeline.doctor.report import DoctorReport
from port_aws_pipeline.doctor.report import ReadResult
from port_aws_pipeline.kinds import ACCOUNT_KIND
from port_aws_pipeline.port.blueprints import load_blueprints
from port_aws_pipeline.port.mapping import load_mapping
from port_aws_pipeline.reader import plans_from_mapping

#: Checks that need the mapping (kinds to read, blueprints written to) or the blueprint definitions.
NEEDS_MAPPING = {"sample_reads", "sync_size", "unowned_entities"}
NEEDS_BLUEPRINTS = {"port"}


def gather(config: AppConfig, names: list[str]) -> Facts:
    """Facts for `names`; the mapping and blueprints load up front, so a bad file is a config error (exit 2)."""
    facts = Facts(config)
    if NEEDS_MAPPING & set(names):
        mapping = load_mapping(config.mapping)
        facts.plans = plans_from_mapping(mapping)
        kinds = sorted(mapping.kinds)
        ordered = [ACCOUNT_KIND] + [k for k in kinds if k != ACCOUNT_KIND]
        facts.managed_blueprints = list(
            dict.fromkeys(bp for k in ordered for bp in sorted(mapping.blueprints_for_kind(k)))
        )
    if NEEDS_BLUEPRINTS & set(names):
        facts.blueprints = load_blueprints(config.blueprints)
    return facts


def run_doctor(
    config: AppConfig, *, checks: list[str] | None = None, problem: str | None = None, config_path: str | None = None
) -> DoctorReport:
    """The report for `checks` (default: every check a sync depends on), or for a problem's checks."""
    known = problems(config)
    wanted = known[problem].checks if problem else (checks or DEFAULT_CHECKS)
    names = [n for n in TITLES if n in wanted]
    facts = gather(config, names)
    results = run_checks(facts, names)
    return DoctorReport(
        config_path=config_path,
        problem=problem,
        notes=known[problem].notes if problem else [],
        checks=results,
        accounts=[p.row() for p in facts.probes or []],
    )


def run_doctor_cli(
    config: AppConfig,
    *,
    config_path: str | None,
    as_json: bool,
    interactive: bool,
    problem: str | None,
    out: TextIO | None = None,
) -> int:
    """`port-aws-pipeline doctor`: exit 0 when nothing failed, 1 otherwise, 2 on a bad choice."""
    out = out or sys.stdout
    known = problems(config)
    if problem and problem not in known:
        print(f"unknown --problem {problem!r}; use one of: {', '.join(known)}", file=sys.stderr)
        return EXIT_USAGE
    if interactive and not problem:
        problem = ask_problem(known, sys.stderr if as_json else out)
        if not problem:
            print("no choice read; pass --problem NAME to run without a question", file=sys.stderr)
            return EXIT_USAGE
    report = run_doctor(config, problem=problem, config_path=config_path)
    print(render_json(report) if as_json else render_text(report, marks_for(out)), file=out)
    return report.exit_code


__all__ = [
    "STEPS",
    "AccountRow",
    "CheckResult",
    "DoctorReport",
    "Facts",
    "Problem",
    "ReadResult",
    "ask_problem",
    "is_multi_account",
    "parse_choice",
    "problems",
    "render_text",
    "run_doctor",
    "run_doctor_cli",
    "trust_fix",
    "trust_policy",
    "trust_principal",
]
