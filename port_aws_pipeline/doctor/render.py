"""The report as a terminal table (Unicode marks when the terminal can print them) or as JSON."""

from __future__ import annotations

from typing import TextIO

from port_aws_pipeline.doctor.report import AccountRow
from port_aws_pipeline.doctor.report import CheckResult
from port_aws_pipeline.doctor.report import DoctorReport

MARKS = {"ok": "✔", "fail": "✖", "warn": "!", "skipped": "-"}
ASCII_MARKS = {"ok": "[ok]", "fail": "[FAIL]", "warn": "[warn]", "skipped": "[skip]"}


def marks_for(stream: TextIO) -> dict[str, str]:
    """Unicode marks when the stream's encoding can print them, ASCII otherwise."""
    try:
        "✔✖".encode(getattr(stream, "encoding", None) or "ascii")
    except (UnicodeEncodeError, LookupError):
        return ASCII_MARKS
    return MARKS


def _indent(text: str, prefix: str) -> list[str]:
    return [prefix + line for line in text.splitlines()]


def render_check(number: int, check: CheckResult, marks: dict[str, str]) -> list[str]:
    code = f"  [{check.code}]" if check.code and check.status == "fail" else ""
    lines = [f"{marks[check.status]} {number}. {check.title}{code}"]
    lines += [f"     {d}" for d in check.details]
    if check.fix and check.status in ("fail", "warn"):
        lines += _indent(f"fix: {check.fix}", "     ")
    return lines


def _reads_cell(row: AccountRow) -> str:
    if not row.reads:
        return "-"
    bad = [r for r in row.reads if not r.ok]
    failures = f" ({', '.join(f'{r.kind}: {r.code}' for r in bad)})" if bad else ""
    return f"{len(row.reads) - len(bad)}/{len(row.reads)} OK{failures}"


def render_accounts(rows: list[AccountRow], marks: dict[str, str]) -> list[str]:
    """Every ACTIVE account, OK or the exact error code and message; columns only for what ran."""
    with_regions = any(r.synced_regions is not None for r in rows)
    with_reads = any(r.reads for r in rows)
    header = f"{'account':<14}{'name':<18}{'member role':<24}"
    header += f"{'synced regions':<28}" if with_regions else ""
    header += "sample reads" if with_reads else ""
    lines = ["", "Accounts", header.rstrip(), "-" * len(header)]
    for row in rows:
        role = f"{marks['ok']} OK" if row.member_role == "ok" else f"{marks['fail']} {row.error_code}"
        line = f"{row.account_id:<14}{row.name[:17]:<18}{role:<24}"
        if with_regions:
            if row.synced_regions:
                regions = ", ".join(row.synced_regions)
            else:
                regions = "none" if row.synced_regions == [] else "-"
            line += f"{regions[:27]:<28}"
        lines.append((line + (_reads_cell(row) if with_reads else "")).rstrip())
        if row.error_message:
            lines.append(f"{'':<14}  {row.error_code}: {row.error_message}")
    return lines


def render_text(report: DoctorReport, marks: dict[str, str] = MARKS) -> str:
    lines = [f"port-aws-pipeline doctor (config: {report.config_path or 'default'})"]
    if report.problem:
        lines += ["", f"Problem: {report.problem}"] + [f"  * {note}" for note in report.notes]
    lines.append("")
    for number, check in enumerate(report.checks, 1):
        lines += render_check(number, check, marks)
    if report.accounts:
        lines += render_accounts(report.accounts, marks)
    failed = [c.title for c in report.checks if c.status == "fail"]
    warned = [c.title for c in report.checks if c.status == "warn"]
    verdict = "OK" if report.ok else f"FAILED at: {', '.join(failed)}"
    lines += ["", f"Result: {verdict}" + (f" (warnings: {', '.join(warned)})" if warned else "")]
    return "\n".join(lines)


def render_json(report: DoctorReport) -> str:
    return report.model_dump_json(indent=2)
