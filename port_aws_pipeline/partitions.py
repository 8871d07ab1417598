"""Account x region partitions: ONE dynamic dimension whose keys are `account|region`.

One dimension (not a 2-D grid) because Dagster 1.13 groups ranged runs of a 2-D
selection by its smaller dimension, so a resync would cost at least one run per
region; with flat keys registered account by account, a resync of K keys takes
ceil(K / run.max_partitions_per_run) runs, and one account's keys are adjacent
(select them in the UI with the range `[ACCOUNT|a...ACCOUNT|z]` or `ACCOUNT|*`).
Each account registers exactly the regions it syncs, so a resync of A accounts x R regions
is ceil(A*R / N) ranged runs. Its global kinds (S3, IAM, Route 53, CloudFront, ...) are
listed once per account by its *carrier* key, its first region in sorted order, and
reconciled in their own `global` scopes; an account that syncs no region registers
`ACCOUNT|global` instead.
"""

from __future__ import annotations

from collections.abc import Iterable

import dagster as dg

from port_aws_pipeline.models import GLOBAL_REGION

PARTITIONS_NAME = "aws_account_regions"
SEPARATOR = "|"

account_region_partitions = dg.DynamicPartitionsDefinition(name=PARTITIONS_NAME)


def partition_key(account_id: str, region: str) -> str:
    return f"{account_id}{SEPARATOR}{region}"


def split_partition_key(key: str) -> tuple[str, str]:
    """(account, region) of a partition key."""
    account, region = str(key).split(SEPARATOR)
    return account, region


def keys_for_account(account_id: str, regions: Iterable[str]) -> list[str]:
    """An account's keys, adjacent when registered together: its synced regions (`global` when none)."""
    return [partition_key(account_id, r) for r in sorted(set(regions) - {GLOBAL_REGION}) or [GLOBAL_REGION]]


def carrier_region(regions: Iterable[str]) -> str:
    """The region whose key also reads the account's global kinds: its first synced region, else `global`."""
    return min(set(regions) - {GLOBAL_REGION}, default=GLOBAL_REGION)


def scope_regions(key_region: str, account_regions: Iterable[str]) -> list[str]:
    """What one key reads and reconciles: its region, and `global` too on the account's carrier key."""
    if key_region == GLOBAL_REGION or key_region != carrier_region(account_regions):
        return [key_region]
    return [key_region, GLOBAL_REGION]


def regions_by_account(keys: Iterable[str]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for key in keys:
        account, region = split_partition_key(key)
        grouped.setdefault(account, []).append(region)
    return grouped


def contiguous_chunks(ordered_keys: list[str], selected: Iterable[str], size: int) -> list[list[str]]:
    """The selected keys as runs of at most `size` keys that are adjacent in `ordered_keys` (the
    partitions' added order), so each chunk is exactly one Dagster partition range."""
    wanted = set(selected)
    chunks: list[list[str]] = []
    current: list[str] = []
    for key in ordered_keys:
        if key in wanted and len(current) < size:
            current.append(key)
            continue
        if current:
            chunks.append(current)
        current = [key] if key in wanted else []
    if current:
        chunks.append(current)
    return chunks
