"""Partition keys and the chunks that become ranged runs."""

from port_aws_pipeline.partitions import contiguous_chunks
from port_aws_pipeline.partitions import keys_for_account
from port_aws_pipeline.partitions import regions_by_account
from port_aws_pipeline.partitions import split_partition_key


def test_an_account_registers_its_regions_and_global():
    keys = keys_for_account("111111111111", ["us-east-1", "eu-west-1"])
    assert keys == ["111111111111|eu-west-1", "111111111111|global", "111111111111|us-east-1"]
    assert split_partition_key(keys[0]) == ("111111111111", "eu-west-1")
    assert regions_by_account(keys) == {"111111111111": ["eu-west-1", "global", "us-east-1"]}


def test_a_full_selection_is_ceil_k_over_n_chunks():
    ordered = [f"{a:012d}|r{r}" for a in range(12) for r in range(4)]
    chunks = contiguous_chunks(ordered, ordered, 10)
    assert [len(c) for c in chunks] == [10, 10, 10, 10, 8]
    assert sum(chunks, []) == ordered


def test_a_scattered_selection_is_cut_at_gaps_so_each_chunk_is_one_range():
    ordered = ["a|1", "a|2", "b|1", "b|2", "c|1"]
    assert contiguous_chunks(ordered, ["a|1", "a|2", "c|1"], 10) == [["a|1", "a|2"], ["c|1"]]
    assert contiguous_chunks(ordered, [], 10) == []
