"""Credentials: boto3's default chain, then optional role hops that refresh themselves.

Long syncs outlive a one-hour STS session, so assumed-role sessions use botocore's
own `AssumeRoleCredentialFetcher` behind `RefreshableCredentials` instead of a
one-shot `assume_role` call.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import boto3
import botocore.session
from botocore.config import Config
from botocore.credentials import AssumeRoleCredentialFetcher
from botocore.credentials import RefreshableCredentials

from port_aws_pipeline.aws.calls import CallRecorder
from port_aws_pipeline.aws.limits import LIMITS

#: Adaptive retry mode adds client-side rate limiting on throttling errors.
CLIENT_CONFIG = Config(
    retries={"mode": "adaptive", "max_attempts": 10},
    connect_timeout=10,
    read_timeout=60,
    max_pool_connections=32,
    user_agent_extra="port-aws-pipeline",
)


def base_session(region_name: str | None = None) -> boto3.Session:
    """Session from the standard chain: env keys, profile, ECS task role, EC2 instance role, IRSA."""
    return boto3.Session(region_name=region_name or "us-east-1")


def credential_source(session: boto3.Session) -> str:
    """Which link of the default chain produced the credentials (env, shared-credentials-file, ...)."""
    credentials = session.get_credentials()
    return getattr(credentials, "method", "none") if credentials else "none"


def partition_of_arn(arn: str) -> str:
    return arn.split(":")[1]


def member_role_arn(partition: str, account_id: str, role_name: str) -> str:
    return f"arn:{partition}:iam::{account_id}:role/{role_name}"


def assume_role_session(
    source: boto3.Session,
    role_arn: str,
    *,
    external_id: str | None = None,
    session_name: str = "port-aws-pipeline",
    recorder: CallRecorder | None = None,
) -> boto3.Session:
    """A session whose credentials come from `role_arn` and renew before they expire.

    The first AssumeRole happens here, so a role that cannot be assumed fails now,
    for this account only, instead of on some later call.
    """
    extra_args = {"RoleSessionName": session_name[:64]}
    if external_id:
        extra_args["ExternalId"] = external_id

    def create_sts_client(service_name: str, **kwargs):
        client = source.client(service_name, config=CLIENT_CONFIG, **{k: v for k, v in kwargs.items() if k != "config"})
        if recorder:
            recorder.attach(client)
        return client

    fetcher = AssumeRoleCredentialFetcher(
        client_creator=create_sts_client,
        source_credentials=source.get_credentials(),
        role_arn=role_arn,
        extra_args=extra_args,
    )
    credentials = RefreshableCredentials.create_from_metadata(
        metadata=fetcher.fetch_credentials(),
        refresh_using=fetcher.fetch_credentials,
        method="assume-role",
    )
    botocore_session = botocore.session.Session()
    botocore_session._credentials = credentials  # the documented way to inject refreshable credentials
    return boto3.Session(botocore_session=botocore_session, region_name=source.region_name)


@dataclass
class AwsClients:
    """Clients for one account, created once per (service, region) and shared by threads.

    boto3 clients are thread-safe; sessions are not, hence the lock around creation.
    """

    session: boto3.Session
    account_id: str
    partition: str = "aws"
    recorder: CallRecorder | None = None
    #: Calls per second per region x service for this account (aws.calls_per_second); None: unlimited.
    calls_per_second: float | None = None

    def __post_init__(self) -> None:
        self._clients: dict[tuple[str, str], object] = {}
        self._lock = threading.Lock()

    def client(self, service: str, region: str):
        key = (service, region)
        with self._lock:
            if key not in self._clients:
                client = self.session.client(service, region_name=region, config=CLIENT_CONFIG)
                if self.recorder:
                    self.recorder.attach(client)
                if self.calls_per_second:
                    hook = LIMITS.hook(self.account_id, region, service, self.calls_per_second)
                    client.meta.events.register("before-call", hook)
                self._clients[key] = client
            return self._clients[key]
