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
