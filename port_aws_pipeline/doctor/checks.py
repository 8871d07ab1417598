"""The AWS chain, in the order a sync walks it; each check is one function returning a `CheckResult`.

credentials -> organization role -> Organizations -> target OUs -> member role per account
-> regions -> sample reads (-> sync size). A blocking failure skips the rest of the chain,
so the first fix printed is the one to make. Errors are classified once, by
`failures.diagnose` (cause, fix) and `aws.errors.describe_error` (code, message, hint).
Kept as one module (a little over 400 lines) because the chain reads top to bottom in order.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable

from botocore.exceptions import ConnectTimeoutError
from botocore.exceptions import EndpointConnectionError
from botocore.exceptions import ReadTimeoutError

from port_aws_pipeline.aws.discovery import ou_path_of
from port_aws_pipeline.aws.errors import HINTS
from port_aws_pipeline.aws.errors import assume_role_error
from port_aws_pipeline.aws.errors import describe_error
from port_aws_pipeline.aws.sessions import base_session
from port_aws_pipeline.aws.sessions import credential_source
from port_aws_pipeline.config import OU_ID_PATTERN
from port_aws_pipeline.config import AwsSettings
from port_aws_pipeline.doctor import port_checks
from port_aws_pipeline.doctor.facts import AccountProbe
from port_aws_pipeline.doctor.facts import Facts
from port_aws_pipeline.doctor.fixes import MEMBER_ROLE_STACKSET
from port_aws_pipeline.doctor.fixes import MEMBER_ROLE_TEMPLATE
from port_aws_pipeline.doctor.fixes import NO_CREDENTIALS_FIX
from port_aws_pipeline.doctor.fixes import ORG_ACCESS_FIX
from port_aws_pipeline.doctor.fixes import ORG_ROLE_TEMPLATE
from port_aws_pipeline.doctor.fixes import credential_source_name
from port_aws_pipeline.doctor.fixes import trust_fix
from port_aws_pipeline.doctor.fixes import trust_principal
from port_aws_pipeline.doctor.report import AWS_CHAIN
from port_aws_pipeline.doctor.report import CHAIN_SKIPPED
from port_aws_pipeline.doctor.report import CheckResult
from port_aws_pipeline.doctor.report import not_applicable
from port_aws_pipeline.doctor.report import result
from port_aws_pipeline.failures import diagnose
from port_aws_pipeline.kinds.base import paginate
from port_aws_pipeline.models import SyncError
from port_aws_pipeline.partitions import keys_for_account

ACCESS_DENIED = {"AccessDenied", "AccessDeniedException"}
OU_NOT_FOUND = {"OrganizationalUnitNotFoundException", "ParentNotFoundException", "TargetNotFoundException"}
UNREACHABLE = (EndpointConnectionError, ConnectTimeoutError, ReadTimeoutError)
MAX_LISTED_OUS = 30


def is_multi_account(settings: AwsSettings) -> bool:
    return not settings.single_account and not settings.account_ids


def _error_line(error: SyncError, name: str = "") -> str:
    who = f"account {error.account_id}" + (f" ({name})" if name and name != error.account_id else "")
    where = "" if error.region == "*" else f", region {error.region}"
    return f"{who}{where}: {error.code}: {error.message}"


def _hints(errors: list[SyncError]) -> str:
    return "; ".join(dict.fromkeys(e.hint for e in errors if e.hint))


# --- credentials and Organizations ------------------------------------------------------------


def check_credentials(facts: Facts) -> CheckResult:
    """Which link of boto3's chain gave credentials, and whether STS accepts them (or cannot be reached)."""
    try:
        caller = facts.caller()
    except Exception as exc:  # noqa: BLE001
        return _credentials_failure(exc)
    method = credential_source(caller.session)
    return result(
        "credentials",
        "ok",
        [
            f"found: {credential_source_name(method)} [{method}]",
            f"caller: {caller.arn} (account {caller.account_id})",
        ],
    )


def _credentials_failure(exc: BaseException) -> CheckResult:
    method = credential_source(base_session())
    found = f"found: {credential_source_name(method)} [{method}]"
    diagnosis = diagnose(exc)
    if isinstance(exc, UNREACHABLE):
        endpoint = os.environ.get("AWS_ENDPOINT_URL")
        details = [
            found,
            f"sts:GetCallerIdentity: the AWS endpoint is unreachable, so the credentials were not "
            f"tried: {type(exc).__name__}: {exc}",
        ]
        if endpoint:
            details.append(f"AWS_ENDPOINT_URL={endpoint} sends every AWS call there")
        fix = (
            f"unset AWS_ENDPOINT_URL or point it at a reachable endpoint; {diagnosis.fix}"
            if endpoint
            else f"{diagnosis.fix}; a proxy needs HTTPS_PROXY / NO_PROXY"
        )
        code = "EndpointConnectionError" if isinstance(exc, EndpointConnectionError) else "Timeout"
        return result("credentials", "fail", details, fix=fix, code=code)
    error = describe_error(exc, account_id="-", region="*", kind="sts:GetCallerIdentity")
    if method == "none":
        fix = NO_CREDENTIALS_FIX
    else:
        fix = error.hint or (diagnosis.fix if diagnosis.permanent else "")
        fix = fix or f"the {credential_source_name(method)} were rejected; refresh or replace them"
    details = [found, f"sts:GetCallerIdentity: {error.code}: {error.message}"]
    return result("credentials", "fail", details, fix=fix, code=error.code)


def check_organization_role(facts: Facts) -> CheckResult:
    """The role Organizations is called with must trust the caller."""
    arn = facts.settings.organization_role_arn
    if not arn:
        return not_applicable(
            "organization_role",
            "aws.organization_role_arn is not set; Organizations is called with the caller's credentials",
        )
    if not is_multi_account(facts.settings):
        return not_applicable(
            "organization_role", "aws.organization_role_arn is set but unused without Organizations discovery"
        )
    try:
        facts.organizations_session()
    except Exception as exc:  # noqa: BLE001
        account_id = arn.split(":")[4]
        error = assume_role_error(exc, account_id=account_id, role_arn=arn)
        if error.code in ACCESS_DENIED:
            principal = trust_principal(facts.caller().arn)
            fix = trust_fix(arn, principal, facts.settings.external_id, ORG_ROLE_TEMPLATE)
        else:
            fix = error.hint or diagnose(exc).fix
        return result(
            "organization_role",
            "fail",
            [f"sts:AssumeRole {arn}: {error.code}: {error.message}"],
            fix=fix,
            code=error.code,
            account_ids=[account_id],
        )
    return result(
        "organization_role", "ok", [f"assumed {arn}" + (" with ExternalId" if facts.settings.external_id else "")]
    )


def check_organizations(facts: Facts) -> CheckResult:
    """DescribeOrganization and ListRoots prove discovery can list accounts."""
    if not is_multi_account(facts.settings):
        why = "aws.single_account is true" if facts.settings.single_account else "aws.account_ids lists the accounts"
        return not_applicable("organizations", why)
    try:
        org = facts.organizations()
        described = org.describe_organization()["Organization"]
        roots = [r["Id"] for r in org.list_roots()["Roots"]]
    except Exception as exc:  # noqa: BLE001
        error = describe_error(exc, account_id="-", region="*", kind="organizations")
        who = facts.settings.organization_role_arn or facts.caller().arn
        fix = ORG_ACCESS_FIX if error.code in ACCESS_DENIED else (error.hint or diagnose(exc).fix)
        return result(
            "organizations", "fail", [f"called as {who}: {error.code}: {error.message}"], fix=fix, code=error.code
        )
    return result(
        "organizations",
        "ok",
        [
            f"organization {described['Id']}, management account {described.get('MasterAccountId', '?')}, "
            f"feature set {described.get('FeatureSet', '?')}, roots {', '.join(roots)}",
        ],
    )


def _existing_ous(org) -> list[str]:
    """`path (id)` of the OUs that exist, to copy a right id from."""
    found: list[str] = []

    def walk(parent: str, path: str) -> None:
        for ou in paginate(org, "list_organizational_units_for_parent", "OrganizationalUnits", ParentId=parent):
            found.append(f"{path}/{ou['Name']} ({ou['Id']})")
            if len(found) < MAX_LISTED_OUS:
                walk(ou["Id"], f"{path}/{ou['Name']}")

    for root in paginate(org, "list_roots", "Roots"):
        walk(root["Id"], "Root")
    return found[:MAX_LISTED_OUS]


def check_target_ous(facts: Facts) -> CheckResult:
    """Every target OU is well formed and exists; a wrong id silently syncs nothing."""
    ids = facts.settings.target_ou_ids
    if not ids:
        return not_applicable("target_ous", "aws.target_ou_ids is empty; every ACTIVE account is synced")
    org = facts.organizations()
    details, missing, errors, codes = [], [], [], []
    for ou_id in ids:
        if not OU_ID_PATTERN.match(ou_id):
            missing.append(ou_id)
            details.append(f"{ou_id}: not an OU id (form ou-xxxx-xxxxxxxx)")
            continue
        try:
            details.append(f"{ou_id}: {ou_path_of(org, ou_id)}")
        except Exception as exc:  # noqa: BLE001
            error = describe_error(exc, account_id="-", region="*", kind="organizations:DescribeOrganizationalUnit")
            (missing if error.code in OU_NOT_FOUND else errors).append(ou_id)
            details.append(f"{ou_id}: {error.code}: {error.message}")
            codes.append(error.code)
    if not missing and not errors:
        return result("target_ous", "ok", details)
    fix = HINTS["ParentNotFoundException"] if missing else HINTS.get(codes[0], "")
    if missing:
        existing = _existing_ous(org)
        fix = f"{', '.join(missing)}: {fix}" + (f". Existing OUs: {'; '.join(existing)}" if existing else "")
    return result("target_ous", "fail", details, fix=fix, code=codes[0] if codes else None)


# --- accounts, regions, reads ------------------------------------------------------------------


def check_member_roles(facts: Facts) -> CheckResult:
    """Assume the member role in every ACTIVE account; each failure is that account's alone."""
    try:
        probes = facts.probe_accounts()
    except Exception as exc:  # noqa: BLE001
        error = describe_error(exc, account_id="-", region="*", kind="discovery")
        fix = error.hint or diagnose(exc).fix or "run `port-aws-pipeline doctor --problem accounts-missing`"
        return result(
            "member_roles",
            "fail",
            [f"listing accounts failed: {error.code}: {error.message}"],
            fix=fix,
            code=error.code,
        )
    suspended = f"; {len(facts.suspended)} SUSPENDED skipped by design" if facts.suspended else ""
    summary = (
        f"{len(facts.reachable())} of {len(probes)} ACTIVE accounts reachable as "
        f"{facts.settings.member_role_name} (source: {facts.source}{suspended})"
    )
    if not probes:
        return result(
            "member_roles",
            "fail",
            [summary],
            fix="no ACTIVE account to sync: check aws.target_ou_ids / aws.account_ids",
        )
    failed = [p for p in probes if p.error]
    if not failed:
        return result("member_roles", "ok", [summary])
    errors = [p.error for p in failed]
    details = [summary] + [_error_line(p.error, p.account.name) for p in failed]
    return result(
        "member_roles",
        "fail",
        details,
        fix=_member_role_fix(facts, errors),
        code=errors[0].code,
        account_ids=[p.account.id for p in failed],
        blocks_chain=not facts.reachable(),
    )


def _member_role_fix(facts: Facts, errors: list[SyncError]) -> str:
    denied = [e.account_id for e in errors if e.code in ACCESS_DENIED]
    other = _hints([e for e in errors if e.code not in ACCESS_DENIED])
    if not denied:
        return other
    role = f"{facts.settings.member_role_name} in account(s) {', '.join(denied)}"
    extra = f", or {MEMBER_ROLE_STACKSET} for whole OUs (it never deploys to the management account)"
    principal = trust_principal(facts.caller().arn)
    fix = trust_fix(role, principal, facts.settings.external_id, MEMBER_ROLE_TEMPLATE, extra)
    return f"{fix}\n{other}" if other else fix


def check_regions(facts: Facts) -> CheckResult:
    """Enabled regions vs region_policy: what will be synced. Region names were validated at config load."""
    probes = facts.resolve_regions()
    if not probes:
        return result("regions", "skipped", ["no reachable account"], blocks_chain=False)
    failed = [p.regions_error for p in probes if p.regions_error]
    ok = [p for p in probes if p.synced is not None]
    synced = Counter(r for p in ok for r in p.synced)
    listed = ", ".join(f"{r} ({n} account(s))" for r, n in sorted(synced.items())) or "none"
    details = [f"will sync {len(synced)} region(s): {listed}"] + [_error_line(e) for e in failed]
    warnings = _region_warnings(facts, ok)
    details += warnings
    if failed:
        return result(
            "regions",
            "fail",
            details,
            fix=_hints(failed),
            code=failed[0].code,
            account_ids=[e.account_id for e in failed],
            blocks_chain=not ok,
        )
    if warnings:
        return result(
            "regions",
            "warn",
            details,
            fix=(
                "an opt-in region must be enabled in the account (AWS console > Account > AWS Regions) before it can "
                "be synced; otherwise drop it from aws.region_policy"
            ),
        )
    return result("regions", "ok", details)


def _region_warnings(facts: Facts, probes: list[AccountProbe]) -> list[str]:
    """The policy leaves nothing, or allows a (valid) region no account has enabled."""
    empty = [p.account.id for p in probes if not p.synced]
    warnings = []
    if probes and len(empty) == len(probes):
        warnings.append("region_policy leaves no region in any account: only global kinds (e.g. S3) are read")
    elif empty:
        warnings.append(f"region_policy leaves no region in account(s) {', '.join(empty)}")
    enabled = {r for p in probes for r in p.enabled or []}
    unused = [r for r in facts.settings.region_policy.allow if r not in enabled]
    if probes and unused:
        warnings.append(f"region_policy.allow: {', '.join(unused)} not enabled in any reachable account")
    return warnings


def check_sample_reads(facts: Facts) -> CheckResult:
    """One real read per mapped kind per reachable account: the permissions a sync needs, tried now."""
    if not facts.plans:
        return not_applicable("sample_reads", "the mapping names no resource kind to read")
    reads = facts.run_sample_reads()
    unread = [p.regions_error for p in facts.reachable() if p.regions_error]
    if not reads and not unread:
        return result("sample_reads", "skipped", ["no reachable account with known regions"], blocks_chain=False)
    failed = [(p, r) for p, r in reads if not r.ok]
    counts: Counter[str] = Counter()
    for _, read in reads:
        counts[read.kind] += read.count
    accounts = {p.account.id for p, _ in reads}
    details = [
        f"{len(reads)} reads of {len(counts)} mapped kind(s) in {len(accounts)} account(s): "
        + ", ".join(f"{kind} {n}" for kind, n in counts.items())
    ]
    details += [f"account {p.account.id}, region {r.region}, kind {r.kind}: {r.code}: {r.message}" for p, r in failed]
    details += [f"{_error_line(e)} (no reads: regions unknown)" for e in unread]
    if not failed and not unread:
        return result("sample_reads", "ok", details)
    fix = "; ".join(dict.fromkeys(r.hint for _, r in failed if r.hint)) or _hints(unread)
    code = failed[0][1].code if failed else unread[0].code
    failing = sorted({p.account.id for p, _ in failed} | {e.account_id for e in unread})
    return result("sample_reads", "fail", details, fix=fix, code=code, account_ids=failing, blocks_chain=False)


def check_sync_size(facts: Facts) -> CheckResult:
    """Partitions x mapped kinds a full sync reads, the usual reason a sync is slow."""
    probes = [p for p in facts.resolve_regions() if p.synced is not None]
    regional = [p for p in facts.plans if not p.kind.is_global]
    global_kinds = len(facts.plans) - len(regional)
    partitions = sum(len(keys_for_account(p.account.id, p.synced)) for p in probes)
    reads = sum(sum(1 for r in p.synced for plan in regional if plan.allows_region(r)) + global_kinds for p in probes)
    widest = max((len(p.synced) for p in probes), default=0)
    details = [
        f"{len(probes)} account(s) x synced regions = {partitions} partitions, "
        f"{reads} kind reads per full sync ({len(facts.plans)} mapped kinds, up to {widest} region(s) in one account)"
    ]
    if not facts.settings.region_policy.allow and widest > 4:
        details.append(f"region_policy.allow is empty: every enabled region is read ({widest})")
        return result(
            "sync_size",
            "warn",
            details,
            fix=("set aws.region_policy.allow to the regions you use; each region adds one partition per account"),
        )
    return result("sync_size", "ok", details)


STEPS: dict[str, Callable[[Facts], CheckResult]] = {
    "credentials": check_credentials,
    "organization_role": check_organization_role,
    "organizations": check_organizations,
    "target_ous": check_target_ous,
    "member_roles": check_member_roles,
    "regions": check_regions,
    "sample_reads": check_sample_reads,
    "sync_size": check_sync_size,
    "port": port_checks.check_port,
    "unowned_entities": port_checks.check_unowned_entities,
    "blocked_deletions": port_checks.check_blocked_deletions,
}


def run_checks(facts: Facts, names: list[str]) -> list[CheckResult]:
    """In order; after a blocking AWS failure the rest of the AWS chain is skipped (Port is its own chain)."""
    results: list[CheckResult] = []
    broken = False
    for name in names:
        if broken and name in AWS_CHAIN:
            results.append(result(name, "skipped", [CHAIN_SKIPPED], blocks_chain=False))
            continue
        outcome = _run_step(facts, name)
        results.append(outcome)
        broken = broken or (name in AWS_CHAIN and outcome.status == "fail" and outcome.blocks_chain)
    return results


def _run_step(facts: Facts, name: str) -> CheckResult:
    """A surprise error fails its step with the error code instead of crashing doctor."""
    try:
        return STEPS[name](facts)
    except Exception as exc:  # noqa: BLE001
        diagnosis = diagnose(exc)
        return result(name, "fail", [diagnosis.cause], fix=diagnosis.fix, code=diagnosis.code)
