"""Enabled regions per account, and the region policy (deny wins)."""

from __future__ import annotations

import re
from functools import cache

import botocore.session
from botocore.exceptions import ClientError
from botocore.exceptions import EndpointConnectionError

from port_aws_pipeline.aws.sessions import AwsClients
from port_aws_pipeline.config import RegionPolicy

HOME_REGIONS = {"aws": "us-east-1", "aws-cn": "cn-north-1", "aws-us-gov": "us-gov-west-1"}
ENABLED_STATUSES = ["ENABLED", "ENABLED_BY_DEFAULT"]
_NOT_RETRIED_BY_FALLBACK = {"Throttling", "ThrottlingException", "TooManyRequestsException"}


def home_region(partition: str) -> str:
    return HOME_REGIONS.get(partition, "us-east-1")


@cache
def _partition_regexes() -> dict[str, re.Pattern]:
    endpoints = botocore.session.get_session().get_data("endpoints")
    return {p["partition"]: re.compile(p["regionRegex"]) for p in endpoints["partitions"]}


def in_partition(region: str, partition: str) -> bool:
    """True when `region` belongs to `partition` by botocore's own partition regexes."""
    regexes = _partition_regexes()
    if partition not in regexes:
        return True
    if not regexes[partition].match(region):
        return False
    # The aws regex is broad; a region matching a more specific partition belongs there.
    return not any(name != partition and name != "aws" and rx.match(region) for name, rx in regexes.items())


def apply_region_policy(regions: list[str], policy: RegionPolicy) -> list[str]:
    """Deny wins; only allow set: only those; only deny: all others; both empty: all."""
    allowed = [r for r in regions if not policy.allow or r in policy.allow]
    return sorted(r for r in allowed if r not in policy.deny)


def enabled_regions(clients: AwsClients) -> list[str]:
    """`account:ListRegions`, or `ec2:DescribeRegions` where that API is unavailable."""
    try:
        paginator = clients.client("account", home_region(clients.partition)).get_paginator("list_regions")
        regions = [
            r["RegionName"]
            for page in paginator.paginate(RegionOptStatusContains=ENABLED_STATUSES)
            for r in page.get("Regions", [])
        ]
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in _NOT_RETRIED_BY_FALLBACK:
            raise
        regions = _regions_from_ec2(clients)
    except EndpointConnectionError:
        regions = _regions_from_ec2(clients)
    return sorted({r for r in regions if in_partition(r, clients.partition)})


def _regions_from_ec2(clients: AwsClients) -> list[str]:
    response = clients.client("ec2", home_region(clients.partition)).describe_regions(AllRegions=False)
    return [
        r["RegionName"]
        for r in response.get("Regions", [])
        if r.get("OptInStatus", "opt-in-not-required") in ("opt-in-not-required", "opted-in")
    ]
