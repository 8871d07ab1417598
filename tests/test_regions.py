from port_aws_pipeline.aws.regions import apply_region_policy
from port_aws_pipeline.aws.regions import in_partition
from port_aws_pipeline.config import RegionPolicy

REGIONS = ["eu-west-1", "us-east-1", "us-west-2"]


def test_both_empty_means_every_enabled_region():
    assert apply_region_policy(REGIONS, RegionPolicy()) == REGIONS


def test_only_allow_means_only_those():
    assert apply_region_policy(REGIONS, RegionPolicy(allow=["us-east-1", "ap-south-1"])) == ["us-east-1"]


def test_only_deny_means_all_others():
    assert apply_region_policy(REGIONS, RegionPolicy(deny=["us-east-1"])) == ["eu-west-1", "us-west-2"]


def test_deny_wins_over_allow():
    assert apply_region_policy(REGIONS, RegionPolicy(allow=["us-east-1", "eu-west-1"], deny=["us-east-1"])) == [
        "eu-west-1"
    ]


def test_partition_filter_keeps_regions_of_the_callers_partition():
    assert in_partition("us-east-1", "aws") and in_partition("il-central-1", "aws")
    assert not in_partition("cn-north-1", "aws") and not in_partition("us-gov-west-1", "aws")
    assert in_partition("cn-northwest-1", "aws-cn") and not in_partition("us-east-1", "aws-cn")
    assert in_partition("us-gov-east-1", "aws-us-gov") and not in_partition("us-east-1", "aws-us-gov")
