"""Builds an AWS Organization with resources in a local moto server (demo, tests, benchmark).

This is the only module that writes to AWS, and it refuses any endpoint that is not
on loopback: it exists to fill an emulator, never a real account.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from urllib.parse import urlparse

import boto3
from pydantic import BaseModel
from pydantic import Field

MANAGEMENT_ACCOUNT = "123456789012"
SEED_ROLE = "OrganizationAccountAccessRole"


class OrgSpec(BaseModel):
    """Accounts are spread over nested OUs: Root/Workloads/Prod, Root/Workloads/Dev, Root/Sandbox."""

    accounts: int = 4
    suspended: int = 1
    regions: list[str] = Field(default_factory=lambda: ["us-east-1", "eu-west-1"])
    per_kind: int = 2
    #: Seeder names (modules of this package), run in this order; empty means every seeder but the opt-in ones
    #: (`OPT_IN = True`: what they create makes a read fail on moto), in name order.
    kinds: list[str] = Field(default_factory=list)

    def selected_kinds(self) -> list[str]:
        unknown = set(self.kinds) - set(seeders())
        if unknown:
            raise ValueError(f"no seeder named {sorted(unknown)}; known: {sorted(seeders())}")
        return self.kinds or sorted(name for name, module in seeders().items() if not getattr(module, "OPT_IN", False))


class SeededAccount(BaseModel):
    id: str
    name: str
    ou_id: str
    ou_path: str
    status: str = "ACTIVE"


class SeededOrg(BaseModel):
    root_id: str
    ous: dict[str, str]  # path -> ou id
    accounts: list[SeededAccount]

    def active(self) -> list[SeededAccount]:
        return [a for a in self.accounts if a.status == "ACTIVE"]


def require_local_endpoint() -> None:
    endpoint = os.environ.get("AWS_ENDPOINT_URL", "")
    host = urlparse(endpoint).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise RuntimeError(
            f"seeding writes to AWS; AWS_ENDPOINT_URL must point at a local emulator, not {endpoint or 'real AWS'}"
        )


def account_session(account_id: str, region: str = "us-east-1") -> boto3.Session:
    """Credentials scoped to `account_id` (moto isolates resources by the assumed role's account)."""
    sts = boto3.client("sts", region_name=region)
    creds = sts.assume_role(RoleArn=f"arn:aws:iam::{account_id}:role/{SEED_ROLE}", RoleSessionName="seed")[
        "Credentials"
    ]
    return boto3.Session(
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
        region_name=region,
    )


def create_organization(spec: OrgSpec) -> SeededOrg:
    require_local_endpoint()
    org = boto3.client("organizations", region_name="us-east-1")
    org.create_organization(FeatureSet="ALL")
    root_id = org.list_roots()["Roots"][0]["Id"]
    ous: dict[str, str] = {}

    def make_ou(parent: str, name: str, path: str) -> str:
        ous[path] = org.create_organizational_unit(ParentId=parent, Name=name)["OrganizationalUnit"]["Id"]
        return ous[path]

    workloads = make_ou(root_id, "Workloads", "Root/Workloads")
    make_ou(workloads, "Prod", "Root/Workloads/Prod")
    make_ou(workloads, "Dev", "Root/Workloads/Dev")
    make_ou(root_id, "Sandbox", "Root/Sandbox")
    placement = ["Root/Workloads/Prod", "Root/Workloads/Dev", "Root/Sandbox", "Root/Workloads"]
    accounts = []
    for index in range(spec.accounts + spec.suspended):
        name = f"demo-{index:02d}"
        status = org.create_account(Email=f"{name}@example.com", AccountName=name)["CreateAccountStatus"]
        account_id = org.describe_create_account_status(CreateAccountRequestId=status["Id"])["CreateAccountStatus"][
            "AccountId"
        ]
        path = placement[index % len(placement)]
        org.move_account(AccountId=account_id, SourceParentId=root_id, DestinationParentId=ous[path])
        account = SeededAccount(id=account_id, name=name, ou_id=ous[path], ou_path=path)
        if index >= spec.accounts:
            org.close_account(AccountId=account_id)
            account.status = "SUSPENDED"
        accounts.append(account)
    return SeededOrg(root_id=root_id, ous=ous, accounts=accounts)


@dataclass(frozen=True)
class SeedContext:
    """What a seeder gets: a session scoped to one account and region, and what to name things."""

    session: boto3.Session
    account_id: str
    region: str
    prefix: str
    count: int
    tags: list[dict]  # [{Key, Value}]

    @property
    def tag_map(self) -> dict[str, str]:
        return {t["Key"]: t["Value"] for t in self.tags}

    @property
    def holds_global(self) -> bool:
        """Global resources (IAM, CloudFront, Route 53) are created once per account: from us-east-1."""
        return self.region == "us-east-1"

    def create_each(self, service: str, operation: str, params: Callable[[SeedContext, int], dict]) -> list[dict]:
        """`count` resources, one `operation` call each with `params(self, i)`: the answers, in order."""
        create = getattr(self.session.client(service), operation)
        return [create(**params(self, i)) for i in range(self.count)]


@dataclass(frozen=True)
class DefaultNetwork:
    """The region's default VPC (moto, like AWS, holds one in every account x region), its subnets and its default
    security group: seeders put resources there, so they relate to VPC, subnet and security-group entities."""

    vpc_id: str
    subnet_ids: list[str]
    group_id: str


def default_network(session: boto3.Session) -> DefaultNetwork:
    ec2 = session.client("ec2")
    vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    in_vpc = {"Name": "vpc-id", "Values": [vpc]}
    subnets = ec2.describe_subnets(Filters=[in_vpc])["Subnets"]
    group = ec2.describe_security_groups(Filters=[in_vpc, {"Name": "group-name", "Values": ["default"]}])
    return DefaultNetwork(vpc, [s["SubnetId"] for s in subnets], group["SecurityGroups"][0]["GroupId"])


@cache
def seeders() -> dict[str, ModuleType]:
    """Every seeder module here by its NAME: `seed(ctx) -> {kind: count}`, optional `prepare(session, account_id)`."""
    found = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "seed"):
            found[getattr(module, "NAME", info.name)] = module
    return found


def seed_resources(account_id: str, region: str, spec: OrgSpec, prefix: str = "demo") -> dict[str, int]:
    """`spec.per_kind` resources of each selected seeder in one account x region; returns counts by kind."""
    require_local_endpoint()
    ctx = SeedContext(
        account_session(account_id, region),
        account_id,
        region,
        prefix,
        spec.per_kind,
        [{"Key": "team", "Value": "platform"}, {"Key": "env", "Value": prefix}],
    )
    created: dict[str, int] = {}
    for name in spec.selected_kinds():
        created.update(seeders()[name].seed(ctx))
    return created


def seed_organization(spec: OrgSpec, workers: int = 4) -> SeededOrg:
    """Organization plus resources in every ACTIVE and SUSPENDED account and region."""
    org = create_organization(spec)
    for name in spec.selected_kinds():
        prepare = getattr(seeders()[name], "prepare", None)
        if prepare:
            for account in org.accounts:
                prepare(account_session(account.id), account.id)
    jobs = [(a.id, r) for a in org.accounts for r in spec.regions]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(lambda job: seed_resources(job[0], job[1], spec), jobs))
    return org
