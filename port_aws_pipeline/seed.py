"""Builds an AWS Organization with resources in a local moto server (demo, tests, benchmark).

This is the only module that writes to AWS, and it refuses any endpoint that is not
on loopback: it exists to fill an emulator, never a real account.
"""

from __future__ import annotations

import io
import os
import zipfile
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlparse

import boto3
from pydantic import BaseModel, Field

MANAGEMENT_ACCOUNT = "123456789012"
SEED_ROLE = "OrganizationAccountAccessRole"


class OrgSpec(BaseModel):
    """Accounts are spread over nested OUs: Root/Workloads/Prod, Root/Workloads/Dev, Root/Sandbox."""

    accounts: int = 4
    suspended: int = 1
    regions: list[str] = Field(default_factory=lambda: ["us-east-1", "eu-west-1"])
    per_kind: int = 2
    kinds: list[str] = Field(default_factory=lambda: ["ec2", "s3", "lambda", "sqs", "ecs"])


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
        raise RuntimeError(f"seeding writes to AWS; AWS_ENDPOINT_URL must point at a local emulator, not {endpoint or 'real AWS'}")


def account_session(account_id: str, region: str = "us-east-1") -> boto3.Session:
    """Credentials scoped to `account_id` (moto isolates resources by the assumed role's account)."""
    sts = boto3.client("sts", region_name=region)
    creds = sts.assume_role(RoleArn=f"arn:aws:iam::{account_id}:role/{SEED_ROLE}", RoleSessionName="seed")["Credentials"]
    return boto3.Session(
        aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"], region_name=region,
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
        account_id = org.describe_create_account_status(CreateAccountRequestId=status["Id"])["CreateAccountStatus"]["AccountId"]
        path = placement[index % len(placement)]
        org.move_account(AccountId=account_id, SourceParentId=root_id, DestinationParentId=ous[path])
        account = SeededAccount(id=account_id, name=name, ou_id=ous[path], ou_path=path)
        if index >= spec.accounts:
            org.close_account(AccountId=account_id)
            account.status = "SUSPENDED"
        accounts.append(account)
    return SeededOrg(root_id=root_id, ous=ous, accounts=accounts)


def _lambda_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return 'ok'\n")
    return buffer.getvalue()


def seed_resources(account_id: str, region: str, spec: OrgSpec, prefix: str = "demo") -> dict[str, int]:
    """`spec.per_kind` resources of each kind in one account x region; returns counts by kind."""
    require_local_endpoint()
    session = account_session(account_id, region)
    n = spec.per_kind
    tags = [{"Key": "team", "Value": "platform"}, {"Key": "env", "Value": prefix}]
    created: dict[str, int] = {}
    if "ec2" in spec.kinds:
        ec2 = session.client("ec2")
        for i in range(n):
            ec2.run_instances(ImageId="ami-12345678", MinCount=1, MaxCount=1, InstanceType="t3.micro",
                              TagSpecifications=[{"ResourceType": "instance", "Tags": tags + [{"Key": "Name", "Value": f"{prefix}-web-{i}"}]}])
        created["AWS::EC2::Instance"] = n
    if "s3" in spec.kinds:
        s3 = session.client("s3")
        for i in range(n):
            name = f"{prefix}-{account_id}-{region}-{i}"
            kwargs = {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
            s3.create_bucket(Bucket=name, **kwargs)
            s3.put_bucket_tagging(Bucket=name, Tagging={"TagSet": tags})
        created["AWS::S3::Bucket"] = n
    if "lambda" in spec.kinds:
        lam = session.client("lambda")
        code = _lambda_zip()
        for i in range(n):
            lam.create_function(FunctionName=f"{prefix}-fn-{i}", Runtime="python3.12", Handler="handler.handler",
                                Role=f"arn:aws:iam::{account_id}:role/lambda-role", Code={"ZipFile": code},
                                Tags={t["Key"]: t["Value"] for t in tags})
        created["AWS::Lambda::Function"] = n
    if "sqs" in spec.kinds:
        sqs = session.client("sqs")
        for i in range(n):
            sqs.create_queue(QueueName=f"{prefix}-queue-{i}", tags={t["Key"]: t["Value"] for t in tags})
        created["AWS::SQS::Queue"] = n
    if "ecs" in spec.kinds:
        ecs = session.client("ecs")
        for i in range(n):
            ecs.create_cluster(clusterName=f"{prefix}-cluster-{i}", tags=[{"key": t["Key"], "value": t["Value"]} for t in tags])
        created["AWS::ECS::Cluster"] = n
    return created


LAMBDA_TRUST = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}'


def create_lambda_role(account_id: str) -> None:
    """moto checks that a function's execution role exists in its account."""
    account_session(account_id).client("iam").create_role(RoleName="lambda-role", AssumeRolePolicyDocument=LAMBDA_TRUST)


def seed_organization(spec: OrgSpec, workers: int = 4) -> SeededOrg:
    """Organization plus resources in every ACTIVE and SUSPENDED account and region."""
    org = create_organization(spec)
    if "lambda" in spec.kinds:
        for account in org.accounts:
            create_lambda_role(account.id)
    jobs = [(a.id, r) for a in org.accounts for r in spec.regions]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(lambda job: seed_resources(job[0], job[1], spec), jobs))
    return org
