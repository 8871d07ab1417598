"""Credentials: boto3's default chain, then optional role hops that refresh themselves.

Long syncs outlive a one-hour STS session, so assumed-role sessions use botocore's
own `AssumeRoleCredentialFetcher` behind `RefreshableCredentials` instead of a
one-shot `assume_role` call.

Every session of the process shares one botocore data loader (`shared_loader`): a fresh
botocore session otherwise re-reads and re-parses each service's JSON model (endpoints,
rule sets, paginators included), which made client set-up most of the CPU of reading an
account. Credentials, configuration and clients stay per session.
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from dataclasses import dataclass

import boto3
import botocore.loaders
import botocore.session
from botocore.config import Config
from botocore.credentials import AssumeRoleCredentialFetcher
from botocore.credentials import RefreshableCredentials

from port_aws_pipeline.aws.calls import CallRecorder
from port_aws_pipeline.aws.limits import LIMITS
from port_aws_pipeline.aws.limits import CallRates

#: Adaptive retry mode adds client-side rate limiting on throttling errors.
CLIENT_CONFIG = Config(
    retries={"mode": "adaptive", "max_attempts": 10},
    connect_timeout=10,
    read_timeout=60,
    max_pool_connections=32,
    user_agent_extra="port-aws-pipeline",
)


class _UniquePaths(list):
    """A loader's search paths, each kept once: `boto3.Session` appends its own data directory to its
    loader's paths every time one is created, which on a shared loader would grow without end."""

    def __init__(self, paths) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self.extend(paths)

    def append(self, path) -> None:
        with self._lock:
            if path not in self:
                super().append(path)

    def extend(self, paths) -> None:
        for path in paths:
            self.append(path)

    def insert(self, index, path) -> None:
        with self._lock:
            if path not in self:
                super().insert(index, path)


class SharedLoader(botocore.loaders.Loader):
    """botocore's Loader (its per-instance cache of parsed models is what is shared) with de-duplicated
    search paths. The pipeline creates clients under `CLIENT_CREATION`, so each model is parsed once and
    no two client creations read (or botocore's legacy retry set-up resolve) a cached model at once."""

    def __init__(self, extra_search_paths: list[str] | None = None) -> None:
        super().__init__(extra_search_paths=extra_search_paths)
        self._search_paths = _UniquePaths(self._search_paths)


_loader: SharedLoader | None = None
_loader_lock = threading.Lock()
#: Every client of the process is created under this lock. Creating one is pure CPU (no request), so under the
#: GIL serializing it costs no throughput, and it keeps the shared loader's cache (and the source session every
#: account's AssumeRole goes through; boto3 sessions are not thread-safe) free of concurrent first fills.
#: Reentrant: a credential refresh may create the STS client from within another creation.
CLIENT_CREATION = threading.RLock()
#: Sessions and clients this process created (the bench reports them; tests check reuse).
CREATED: Counter[str] = Counter()
_created_lock = threading.Lock()


def _count(what: str) -> None:
    with _created_lock:
        CREATED[what] += 1


def shared_loader() -> SharedLoader:
    """The process's one data loader (AWS_DATA_PATH honoured, as botocore's own `create_loader` does)."""
    global _loader
    with _loader_lock:
        if _loader is None:
            data_path = botocore.session.Session().get_config_variable("data_path")
            extra = None
            if data_path:
                extra = [os.path.expanduser(os.path.expandvars(p)) for p in data_path.split(os.pathsep)]
            _loader = SharedLoader(extra_search_paths=extra)
        return _loader


def new_botocore_session() -> botocore.session.Session:
    """A botocore session like `botocore.session.Session()`, reading service models through the shared loader."""
    session = botocore.session.Session()
    session.register_component("data_loader", shared_loader())
    _count("sessions")
    return session


def base_session(region_name: str | None = None) -> boto3.Session:
    """Session from the standard chain: env keys, profile, ECS task role, EC2 instance role, IRSA."""
    return boto3.Session(botocore_session=new_botocore_session(), region_name=region_name or "us-east-1")


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
        # Called for the first AssumeRole and for every refresh, from any thread, on a source session that
        # other accounts' threads share: boto3 sessions are not thread-safe.
        with CLIENT_CREATION:
            client = source.client(
                service_name, config=CLIENT_CONFIG, **{k: v for k, v in kwargs.items() if k != "config"}
            )
        _count("clients")
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
    botocore_session = new_botocore_session()
    botocore_session._credentials = credentials  # the documented way to inject refreshable credentials
    return boto3.Session(botocore_session=botocore_session, region_name=source.region_name)


@dataclass
class AwsClients:
    """Clients for one account, created once per (service, region) and shared by threads (kinds of a key).

    boto3 clients are thread-safe; sessions are not, hence the locks around creation. Each client gets this
    account x region x service's token bucket (`call_rates`) and keeps `CLIENT_CONFIG`'s adaptive retries.
    """

    session: boto3.Session
    account_id: str
    partition: str = "aws"
    recorder: CallRecorder | None = None
    #: Each service's bucket shape for this account's regions (`CallRates(aws.calls_per_second)`); None: unlimited.
    call_rates: CallRates | None = None

    def __post_init__(self) -> None:
        self._clients: dict[tuple[str, str], object] = {}
        self._lock = threading.Lock()

    def client(self, service: str, region: str):
        key = (service, region)
        with self._lock:
            if key not in self._clients:
                with CLIENT_CREATION:
                    client = self.session.client(service, region_name=region, config=CLIENT_CONFIG)
                _count("clients")
                if self.recorder:
                    self.recorder.attach(client)
                if self.call_rates:
                    hook = LIMITS.hook(self.account_id, region, service, self.call_rates.for_service(service))
                    client.meta.events.register("before-call", hook)
                self._clients[key] = client
            return self._clients[key]
