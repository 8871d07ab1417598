"""Credentials against moto server: assumed roles scope accounts and renew themselves."""

import datetime

import pytest

from port_aws_pipeline.aws.calls import CallRecorder
from port_aws_pipeline.aws.calls import MutatingCallRefused
from port_aws_pipeline.aws.sessions import assume_role_session
from port_aws_pipeline.aws.sessions import base_session


def test_assumed_role_credentials_renew_before_expiry(aws):
    session = assume_role_session(
        base_session(), "arn:aws:iam::111111111111:role/PortOceanReadRole", external_id="ext-1"
    )
    assert session.client("sts").get_caller_identity()["Account"] == "111111111111"
    credentials = session.get_credentials()
    first_key = credentials.get_frozen_credentials().access_key
    # As if an hour of syncing had passed: the credentials and the fetcher's cached response are due.
    credentials._expiry_time = datetime.datetime.now(datetime.UTC)
    credentials._refresh_using.__self__._cache.clear()
    assert credentials.get_frozen_credentials().access_key != first_key
    assert session.client("sts").get_caller_identity()["Account"] == "111111111111"


def test_recorder_counts_reads_and_refuses_writes(aws):
    recorder = CallRecorder()
    ec2 = base_session().client("ec2", region_name="us-east-1")
    recorder.attach(ec2)
    ec2.describe_instances()
    with pytest.raises(MutatingCallRefused):
        ec2.run_instances(ImageId="ami-12345678", MinCount=1, MaxCount=1)
    assert recorder.counts == {"ec2:DescribeInstances": 1}
    assert base_session().client("ec2", region_name="us-east-1").describe_instances()["Reservations"] == []


def test_member_sessions_share_one_data_loader(aws):
    """Service models are parsed once per process, not once per account session (issue 11)."""
    from concurrent.futures import ThreadPoolExecutor

    from port_aws_pipeline.aws.sessions import shared_loader

    source = base_session()
    roles = [f"arn:aws:iam::{n:012d}:role/PortOceanReadRole" for n in (111111111111, 222222222222, 333333333333)]
    with ThreadPoolExecutor(max_workers=3) as pool:  # accounts are assumed concurrently from one source session
        sessions = list(pool.map(lambda role: assume_role_session(source, role), roles))
    loaders = {id(s._session.get_component("data_loader")) for s in [source, *sessions]}
    assert loaders == {id(shared_loader())}
    paths = len(shared_loader().search_paths)
    base_session(), assume_role_session(source, roles[0])  # boto3.Session appends its data path each time
    assert len(shared_loader().search_paths) == paths
    # Credentials stay per session: each client acts in its own account.
    accounts = [s.client("sts").get_caller_identity()["Account"] for s in sessions]
    assert accounts == ["111111111111", "222222222222", "333333333333"]


def test_clients_are_created_once_per_service_and_region(aws):
    from port_aws_pipeline.aws.sessions import AwsClients

    clients = AwsClients(session=base_session(), account_id="123456789012")
    sqs = clients.client("sqs", "us-east-1")
    assert clients.client("sqs", "us-east-1") is sqs
    assert clients.client("sqs", "eu-west-1") is not sqs
    assert clients.client("ec2", "us-east-1") is not sqs
