"""Which accounts to sync, and in which regions.

Organizations is read with paginated list calls only; OU paths come from one walk
of the tree. Each account's member role is assumed once here to learn its enabled
regions, `aws.max_concurrent_accounts` at a time and failing per account (a failing
account is reported on its own record; the others are unaffected). The sessions share
the process's botocore data loader (`sessions.shared_loader`), so this is mostly waiting
on STS and the region calls, not parsing service models (issue 11: 100 accounts
24.5 -> 4.3 s here).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from dataclasses import field

import boto3
from botocore.exceptions import ClientError

from port_aws_pipeline.aws.calls import CallRecorder
from port_aws_pipeline.aws.errors import assume_role_error
from port_aws_pipeline.aws.errors import describe_error
from port_aws_pipeline.aws.regions import apply_region_policy
from port_aws_pipeline.aws.regions import enabled_regions
from port_aws_pipeline.aws.regions import home_region
from port_aws_pipeline.aws.sessions import CLIENT_CONFIG
from port_aws_pipeline.aws.sessions import AwsClients
from port_aws_pipeline.aws.sessions import assume_role_session
from port_aws_pipeline.aws.sessions import base_session
from port_aws_pipeline.aws.sessions import member_role_arn
from port_aws_pipeline.aws.sessions import partition_of_arn
from port_aws_pipeline.config import AwsSettings
from port_aws_pipeline.models import GLOBAL_REGION
from port_aws_pipeline.models import AwsAccount
from port_aws_pipeline.models import DiscoveredOrganization


@dataclass
class Caller:
    """Who the default credential chain says we are."""

    account_id: str
    arn: str
    partition: str
    session: boto3.Session = field(repr=False)


def identify_caller(recorder: CallRecorder | None = None) -> Caller:
    session = base_session()
    sts = session.client("sts", config=CLIENT_CONFIG)
    if recorder:
        recorder.attach(sts)
    identity = sts.get_caller_identity()
    return Caller(identity["Account"], identity["Arn"], partition_of_arn(identity["Arn"]), session)


def is_already_role(caller: Caller, account_id: str, role_name: str) -> bool:
    """IRSA or an instance already running as the member role needs no second hop."""
    return caller.account_id == account_id and f":assumed-role/{role_name}/" in caller.arn


def member_session(
    caller: Caller, account_id: str, settings: AwsSettings, recorder: CallRecorder | None
) -> boto3.Session:
    """A session in one member account whose credentials renew themselves (raises the AssumeRole error as is)."""
    if is_already_role(caller, account_id, settings.member_role_name):
        return caller.session
    return assume_role_session(
        caller.session,
        member_role_arn(caller.partition, account_id, settings.member_role_name),
        external_id=settings.external_id,
        session_name=settings.role_session_name,
        recorder=recorder,
    )


def member_clients(caller: Caller, account_id: str, settings: AwsSettings, recorder: CallRecorder | None) -> AwsClients:
    """Clients for one member account (raises the AssumeRole error as is)."""
    session = member_session(caller, account_id, settings, recorder)
    return AwsClients(session=session, account_id=account_id, partition=caller.partition, recorder=recorder)


# --- Organizations ---------------------------------------------------------------------------


def _paginate(client, operation: str, key: str, **kwargs) -> list[dict]:
    return [item for page in client.get_paginator(operation).paginate(**kwargs) for item in page.get(key, [])]


def _account_status(raw: dict) -> str:
    return raw.get("Status") or raw.get("State") or "ACTIVE"


def _parent(parent_id: str) -> dict[str, str]:
    """A `ListParents` entry, known from the tree walk without calling it."""
    return {"Id": parent_id, "Type": "ROOT" if parent_id.startswith("r-") else "ORGANIZATIONAL_UNIT"}


def _account_from_org(raw: dict, ou_path: str, parent_id: str | None = None) -> AwsAccount:
    joined = raw.get("JoinedTimestamp")
    return AwsAccount(
        id=raw["Id"],
        name=raw.get("Name", ""),
        email=raw.get("Email", ""),
        status=_account_status(raw),
        state=raw.get("State"),
        arn=raw.get("Arn", ""),
        joined_timestamp=joined.isoformat() if hasattr(joined, "isoformat") else joined,
        joined_method=raw.get("JoinedMethod"),
        ou_path=ou_path,
        parents=[_parent(parent_id)] if parent_id else [],
    )


def walk_organizational_unit(org, parent_id: str, path: str) -> list[AwsAccount]:
    """Accounts directly under `parent_id` and, recursively, under its nested OUs."""
    accounts = [
        _account_from_org(a, path, parent_id)
        for a in _paginate(org, "list_accounts_for_parent", "Accounts", ParentId=parent_id)
    ]
    for ou in _paginate(org, "list_organizational_units_for_parent", "OrganizationalUnits", ParentId=parent_id):
        accounts += walk_organizational_unit(org, ou["Id"], f"{path}/{ou['Name']}")
    return accounts


def ou_path_of(org, ou_id: str) -> str:
    """Names from the root down to `ou_id`, e.g. `Root/Workloads/Prod`."""
    names: list[str] = []
    current = ou_id
    while True:
        if current.startswith("r-"):
            names.append("Root")
            break
        names.append(org.describe_organizational_unit(OrganizationalUnitId=current)["OrganizationalUnit"]["Name"])
        current = org.list_parents(ChildId=current)["Parents"][0]["Id"]
    return "/".join(reversed(names))


def accounts_under_ous(org, target_ou_ids: list[str]) -> list[AwsAccount]:
    """Every account under the target OUs, nested OUs included, each once."""
    found: dict[str, AwsAccount] = {}
    for ou_id in target_ou_ids:
        for account in walk_organizational_unit(org, ou_id, ou_path_of(org, ou_id)):
            found.setdefault(account.id, account)
    return list(found.values())


def all_organization_accounts(org) -> list[AwsAccount]:
    """`ListAccounts` for the account set, the tree walk only for OU paths and parents."""
    placed: dict[str, AwsAccount] = {}
    for root in _paginate(org, "list_roots", "Roots"):
        for account in walk_organizational_unit(org, root["Id"], "Root"):
            placed[account.id] = account
    accounts = []
    for raw in _paginate(org, "list_accounts", "Accounts"):
        where = placed.get(raw["Id"])
        account = _account_from_org(raw, where.ou_path if where else "Root")
        accounts.append(account.model_copy(update={"parents": where.parents}) if where else account)
    return accounts


def tag_accounts(org, accounts: list[AwsAccount], workers: int) -> list[AwsAccount]:
    """Each account's Organizations tags (`ListTagsForResource`, one paginated call per account, concurrently);
    an account whose tags cannot be read keeps `Tags` null rather than failing discovery."""

    def tagged(account: AwsAccount) -> AwsAccount:
        try:
            tags = _paginate(org, "list_tags_for_resource", "Tags", ResourceId=account.id)
        except ClientError:
            tags = None
        return account.model_copy(update={"tags": tags})

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(tagged, accounts))


def list_candidate_accounts(
    caller: Caller, settings: AwsSettings, recorder: CallRecorder | None, *, with_tags: bool = False
) -> tuple[str, list[AwsAccount]]:
    """(source, accounts) before the ACTIVE filter and region lookup; `with_tags`: Organizations tags of the
    ACTIVE ones too (the account kind's optional `ListTagsForResourceAction`)."""
    if settings.single_account:
        return "single_account", [AwsAccount(id=caller.account_id, name=caller.account_id, partition=caller.partition)]
    if settings.account_ids:
        return "account_ids", [AwsAccount(id=a, name=a, partition=caller.partition) for a in settings.account_ids]
    session = caller.session
    if settings.organization_role_arn:
        session = assume_role_session(
            session,
            settings.organization_role_arn,
            external_id=settings.external_id,
            session_name=settings.role_session_name,
            recorder=recorder,
        )
    org = session.client("organizations", region_name=home_region(caller.partition), config=CLIENT_CONFIG)
    if recorder:
        recorder.attach(org)
    if settings.target_ou_ids:
        accounts = accounts_under_ous(org, settings.target_ou_ids)
        source = "target_ous"
    else:
        accounts = all_organization_accounts(org)
        source = "organizations"
    for account in accounts:
        account.partition = caller.partition
    if with_tags:
        active = tag_accounts(org, [a for a in accounts if a.status == "ACTIVE"], settings.max_concurrent_accounts)
        accounts = active + [a for a in accounts if a.status != "ACTIVE"]
    return source, accounts


# --- regions per account -------------------------------------------------------------------


def resolve_account_regions(
    caller: Caller, account: AwsAccount, settings: AwsSettings, recorder: CallRecorder | None
) -> AwsAccount:
    """Assume the member role and record enabled regions after the policy; errors stay on the account."""
    role_arn = member_role_arn(caller.partition, account.id, settings.member_role_name)
    try:
        clients = member_clients(caller, account.id, settings, recorder)
    except Exception as exc:  # noqa: BLE001 - any failure is this account's alone
        return account.model_copy(update={"error": assume_role_error(exc, account_id=account.id, role_arn=role_arn)})
    try:
        regions = apply_region_policy(enabled_regions(clients), settings.region_policy)
    except Exception as exc:  # noqa: BLE001
        error = describe_error(exc, account_id=account.id, region="*", kind="account:ListRegions", role=role_arn)
        return account.model_copy(update={"error": error})
    return account.model_copy(update={"regions": regions})


def discover_accounts(
    settings: AwsSettings, recorder: CallRecorder | None = None, *, with_tags: bool = False
) -> DiscoveredOrganization:
    """Accounts to sync (ACTIVE only) with their regions; raises if the account source itself fails."""
    recorder = recorder or CallRecorder()
    caller = identify_caller(recorder)
    source, candidates = list_candidate_accounts(caller, settings, recorder, with_tags=with_tags)
    active = [a for a in candidates if a.status == "ACTIVE"]
    with ThreadPoolExecutor(max_workers=settings.max_concurrent_accounts) as pool:
        accounts = list(pool.map(lambda a: resolve_account_regions(caller, a, settings, recorder), active))
    regions = sorted({r for a in accounts for r in a.regions}) + [GLOBAL_REGION]
    return DiscoveredOrganization(
        accounts=sorted(accounts, key=lambda a: a.id),
        source=source,
        regions=regions,
        api_calls=dict(recorder.counts),
    )
