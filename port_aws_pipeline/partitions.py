"""Account x region partitions, both dynamic: the organization decides what exists."""

import dagster as dg

from port_aws_pipeline.models import GLOBAL_REGION

ACCOUNTS_PARTITION = "aws_accounts"
REGIONS_PARTITION = "aws_regions"

account_partitions = dg.DynamicPartitionsDefinition(name=ACCOUNTS_PARTITION)
region_partitions = dg.DynamicPartitionsDefinition(name=REGIONS_PARTITION)
account_region_partitions = dg.MultiPartitionsDefinition({"account": account_partitions, "region": region_partitions})


def partition_key(account_id: str, region: str) -> dg.MultiPartitionKey:
    return dg.MultiPartitionKey({"account": account_id, "region": region})


def split_partition_key(key: str | dg.MultiPartitionKey) -> tuple[str, str]:
    """(account, region) of a partition key; the string form is "account|region"."""
    if isinstance(key, dg.MultiPartitionKey):
        return key.keys_by_dimension["account"], key.keys_by_dimension["region"]
    account, region = str(key).split("|")
    return account, region


def partition_keys_for(accounts: list[str], regions: list[str]) -> list[dg.MultiPartitionKey]:
    """Every account crossed with every region key ("global" included)."""
    region_keys = sorted(set(regions) | {GLOBAL_REGION})
    return [partition_key(a, r) for a in sorted(accounts) for r in region_keys]
