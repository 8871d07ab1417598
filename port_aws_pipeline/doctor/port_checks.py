"""Port's own chain (credentials -> blueprints) and what Port and the run history say about deletions.

An unreachable Port API (refused connection, DNS) and rejected credentials (401/403) have
different causes and fixes; `failures.diagnose` tells them apart, this module words them.
"""

from __future__ import annotations

from datetime import UTC
from datetime import datetime

from port_aws_pipeline.doctor.facts import Facts
from port_aws_pipeline.doctor.facts import RunHistory
from port_aws_pipeline.doctor.facts import read_run_history
from port_aws_pipeline.doctor.fixes import PORT_BLUEPRINTS_FIX
from port_aws_pipeline.doctor.fixes import PORT_CREDENTIALS_FIX
from port_aws_pipeline.doctor.report import CheckResult
from port_aws_pipeline.doctor.report import not_applicable
from port_aws_pipeline.doctor.report import result
from port_aws_pipeline.failures import PortUnreachable
from port_aws_pipeline.failures import diagnose
from port_aws_pipeline.port.client import PortApiError
from port_aws_pipeline.port.mapping import SCOPE_PROPERTY

TOKEN_ROUTE = "POST /v1/auth/access_token"
UNOWNED_EXAMPLES = 3
MAX_BLOCKED_LINES = 20
HISTORY_FIX = (
    "run doctor with the DAGSTER_HOME the pipeline runs with (the directory holding its dagster.yaml; PostgreSQL "
    "instances need their DAGSTER_PG_* variables too) to see which deletions the last runs blocked"
)


def port_failure(name: str, exc: PortApiError | PortUnreachable, base_url: str) -> CheckResult:
    """Unreachable (the credentials were never tried) vs rejected credentials vs anything else Port answered."""
    diagnosis = diagnose(exc)
    if isinstance(exc, PortUnreachable):
        what = "its host name does not resolve" if exc.dns else exc.reason
        details = [f"cannot reach the Port API at {base_url}: {what}; the credentials were not tried"]
        fix = f"{diagnosis.fix}: DNS, firewall / security-group egress to {base_url}, HTTPS_PROXY / NO_PROXY"
        return result(name, "fail", details, fix=fix, code="port_unreachable")
    if exc.status in (401, 403) and exc.route == TOKEN_ROUTE:
        fix = PORT_CREDENTIALS_FIX
    elif exc.status == 403:
        fix = PORT_BLUEPRINTS_FIX
    else:
        fix = diagnosis.fix
    return result(name, "fail", [f"{base_url}: {exc}", diagnosis.cause], fix=fix, code=str(exc.status))


def check_port(facts: Facts) -> CheckResult:
    """A token from the client id/secret (by the first blueprint read), then each blueprint the sync writes to."""
    port = facts.config.port
    empty = [f"port.{key} is empty" for key in ("client_id", "client_secret") if not getattr(port, key)]
    if empty:
        return result("port", "fail", empty, fix=PORT_CREDENTIALS_FIX)
    wanted = [b["identifier"] for b in facts.blueprints if b.get("identifier")]
    client = facts.port()
    try:
        missing = [identifier for identifier in wanted if client.get_blueprint(identifier) is None]
    except (PortApiError, PortUnreachable) as exc:
        return port_failure("port", exc, port.base_url)
    details = [f"token from {port.base_url}: OK", f"blueprints present: {len(wanted) - len(missing)} of {len(wanted)}"]
    if missing:
        return result(
            "port",
            "warn",
            details + [f"missing: {_listed(missing)}"],
            fix="nothing to do: missing blueprints will be created on the first sync",
        )
    return result("port", "ok", details)


def check_unowned_entities(facts: Facts) -> CheckResult:
    """Entities in the managed blueprints without the ownership property: the pipeline never deletes them."""
    blueprints = facts.managed_blueprints
    if not blueprints:
        return not_applicable("unowned_entities", "the mapping writes to no fixed blueprint")
    client = facts.port()
    found: dict[str, list[str]] = {}
    absent = []
    try:
        for blueprint in blueprints:
            try:
                entities = client.search_entities(blueprint, [{"property": SCOPE_PROPERTY, "operator": "isEmpty"}])
            except PortApiError as exc:
                if exc.status != 404:
                    raise
                absent.append(blueprint)
                continue
            if entities:
                found[blueprint] = sorted(str(e.get("identifier")) for e in entities)
    except (PortApiError, PortUnreachable) as exc:
        return port_failure("unowned_entities", exc, facts.config.port.base_url)
    searched = [b for b in blueprints if b not in absent]
    data = {"unowned": {bp: {"count": len(ids), "examples": ids[:UNOWNED_EXAMPLES]} for bp, ids in found.items()}}
    if not searched:
        return result(
            "unowned_entities", "ok", ["no managed blueprint exists in Port yet: nothing to delete"], data=data
        )
    if not found:
        details = [f"every entity of the {len(searched)} managed blueprint(s) in Port has {SCOPE_PROPERTY}"]
        return result("unowned_entities", "ok", details + _not_in_port(absent), data=data)
    details = [
        f"{bp}: {len(ids)} entit{'y' if len(ids) == 1 else 'ies'} without {SCOPE_PROPERTY}, "
        f"e.g. {', '.join(ids[:UNOWNED_EXAMPLES])}"
        for bp, ids in found.items()
    ]
    details += _not_in_port(absent)
    details.append(
        f"the pipeline deletes only entities it wrote (property {SCOPE_PROPERTY}); these were created by "
        "hand or by another integration, so no sync ever deletes them"
    )
    return result(
        "unowned_entities",
        "warn",
        details,
        data=data,
        fix=(
            "delete them in Port (UI, or the API) if their resources are gone; an entity whose AWS resource still "
            f"exists gets {SCOPE_PROPERTY} on its next sync and is managed from then on"
        ),
    )


def _listed(names: list[str], limit: int = 12) -> str:
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


def _not_in_port(absent: list[str]) -> list[str]:
    return [f"not in Port yet (created by the first sync): {_listed(absent)}"] if absent else []


def check_blocked_deletions(facts: Facts) -> CheckResult:
    """The `deletion_blocked` metadata of the latest materializations in the Dagster instance."""
    history = read_run_history()
    if history.unavailable:
        return result("blocked_deletions", "warn", [history.unavailable], fix=HISTORY_FIX)
    if not history.partitions:
        return result(
            "blocked_deletions",
            "warn",
            [
                f"the Dagster instance at DAGSTER_HOME={history.home} has no materialization of port_accounts or "
                "port_upserts: no sync has run with this instance"
            ],
            fix=HISTORY_FIX,
        )
    read = ", ".join(f"{asset} ({n} partition(s))" for asset, n in history.partitions.items())
    summary = f"latest materializations read: {read}; newest at {_when(history.newest)}"
    data = {"blocked": [vars(b) for b in history.blocked]}
    if not history.blocked:
        return result("blocked_deletions", "ok", [summary, "no deletion was blocked"], data=data)
    lines = [
        f"{b.asset}{f' {b.partition}' if b.partition else ''} (run {b.run_id[:8] or 'runless'}, "
        f"{_when(b.timestamp)}): {b.line}"
        for b in history.blocked
    ]
    if len(lines) > MAX_BLOCKED_LINES:
        lines = lines[:MAX_BLOCKED_LINES] + [f"... and {len(lines) - MAX_BLOCKED_LINES} more (see --json)"]
    return result(
        "blocked_deletions",
        "warn",
        [summary, f"{len(history.blocked)} blocked deletion(s):", *lines],
        fix=blocked_fix(facts, history),
        data=data,
    )


def blocked_fix(facts: Facts, history: RunHistory) -> str:
    """Which safeguard held the deletions, and how to confirm before loosening it."""
    safety = facts.config.safety
    text = " ".join(b.line for b in history.blocked)
    fixes = []
    if "read incomplete" in text or "incomplete" in text:
        fixes.append(
            "a scope whose read failed keeps its entities: fix the read error (sample reads above, the "
            "run's no_read_errors check) and sync again; deletion resumes with the first complete read"
        )
    guards = {
        "max_scope_delete_fraction": "of a scope's entities (scopes of 10 or more)",
        "max_account_loss_fraction": "of the accounts vanished from discovery at once",
        "max_region_loss_fraction": "of an account's regions vanished at once",
    }
    for key, what in guards.items():
        if key in text:
            value = getattr(safety, key, "?")
            fixes.append(
                f"safety.{key} ({value}) held deletions because more than that share {what}: confirm in "
                "AWS (console, or the scope's resources in the run's raw_resources) that they are really "
                f"gone, then sync once with a higher safety.{key} (at most 1.0) and set it back"
            )
    return "; ".join(fixes) or "see the lines above; each names the scope and the safeguard that held it"


def _when(timestamp: float | None) -> str:
    if not timestamp:
        return "?"
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
