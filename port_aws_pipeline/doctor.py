"""`port-aws-pipeline doctor`: guided troubleshooting for self-hosted installs.

The checks walk the chain a sync walks (credentials -> organization role -> Organizations
-> target OUs -> member role per account -> regions -> sample reads) and stop explaining
at the first broken link, so the first fix printed is the one to make. Port is a chain
of its own. Every AWS client is created by the pipeline's own helpers or attached to
the same `CallRecorder`, so the read-only guard and test hooks apply here too.
"""

from __future__ import annotations

import difflib
import json
import sys
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Literal, TextIO

import boto3
from pydantic import BaseModel, Field, computed_field

from port_aws_pipeline.aws.calls import CallRecorder
from port_aws_pipeline.aws.discovery import Caller, identify_caller, list_candidate_accounts, member_clients, ou_path_of
from port_aws_pipeline.aws.errors import HINTS, assume_role_error, describe_error
from port_aws_pipeline.reader import KindPlan, read_kind
from port_aws_pipeline.aws.regions import apply_region_policy, enabled_regions, home_region
from port_aws_pipeline.aws.sessions import (
    CLIENT_CONFIG,
    AwsClients,
    assume_role_session,
    base_session,
    credential_source,
    member_role_arn,
)
from port_aws_pipeline.config import OU_ID_PATTERN, AppConfig, AwsSettings
from port_aws_pipeline.kinds import ReadContext, ResourceKind, registered_kinds
from port_aws_pipeline.kinds.base import paginate
from port_aws_pipeline.models import GLOBAL_REGION, AwsAccount, SyncError
from port_aws_pipeline.port.blueprints import load_blueprints
from port_aws_pipeline.port.client import PortApiError, PortClient

Status = Literal["ok", "fail", "warn", "skipped"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
CHAIN_SKIPPED = "skipped: fix the step above first"
ACCESS_DENIED = {"AccessDenied", "AccessDeniedException"}
OU_NOT_FOUND = {"OrganizationalUnitNotFoundException", "ParentNotFoundException", "TargetNotFoundException"}
MEMBER_ROLE_TEMPLATE = "deploy/cloudformation/port-ocean-read-role.yaml"
MEMBER_ROLE_STACKSET = "deploy/cloudformation/port-ocean-read-role-stackset.yaml"
ORG_ROLE_TEMPLATE = "deploy/cloudformation/port-organizations-role.yaml"

TITLES = {
    "credentials": "AWS credentials",
    "organization_role": "organization role",
    "organizations": "AWS Organizations",
    "target_ous": "target OUs",
    "member_roles": "member role in every account",
    "regions": "regions",
    "sample_reads": "sample reads",
    "sync_size": "sync size",
    "port": "Port API",
}
#: Checks that depend on AWS credentials; a failure here skips the rest of this chain.
AWS_CHAIN = [name for name in TITLES if name != "port"]
DEFAULT_CHECKS = [name for name in TITLES if name != "sync_size"]

#: `Credentials.method` from botocore's default chain, in words.
CREDENTIAL_SOURCES = {
    "env": "environment variables (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)",
    "explicit": "keys passed explicitly to the session",
    "shared-credentials-file": "shared credentials file (~/.aws/credentials, AWS_PROFILE)",
    "config-file": "keys in ~/.aws/config (AWS_PROFILE)",
    "custom-process": "credential_process of a profile in ~/.aws/config",
    "assume-role": "role assumed by a profile (role_arn in ~/.aws/config)",
    "assume-role-with-web-identity": "web identity token (EKS IRSA: AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE)",
    "sso": "AWS IAM Identity Center (SSO) profile",
    "container-role": "ECS task role (container credentials endpoint)",
    "iam-role": "EC2 instance profile (instance metadata service)",
    "boto2-config": "boto2 config file",
    "none": "no credentials",
}
NO_CREDENTIALS_FIX = (
    "give the pipeline AWS credentials: locally `export AWS_PROFILE=<profile>` (after `aws sso login` for SSO) or "
    "AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY; on ECS set the task definition's taskRoleArn (PortOceanTaskRole); "
    "on EC2 attach the instance profile PortOceanInstanceRole (hop limit 2 for containers); on EKS annotate the "
    "service account with eks.amazonaws.com/role-arn (IRSA)"
)
ORG_ACCESS_FIX = (
    "Organizations answers only the management account or a delegated administrator: set aws.organization_role_arn "
    f"to PortOrganizationsReadRole in the management account ({ORG_ROLE_TEMPLATE}); the identity calling "
    "Organizations needs organizations:List* and organizations:Describe*"
)
PORT_CREDENTIALS_FIX = (
    "copy a client id and secret from Port > Settings > Credentials into PORT_CLIENT_ID / PORT_CLIENT_SECRET "
    "(they override port.client_id / port.client_secret in the file); credentials only work on their own region's "
    "API: port.base_url https://api.port.io (EU) or https://api.us.port.io (US), or PORT_BASE_URL"
)


# --- the report ---------------------------------------------------------------------------


class CheckResult(BaseModel):
    """One diagnostic step: what was found and, when it failed, what to change."""

    name: str
    title: str
    status: Status
    details: list[str] = Field(default_factory=list)
    fix: str = ""
    code: str | None = None  # AWS error code (or Port HTTP status) of the first failure
    account_ids: list[str] = Field(default_factory=list)  # accounts the failure is about
    blocks_chain: bool = Field(default=True, exclude=True)


class ReadResult(BaseModel):
    """One sample read of one kind in one account."""

    kind: str
    region: str
    count: int = 0
    code: str | None = None
    message: str | None = None
    hint: str = ""

    @property
    def ok(self) -> bool:
        return self.code is None


class AccountRow(BaseModel):
    """One ACTIVE account: member role, regions and sample reads."""

    account_id: str
    name: str = ""
    ou_path: str = ""
    member_role: Status = "skipped"
    error_code: str | None = None
    error_message: str | None = None
    enabled_regions: list[str] | None = None
    synced_regions: list[str] | None = None
    reads: list[ReadResult] = Field(default_factory=list)


class DoctorReport(BaseModel):
    config_path: str | None = None
    problem: str | None = None
    notes: list[str] = Field(default_factory=list)
    checks: list[CheckResult] = Field(default_factory=list)
    accounts: list[AccountRow] = Field(default_factory=list)

    @computed_field
    @property
    def ok(self) -> bool:
        return all(c.status != "fail" for c in self.checks)

    @computed_field
    @property
    def exit_code(self) -> int:
        return EXIT_OK if self.ok else EXIT_FAILED


def _result(name: str, status: Status, details: list[str] | None = None, **extra) -> CheckResult:
    return CheckResult(name=name, title=TITLES[name], status=status, details=details or [], **extra)


def _not_applicable(name: str, why: str) -> CheckResult:
    return _result(name, "skipped", [f"not applicable: {why}"], blocks_chain=False)


# --- state shared by the steps ---------------------------------------------------------------


@dataclass
class AccountProbe:
    """What the doctor learned about one account; `clients` is None when the role failed."""

    account: AwsAccount
    role_arn: str
    clients: AwsClients | None = None
    error: SyncError | None = None
    enabled: list[str] | None = None
    synced: list[str] | None = None
    regions_error: SyncError | None = None
    reads: list[ReadResult] = field(default_factory=list)

    def row(self) -> AccountRow:
        return AccountRow(
            account_id=self.account.id, name=self.account.name, ou_path=self.account.ou_path,
            member_role="fail" if self.error else "ok",
            error_code=self.error.code if self.error else None, error_message=self.error.message if self.error else None,
            enabled_regions=self.enabled, synced_regions=self.synced, reads=self.reads,
        )


@dataclass
class Doctor:
    """Lazily computed facts (caller, org client, accounts) so any subset of checks can run."""

    config: AppConfig
    recorder: CallRecorder = field(default_factory=CallRecorder)
    _caller: Caller | None = None
    _org_session: boto3.Session | None = None
    _org_client: object = None
    probes: list[AccountProbe] | None = None
    suspended: list[AwsAccount] = field(default_factory=list)
    source: str = ""

    @property
    def settings(self) -> AwsSettings:
        return self.config.aws

    def caller(self) -> Caller:
        if self._caller is None:
            self._caller = identify_caller(self.recorder)
        return self._caller

    def organizations_session(self) -> boto3.Session:
        """The org role's session when one is configured, else the caller's."""
        if self._org_session is None:
            arn = self.settings.organization_role_arn
            self._org_session = assume_role_session(
                self.caller().session, arn, external_id=self.settings.external_id,
                session_name=self.settings.role_session_name, recorder=self.recorder,
            ) if arn else self.caller().session
        return self._org_session

    def organizations(self):
        """An Organizations client like discovery's, attached to the recorder (guard + hooks)."""
        if self._org_client is None:
            client = self.organizations_session().client(
                "organizations", region_name=home_region(self.caller().partition), config=CLIENT_CONFIG)
            self.recorder.attach(client)
            self._org_client = client
        return self._org_client

    def reachable(self) -> list[AccountProbe]:
        return [p for p in self.probes or [] if p.clients]

    def probe_accounts(self) -> list[AccountProbe]:
        """Assume the member role in every ACTIVE account, bounded by max_concurrent_accounts."""
        if self.probes is None:
            self.source, candidates = list_candidate_accounts(self.caller(), self.settings, self.recorder)
            active = [a for a in candidates if a.status == "ACTIVE"]
            self.suspended = [a for a in candidates if a.status != "ACTIVE"]
            with ThreadPoolExecutor(max_workers=self.settings.max_concurrent_accounts) as pool:
                self.probes = sorted(pool.map(self._assume, active), key=lambda p: p.account.id)
        return self.probes

    def _assume(self, account: AwsAccount) -> AccountProbe:
        caller = self.caller()
        probe = AccountProbe(account, member_role_arn(caller.partition, account.id, self.settings.member_role_name))
        try:
            probe.clients = member_clients(caller, account.id, self.settings, self.recorder)
        except Exception as exc:  # noqa: BLE001 - one account's failure is reported, never spread
            probe.error = assume_role_error(exc, account_id=account.id, role_arn=probe.role_arn)
        return probe

    def resolve_regions(self) -> list[AccountProbe]:
        """Enabled regions (and the policy's result) of every reachable account, once."""
        pending = [p for p in self.reachable() if p.enabled is None and p.regions_error is None]
        with ThreadPoolExecutor(max_workers=self.settings.max_concurrent_accounts) as pool:
            list(pool.map(self._regions_of, pending))
        return self.reachable()

    def _regions_of(self, probe: AccountProbe) -> None:
        try:
            probe.enabled = enabled_regions(probe.clients)
        except Exception as exc:  # noqa: BLE001
            probe.regions_error = describe_error(exc, account_id=probe.account.id, region="*",
                                                 kind="account:ListRegions", role=probe.role_arn)
            return
        probe.synced = apply_region_policy(probe.enabled, self.settings.region_policy)


# --- pure helpers ------------------------------------------------------------------------------


def is_multi_account(settings: AwsSettings) -> bool:
    return not settings.single_account and not settings.account_ids


def credential_source_name(method: str) -> str:
    return CREDENTIAL_SOURCES.get(method, method)


def trust_principal(caller_arn: str) -> str:
    """The ARN a trust policy names: the role behind an assumed-role session, else the identity itself."""
    parts = caller_arn.split(":", 5)
    partition, account, resource = parts[1], parts[4], parts[5]
    if resource.startswith("assumed-role/"):
        return f"arn:{partition}:iam::{account}:role/{resource.split('/')[1]}"
    return f"arn:{partition}:iam::{account}:{resource}"


def trust_policy(principal: str, external_id: str | None) -> dict:
    """The trust policy statement a role needs so the pipeline's identity may assume it."""
    statement: dict = {"Effect": "Allow", "Principal": {"AWS": principal}, "Action": "sts:AssumeRole"}
    if external_id:
        statement["Condition"] = {"StringEquals": {"sts:ExternalId": external_id}}
    return {"Version": "2012-10-17", "Statement": [statement]}


def _sso_note(principal: str) -> str:
    if ":role/AWSReservedSSO_" in principal:
        return "; SSO roles live under a path: use .../role/aws-reserved/sso.amazonaws.com/<name> (aws iam get-role shows it)"
    return ""


def trust_fix(role_desc: str, principal: str, external_id: str | None, template: str, extra: str = "") -> str:
    """Which trust policy to apply, as JSON, and which template deploys it."""
    params = f"TrustedPrincipalArn={principal}" + (f" ExternalId={external_id}" if external_id else "")
    snippet = json.dumps(trust_policy(principal, external_id), indent=2)
    return (
        f"{role_desc} must trust the pipeline's identity {principal}{_sso_note(principal)}. Trust policy:\n{snippet}\n"
        f"Deploy it with {template} ({params}){extra}; the identity itself also needs permission for sts:AssumeRole on that role."
    )


def region_typos(policy_regions: list[str], enabled_anywhere: set[str], known: set[str]) -> list[str]:
    """Policy entries that match no enabled region, with a `did you mean` when one is close."""
    problems = []
    for region in policy_regions:
        if region in enabled_anywhere:
            continue
        close = difflib.get_close_matches(region, sorted(known | enabled_anywhere), n=1, cutoff=0.75)
        guess = f" (did you mean {close[0]}?)" if close and close[0] != region else ""
        what = "is not enabled in any account" if region in known else "is not an AWS region"
        problems.append(f"{region} {what}{guess}")
    return problems


def known_regions(partition: str) -> set[str]:
    """Every region botocore knows in the partition (offline data, no call)."""
    session = boto3.Session()
    return {r for service in ("ec2", "sts") for r in session.get_available_regions(service, partition_name=partition)}


def _error_line(error: SyncError, name: str = "") -> str:
    who = f"account {error.account_id}" + (f" ({name})" if name and name != error.account_id else "")
    where = "" if error.region == "*" else f", region {error.region}"
    return f"{who}{where}: {error.code}: {error.message}"


def _hints(errors: list[SyncError]) -> str:
    return "; ".join(dict.fromkeys(e.hint for e in errors if e.hint))


# --- the steps ---------------------------------------------------------------------------------


def check_credentials(doc: Doctor) -> CheckResult:
    """Which link of boto3's chain gave credentials, and whether STS accepts them."""
    try:
        caller = doc.caller()
    except Exception as exc:  # noqa: BLE001
        method = credential_source(base_session())
        error = describe_error(exc, account_id="-", region="*", kind="sts:GetCallerIdentity")
        found = f"found: {credential_source_name(method)} [{method}]"
        fix = NO_CREDENTIALS_FIX if method == "none" else (error.hint or f"the {credential_source_name(method)} were rejected; refresh or replace them")
        return _result("credentials", "fail", [found, f"sts:GetCallerIdentity: {error.code}: {error.message}"], fix=fix, code=error.code)
    method = credential_source(caller.session)
    return _result("credentials", "ok", [
        f"found: {credential_source_name(method)} [{method}]",
        f"caller: {caller.arn} (account {caller.account_id})",
    ])


def check_organization_role(doc: Doctor) -> CheckResult:
    """The role Organizations is called with must trust the caller."""
    arn = doc.settings.organization_role_arn
    if not arn:
        return _not_applicable("organization_role", "aws.organization_role_arn is not set; Organizations is called with the caller's credentials")
    if not is_multi_account(doc.settings):
        return _not_applicable("organization_role", "aws.organization_role_arn is set but unused without Organizations discovery")
    try:
        doc.organizations_session()
    except Exception as exc:  # noqa: BLE001
        account_id = arn.split(":")[4]
        error = assume_role_error(exc, account_id=account_id, role_arn=arn)
        principal = trust_principal(doc.caller().arn)
        fix = trust_fix(arn, principal, doc.settings.external_id, ORG_ROLE_TEMPLATE) if error.code in ACCESS_DENIED else error.hint
        return _result("organization_role", "fail", [f"sts:AssumeRole {arn}: {error.code}: {error.message}"],
                       fix=fix, code=error.code, account_ids=[account_id])
    return _result("organization_role", "ok", [f"assumed {arn}" + (" with ExternalId" if doc.settings.external_id else "")])


def check_organizations(doc: Doctor) -> CheckResult:
    """DescribeOrganization and ListRoots prove discovery can list accounts."""
    if not is_multi_account(doc.settings):
        why = "aws.single_account is true" if doc.settings.single_account else "aws.account_ids lists the accounts"
        return _not_applicable("organizations", why)
    try:
        org = doc.organizations()
        described = org.describe_organization()["Organization"]
        roots = [r["Id"] for r in org.list_roots()["Roots"]]
    except Exception as exc:  # noqa: BLE001
        error = describe_error(exc, account_id="-", region="*", kind="organizations")
        who = doc.settings.organization_role_arn or doc.caller().arn
        fix = ORG_ACCESS_FIX if error.code in ACCESS_DENIED else error.hint
        return _result("organizations", "fail", [f"called as {who}: {error.code}: {error.message}"], fix=fix, code=error.code)
    return _result("organizations", "ok", [
        f"organization {described['Id']}, management account {described.get('MasterAccountId', '?')}, "
        f"feature set {described.get('FeatureSet', '?')}, roots {', '.join(roots)}",
    ])


def _existing_ous(org) -> list[str]:
    """`path (id)` of the OUs that exist, to copy a right id from."""
    found: list[str] = []

    def walk(parent: str, path: str) -> None:
        for ou in paginate(org, "list_organizational_units_for_parent", "OrganizationalUnits", ParentId=parent):
            found.append(f"{path}/{ou['Name']} ({ou['Id']})")
            if len(found) < 30:
                walk(ou["Id"], f"{path}/{ou['Name']}")

    for root in paginate(org, "list_roots", "Roots"):
        walk(root["Id"], "Root")
    return found[:30]


def check_target_ous(doc: Doctor) -> CheckResult:
    """Every target OU is well formed and exists; a wrong id silently syncs nothing."""
    ids = doc.settings.target_ou_ids
    if not ids:
        return _not_applicable("target_ous", "aws.target_ou_ids is empty; every ACTIVE account is synced")
    org = doc.organizations()
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
        return _result("target_ous", "ok", details)
    fix = HINTS["ParentNotFoundException"] if missing else HINTS.get(codes[0], "")
    if missing:
        existing = _existing_ous(org)
        fix = f"{', '.join(missing)}: {fix}" + (f". Existing OUs: {'; '.join(existing)}" if existing else "")
    return _result("target_ous", "fail", details, fix=fix, code=codes[0] if codes else None)


def check_member_roles(doc: Doctor) -> CheckResult:
    """Assume the member role in every ACTIVE account; each failure is that account's alone."""
    try:
        probes = doc.probe_accounts()
    except Exception as exc:  # noqa: BLE001
        error = describe_error(exc, account_id="-", region="*", kind="discovery")
        return _result("member_roles", "fail", [f"listing accounts failed: {error.code}: {error.message}"],
                       fix=error.hint or "run `port-aws-pipeline doctor --problem accounts-missing`", code=error.code)
    suspended = f"; {len(doc.suspended)} SUSPENDED skipped by design" if doc.suspended else ""
    summary = f"{len(doc.reachable())} of {len(probes)} ACTIVE accounts reachable as {doc.settings.member_role_name} (source: {doc.source}{suspended})"
    if not probes:
        return _result("member_roles", "fail", [summary],
                       fix="no ACTIVE account to sync: check aws.target_ou_ids / aws.account_ids")
    failed = [p for p in probes if p.error]
    if not failed:
        return _result("member_roles", "ok", [summary])
    errors = [p.error for p in failed]
    details = [summary] + [_error_line(p.error, p.account.name) for p in failed]
    return _result("member_roles", "fail", details, fix=_member_role_fix(doc, errors), code=errors[0].code,
                   account_ids=[p.account.id for p in failed], blocks_chain=not doc.reachable())


def _member_role_fix(doc: Doctor, errors: list[SyncError]) -> str:
    denied = [e.account_id for e in errors if e.code in ACCESS_DENIED]
    other = _hints([e for e in errors if e.code not in ACCESS_DENIED])
    if not denied:
        return other
    role = f"{doc.settings.member_role_name} in account(s) {', '.join(denied)}"
    extra = f", or {MEMBER_ROLE_STACKSET} for whole OUs (it never deploys to the management account)"
    fix = trust_fix(role, trust_principal(doc.caller().arn), doc.settings.external_id, MEMBER_ROLE_TEMPLATE, extra)
    return f"{fix}\n{other}" if other else fix


def check_regions(doc: Doctor) -> CheckResult:
    """Enabled regions vs region_policy: what will be synced, and policy entries that match nothing."""
    probes = doc.resolve_regions()
    if not probes:
        return _result("regions", "skipped", ["no reachable account"], blocks_chain=False)
    failed = [p.regions_error for p in probes if p.regions_error]
    ok = [p for p in probes if p.synced is not None]
    synced = Counter(r for p in ok for r in p.synced)
    details = [f"will sync {len(synced)} region(s): " + (", ".join(f"{r} ({n} account(s))" for r, n in sorted(synced.items())) or "none")]
    details += [_error_line(e) for e in failed]
    warnings = _region_warnings(doc, ok)
    details += warnings
    if failed:
        return _result("regions", "fail", details, fix=_hints(failed), code=failed[0].code,
                       account_ids=[e.account_id for e in failed], blocks_chain=not ok)
    if warnings:
        return _result("regions", "warn", details, fix="correct the region ids in aws.region_policy (e.g. eu-west-1); an opt-in region must also be "
                       "enabled in the account (AWS console > Account > AWS Regions) before it can be synced")
    return _result("regions", "ok", details)


def _region_warnings(doc: Doctor, probes: list[AccountProbe]) -> list[str]:
    policy = doc.settings.region_policy
    empty = [p.account.id for p in probes if not p.synced]
    warnings = []
    if probes and len(empty) == len(probes):
        warnings.append("region_policy leaves no region in any account: only global kinds (S3) are read")
    elif empty:
        warnings.append(f"region_policy leaves no region in account(s) {', '.join(empty)}")
    enabled = {r for p in probes for r in p.enabled or []}
    known = known_regions(doc.caller().partition)
    for key, regions in (("allow", policy.allow), ("deny", policy.deny)):
        warnings += [f"region_policy.{key}: {problem}" for problem in region_typos(regions, enabled, known)]
    return warnings


def _sample_contexts(probe: AccountProbe, partition: str) -> list[tuple[ResourceKind, ReadContext]]:
    """One read per kind: the first synced region, or the global context for global kinds."""
    regions = tuple(probe.synced or [])
    jobs = []
    for kind in registered_kinds().values():
        if kind.is_global:
            jobs.append((kind, ReadContext(probe.account.id, GLOBAL_REGION, partition, regions)))
        elif regions:
            jobs.append((kind, ReadContext(probe.account.id, regions[0], partition, regions)))
    return jobs


def _sample_read(probe: AccountProbe, kind: ResourceKind, ctx: ReadContext) -> ReadResult:
    read = read_kind(KindPlan(kind, kind.actions_for(None), lambda _region: True), probe.clients, ctx, probe.role_arn)
    if read.error:
        return ReadResult(kind=kind.kind, region=ctx.region, code=read.error.code, message=read.error.message, hint=read.error.hint)
    return ReadResult(kind=kind.kind, region=ctx.region, count=len(read.records))


def check_sample_reads(doc: Doctor) -> CheckResult:
    """One real read per kind per reachable account: the permissions a sync needs, tried now."""
    probes = doc.resolve_regions()
    partition = doc.caller().partition
    jobs = [(p, k, ctx) for p in probes if p.synced is not None for k, ctx in _sample_contexts(p, partition)]
    if not jobs:
        return _result("sample_reads", "skipped", ["no reachable account with known regions"], blocks_chain=False)
    with ThreadPoolExecutor(max_workers=doc.settings.max_concurrent_accounts) as pool:
        results = list(pool.map(lambda job: _sample_read(*job), jobs))
    for (probe, _, _), result in zip(jobs, results):
        probe.reads.append(result)
    failed = [(p, r) for (p, _, _), r in zip(jobs, results) if not r.ok]
    unread = [p.regions_error for p in probes if p.regions_error]
    counts = Counter()
    for r in results:
        counts[r.kind] += r.count
    details = [f"{len(results)} reads in {len({p.account.id for p, _, _ in jobs})} account(s): "
               + ", ".join(f"{kind} {n}" for kind, n in counts.items())]
    details += [f"account {p.account.id}, region {r.region}, kind {r.kind}: {r.code}: {r.message}" for p, r in failed]
    details += [f"{_error_line(e)} (no reads: regions unknown)" for e in unread]
    if not failed and not unread:
        return _result("sample_reads", "ok", details)
    fix = "; ".join(dict.fromkeys(r.hint for _, r in failed if r.hint)) or _hints(unread)
    code = failed[0][1].code if failed else unread[0].code
    accounts = sorted({p.account.id for p, _ in failed} | {e.account_id for e in unread})
    return _result("sample_reads", "fail", details, fix=fix, code=code, account_ids=accounts, blocks_chain=False)


def check_sync_size(doc: Doctor) -> CheckResult:
    """Partitions x kinds a full sync reads, the usual reason a sync is slow."""
    probes = [p for p in doc.resolve_regions() if p.synced is not None]
    regional = [k for k in registered_kinds().values() if not k.is_global]
    partitions = sum(len(p.synced) + 1 for p in probes)
    reads = sum(len(p.synced) * len(regional) + len(registered_kinds()) - len(regional) for p in probes)
    widest = max((len(p.synced) for p in probes), default=0)
    details = [f"{len(probes)} account(s) x (synced regions + global) = {partitions} partitions, "
               f"{reads} kind reads per full sync (up to {widest} regions in one account)"]
    if not doc.settings.region_policy.allow and widest > 4:
        return _result("sync_size", "warn", details + [f"region_policy.allow is empty: every enabled region is read ({widest})"],
                       fix="set aws.region_policy.allow to the regions you use; each region adds one partition per account")
    return _result("sync_size", "ok", details)


def check_port(doc: Doctor, blueprints: list[dict] | None = None) -> CheckResult:
    """A token from the client id/secret, then each blueprint the sync writes to."""
    port = doc.config.port
    empty = [f"port.{key} is empty" for key in ("client_id", "client_secret") if not getattr(port, key)]
    if empty:
        return _result("port", "fail", empty, fix=PORT_CREDENTIALS_FIX)
    client = PortClient(port.model_copy(update={"max_retries": min(port.max_retries, 1)}))  # diagnose fast
    try:
        client._access_token()  # the token call alone tells bad credentials from anything else
    except PortApiError as exc:
        return _result("port", "fail", [f"{port.base_url}: {exc}"], fix=_port_fix(exc, port.base_url), code=str(exc.status))
    wanted = [b["identifier"] for b in blueprints if b.get("identifier")] if blueprints is not None else []
    try:
        missing = [identifier for identifier in wanted if client.get_blueprint(identifier) is None]
    except PortApiError as exc:
        return _result("port", "fail", [f"reading blueprints: {exc}"], fix=_port_fix(exc, port.base_url), code=str(exc.status))
    details = [f"token from {port.base_url}: OK", f"blueprints present: {len(wanted) - len(missing)} of {len(wanted)}"]
    if missing:
        return _result("port", "warn", details + [f"missing: {', '.join(missing)}"],
                       fix="nothing to do: missing blueprints will be created on the first sync")
    return _result("port", "ok", details)


def _port_fix(exc: PortApiError, base_url: str) -> str:
    if exc.status in (401, 403) and "blueprints" not in str(exc):
        return PORT_CREDENTIALS_FIX
    if exc.status == 403:
        return "the Port credentials cannot read blueprints: use an organization admin's credentials (Port > Settings > Credentials)"
    if exc.status == 0:
        return f"cannot reach {base_url}: check port.base_url / PORT_BASE_URL, DNS, HTTPS_PROXY and egress to the Port API"
    return f"Port answered {exc.status}; retry, and check status.port.io if it persists"


STEPS: dict[str, Callable[[Doctor], CheckResult]] = {
    "credentials": check_credentials,
    "organization_role": check_organization_role,
    "organizations": check_organizations,
    "target_ous": check_target_ous,
    "member_roles": check_member_roles,
    "regions": check_regions,
    "sample_reads": check_sample_reads,
    "sync_size": check_sync_size,
}


# --- problems (--interactive) -----------------------------------------------------------------


class Problem(BaseModel):
    label: str
    checks: list[str]
    notes: list[str] = Field(default_factory=list)


def problems(config: AppConfig) -> dict[str, Problem]:
    """What a user may be experiencing, the checks that matter for it, and what is by design."""
    safety = config.safety
    aws = config.aws
    return {
        "accounts-missing": Problem(
            label="accounts are missing in Port",
            checks=["credentials", "organization_role", "organizations", "target_ous", "member_roles"],
            notes=[
                "SUSPENDED accounts are never synced, by design: only ACTIVE accounts are.",
                "With aws.target_ou_ids set, only accounts under those OUs (nested OUs included) are synced; accounts elsewhere are skipped by design.",
                "With aws.account_ids or aws.single_account, Organizations is not used: only those accounts are synced.",
            ],
        ),
        "resources-missing": Problem(
            label="resources are missing in Port",
            checks=["credentials", "member_roles", "regions", "sample_reads"],
            notes=[
                "Resources are read only in regions enabled in the account AND left by aws.region_policy (deny wins); "
                "S3 buckets are kept only when their own region is allowed.",
                "A mapping whose selector.query is false for a record drops it before Port: check the kind's selector in your "
                "port-app-config.yml (config key `mapping`; the default ships in the package).",
            ],
        ),
        "auth-errors": Problem(
            label="authentication errors",
            checks=["credentials", "organization_role", "member_roles", "port"],
            notes=["AWS: base credentials -> organization role -> member role in each account. Port: client id/secret -> token."],
        ),
        "entities-not-deleted": Problem(
            label="entities are not deleted from Port",
            checks=["credentials", "member_roles", "sample_reads"],
            notes=[
                "Only entities with the property awsSyncScope (written by this pipeline) are managed; entities created by hand are never deleted.",
                "An entity is deleted only when the read of its own scope (account x region x kind) completed without error: "
                "an incomplete read (denied, throttled, failed) blocks deletion in that scope. Failing scopes are listed below.",
                f"No deletion when it would remove more than safety.max_scope_delete_fraction ({safety.max_scope_delete_fraction}) "
                f"of a scope holding 10 or more entities, or when more than safety.max_account_loss_fraction "
                f"({safety.max_account_loss_fraction}) of the accounts vanish at once; the run's log and metadata say so.",
                "An entity another entity still points at (a relation) is not deleted; the sync reports it.",
            ],
        ),
        "sync-slow": Problem(
            label="the sync is slow",
            checks=["credentials", "member_roles", "regions", "sync_size"],
            notes=[
                "Work grows with accounts x synced regions x kinds: narrow aws.region_policy.allow to the regions you use.",
                f"Concurrency: aws.max_concurrent_accounts ({aws.max_concurrent_accounts}) during discovery, "
                f"aws.max_concurrent_kinds ({aws.max_concurrent_kinds}) inside one account x region, and "
                "`port-aws-pipeline sync --parallel N` partitions at once (default 4).",
                "Throttling (AWS or Port 429) slows everything: lower the concurrency, or set port.max_requests_per_second.",
            ],
        ),
    }


def parse_choice(answer: str, known: dict[str, Problem]) -> str | None:
    """`1`..`5` or a problem name."""
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


# --- running and rendering ----------------------------------------------------------------------


def run_checks(doc: Doctor, names: list[str], blueprints: list[dict] | None) -> list[CheckResult]:
    """In order; after a blocking AWS failure the rest of the AWS chain is skipped."""
    results: list[CheckResult] = []
    broken = False
    for name in names:
        if broken and name in AWS_CHAIN:
            results.append(_result(name, "skipped", [CHAIN_SKIPPED], blocks_chain=False))
            continue
        result = _run_step(doc, name, blueprints)
        results.append(result)
        broken = broken or (name in AWS_CHAIN and result.status == "fail" and result.blocks_chain)
    return results


def _run_step(doc: Doctor, name: str, blueprints: list[dict] | None) -> CheckResult:
    """A surprise error fails its step with the error code instead of crashing the doctor."""
    try:
        return check_port(doc, blueprints) if name == "port" else STEPS[name](doc)
    except Exception as exc:  # noqa: BLE001
        error = describe_error(exc, account_id="-", region="*", kind=name)
        return _result(name, "fail", [f"{error.code}: {error.message}"], fix=error.hint, code=error.code)


def run_doctor(config: AppConfig, *, checks: list[str] | None = None, problem: str | None = None,
               config_path: str | None = None) -> DoctorReport:
    """The report for `checks` (default: every step but sync_size), or for a problem's checks."""
    known = problems(config)
    names = known[problem].checks if problem else (checks or DEFAULT_CHECKS)
    names = [n for n in TITLES if n in names]
    blueprints = load_blueprints(config.blueprints) if "port" in names else None  # ConfigError: exit 2 up front
    doc = Doctor(config)
    results = run_checks(doc, names, blueprints)
    return DoctorReport(
        config_path=config_path, problem=problem, notes=known[problem].notes if problem else [],
        checks=results, accounts=[p.row() for p in doc.probes or []],
    )


MARKS = {"ok": "✔", "fail": "✖", "warn": "!", "skipped": "-"}
ASCII_MARKS = {"ok": "[ok]", "fail": "[FAIL]", "warn": "[warn]", "skipped": "[skip]"}


def marks_for(stream: TextIO) -> dict[str, str]:
    """Unicode marks when the terminal can print them, ASCII otherwise."""
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
    return f"{len(row.reads) - len(bad)}/{len(row.reads)} OK" + (f" ({', '.join(f'{r.kind}: {r.code}' for r in bad)})" if bad else "")


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
            regions = ", ".join(row.synced_regions) if row.synced_regions else ("none" if row.synced_regions == [] else "-")
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


def run_doctor_cli(config: AppConfig, *, config_path: str | None, as_json: bool, interactive: bool,
                   problem: str | None, out: TextIO | None = None) -> int:
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
    print(report.model_dump_json(indent=2) if as_json else render_text(report, marks_for(out)), file=out)
    return report.exit_code
