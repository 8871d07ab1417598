"""The sync summary the CLI and the demo print: a table per account x region, totals, and the cause of a failure."""

from __future__ import annotations

DOCTOR_LINE = "run: port-aws-pipeline doctor"


def _organization_lines(summary) -> list[str]:
    report = summary.accounts
    plan = report.plan
    removed = []
    if plan.removed_accounts:
        removed.append(f"accounts {', '.join(plan.removed_accounts)}")
    if plan.removed_regions:
        removed.append("regions " + "; ".join(f"{a}: {', '.join(r)}" for a, r in sorted(plan.removed_regions.items())))
    lines = [
        f"awsAccount entities: {report.accounts.upserted} written, {report.accounts.unchanged} unchanged; "
        f"removed: {' and '.join(removed) or 'nothing'} ({report.removed.deleted} entities deleted)"
    ]
    lines += [f"DELETION BLOCKED: {line}" for line in report.blocked]
    return lines


def failure_tail(cause: str, fix: str | None) -> list[str]:
    """The last lines of a failing command: one of cause, one of fix, and where to look next."""
    lines = ["", f"cause: {cause}"]
    if fix:
        lines.append(f"fix: {fix}")
    lines.append(DOCTOR_LINE)
    return lines


def format_summary(summary) -> str:
    if not summary.organization_ok:
        return "\n".join(
            ["Sync failed before any account was read."]
            + failure_tail(summary.organization_failure or "unknown", summary.organization_fix)
        )
    lines = _organization_lines(summary)
    header = (
        f"{'account':<14}{'region':<16}{'read':>6}{'written':>9}{'deleted':>9}{'unchanged':>11}{'failures':>10}  status"
    )
    lines += ["", header, "-" * len(header)]
    failures, fixes = [], []
    for p in sorted(summary.partitions, key=lambda p: (p.account_id, p.region)):
        r = p.report
        if r:
            problems = len(r.read_errors) + len(r.write_errors) + len(r.mapping_errors)
            lines.append(
                f"{p.account_id:<14}{p.region:<16}{sum(r.resources_read.values()):>6}{r.upserted:>9}"
                f"{r.deleted:>9}{r.unchanged:>11}{problems:>10}  {'ok' if p.ok else 'FAILED'}"
            )
            failures += [e.line() for e in r.read_errors]
            failures += [f"account {p.account_id}, region {p.region}: Port rejected {e}" for e in r.write_errors]
            failures += [f"account {p.account_id}, region {p.region}: mapping {e}" for e in r.mapping_errors]
            fixes += [e.hint for e in r.read_errors if e.hint]
            lines += [f"{'':<30}note: {b}" for b in r.deletion_blocked]
        else:
            lines.append(f"{p.account_id:<14}{p.region:<16}{'-':>6}{'-':>9}{'-':>9}{'-':>11}{1:>10}  FAILED")
            failures.append(f"account {p.account_id}, region {p.region}: {p.failure} (run {p.run_id})")
            fixes += [p.fix] if p.fix else []
    reports = [p.report for p in summary.partitions if p.report]
    read = sum(sum(r.resources_read.values()) for r in reports)
    written = sum(r.upserted for r in reports)
    deleted = sum(r.deleted for r in reports)
    lines.append("-" * len(header))
    lines.append(f"{'total':<30}{read:>6}{written:>9}{deleted:>9}   in {summary.seconds:.1f}s")
    lines.append(
        f"Dagster runs: {summary.runs} (sync_organization, {max(summary.runs - 2, 0)} x sync_partitions, inventory)"
    )
    lines.append(
        f"entities deleted in all: {deleted + summary.accounts.deleted} "
        f"({deleted} in the partitions above, {summary.accounts.deleted} by the organization step)"
    )
    if summary.checks:
        lines.append(
            "asset checks on port_upserts: "
            + ", ".join(f"{name} {'passed' if passed else 'FAILED'}" for name, passed in sorted(summary.checks.items()))
        )
    if summary.removed_partitions:
        lines.append(f"partitions removed: {', '.join(summary.removed_partitions)}")
    org_errors = summary.accounts.errors + summary.accounts.accounts.errors + summary.accounts.removed.errors
    if failures or org_errors:
        lines += ["", "Failures (entities of these scopes were left untouched):"]
        lines += [f"  - {f}" for f in failures + org_errors]
        lines += failure_tail(
            f"{len(failures) + len(org_errors)} failure(s); the first: {(failures + org_errors)[0]}",
            next(iter(dict.fromkeys(fixes)), None),
        )
    return "\n".join(lines)
