"""Partition keys and the chunks that become ranged runs."""

from port_aws_pipeline.partitions import carrier_region
from port_aws_pipeline.partitions import contiguous_chunks
from port_aws_pipeline.partitions import keys_for_account
from port_aws_pipeline.partitions import regions_by_account
from port_aws_pipeline.partitions import scope_regions
from port_aws_pipeline.partitions import split_partition_key
from port_aws_pipeline.sync import select_keys


def test_an_account_registers_exactly_its_regions_the_first_carrying_its_global_kinds():
    keys = keys_for_account("111111111111", ["us-east-1", "eu-west-1"])
    assert keys == ["111111111111|eu-west-1", "111111111111|us-east-1"]
    assert split_partition_key(keys[0]) == ("111111111111", "eu-west-1")
    assert regions_by_account(keys) == {"111111111111": ["eu-west-1", "us-east-1"]}
    assert carrier_region(["us-east-1", "eu-west-1"]) == "eu-west-1"
    assert scope_regions("eu-west-1", ["us-east-1", "eu-west-1"]) == ["eu-west-1", "global"]
    assert scope_regions("us-east-1", ["us-east-1", "eu-west-1"]) == ["us-east-1"]
    # a region still registered (protected) after the account stopped syncing it never carries the global kinds
    assert scope_regions("ap-south-1", ["us-east-1", "eu-west-1"]) == ["ap-south-1"]


def test_an_account_that_syncs_no_region_reads_its_global_kinds_under_global():
    assert keys_for_account("111111111111", []) == ["111111111111|global"]
    assert carrier_region([]) == "global" and scope_regions("global", []) == ["global"]


def test_a_full_selection_is_ceil_k_over_n_chunks():
    ordered = [f"{a:012d}|r{r}" for a in range(12) for r in range(4)]
    chunks = contiguous_chunks(ordered, ordered, 10)
    assert [len(c) for c in chunks] == [10, 10, 10, 10, 8]
    assert sum(chunks, []) == ordered


def test_a_scattered_selection_is_cut_at_gaps_so_each_chunk_is_one_range():
    ordered = ["a|1", "a|2", "b|1", "b|2", "c|1"]
    assert contiguous_chunks(ordered, ["a|1", "a|2", "c|1"], 10) == [["a|1", "a|2"], ["c|1"]]
    assert contiguous_chunks(ordered, [], 10) == []


def test_region_global_selects_each_accounts_carrier_key():
    registered = ["a|eu-west-1", "a|us-east-1", "b|us-east-1", "c|global"]
    carriers = {"a": "eu-west-1", "b": "us-east-1", "c": "global"}
    assert select_keys(registered, [], ["global"], carriers) == ["a|eu-west-1", "b|us-east-1", "c|global"]
    assert select_keys(registered, ["a"], ["us-east-1"], carriers) == ["a|us-east-1"]
    assert select_keys(registered, [], [], carriers) == registered
