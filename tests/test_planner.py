"""The one planner, without Dagster or Port: what is added, kept, removed or protected."""

from port_aws_pipeline.config import SafetySettings
from port_aws_pipeline.models import AwsAccount, DiscoveredOrganization, SyncError
from port_aws_pipeline.planner import plan_catalog

A, B, C, D = "111111111111", "222222222222", "333333333333", "444444444444"


def org(accounts: dict[str, list[str]], errors=()) -> DiscoveredOrganization:
    listed = [AwsAccount(id=i, regions=r) for i, r in accounts.items()]
    listed += [AwsAccount(id=i, error=SyncError(account_id=i, region="*", kind="sts:AssumeRole", code="AccessDenied",
                                                 message="denied")) for i in errors]
    return DiscoveredOrganization(accounts=listed, source="organizations",
                                  regions=sorted({r for rs in accounts.values() for r in rs}) + ["global"])


def test_new_kept_and_removed_accounts():
    plan = plan_catalog([A, B, C], {}, ["us-east-1", "global"], org({B: ["us-east-1"], C: ["us-east-1"], D: ["us-east-1"]}),
                        SafetySettings())
    assert (plan.new_accounts, plan.kept_accounts, plan.removed_accounts) == ([D], [B, C], [A])
    assert plan.protected_accounts == [] and plan.blocked == []


def test_mass_account_loss_protects_all_of_them():
    plan = plan_catalog([A, B, C, D], {}, ["us-east-1", "global"], org({A: ["us-east-1"]}), SafetySettings())
    assert plan.removed_accounts == [] and plan.protected_accounts == [B, C, D]
    assert "3 of 4 accounts disappeared" in plan.blocked[0]


def test_a_policy_narrowing_within_the_guard_removes_the_region_everywhere():
    previous = {A: ["eu-west-1", "us-east-1"], B: ["eu-west-1", "us-east-1"]}
    plan = plan_catalog([A, B], previous, ["eu-west-1", "us-east-1", "global"],
                        org({A: ["us-east-1"], B: ["us-east-1"]}), SafetySettings(max_region_loss_fraction=0.5))
    assert plan.removed_regions == {A: ["eu-west-1"], B: ["eu-west-1"]}
    assert plan.removed_region_keys == ["eu-west-1"] and plan.protected_regions == {}


def test_losing_most_regions_at_once_is_protected_and_keeps_the_partition():
    previous = {A: ["eu-west-1", "us-east-1", "us-west-2"]}
    plan = plan_catalog([A], previous, ["eu-west-1", "us-east-1", "us-west-2", "global"], org({A: ["us-east-1"]}),
                        SafetySettings(max_region_loss_fraction=0.5))
    assert plan.protected_regions == {A: ["eu-west-1", "us-west-2"]} and plan.removed_regions == {}
    assert plan.removed_region_keys == []
    assert plan.region_protected(A, "eu-west-1") and not plan.region_protected(A, "us-east-1")


def test_an_account_whose_regions_are_unknown_loses_nothing_and_keeps_every_region_key():
    previous = {A: ["eu-west-1", "us-east-1"], B: ["eu-west-1"]}
    plan = plan_catalog([A, B], previous, ["eu-west-1", "us-east-1", "global"], org({A: ["us-east-1"]}, errors=[B]),
                        SafetySettings(max_region_loss_fraction=1.0))
    assert plan.removed_regions == {A: ["eu-west-1"]}
    assert plan.removed_region_keys == []  # B's regions are unknown: eu-west-1 may still be synced there


def test_without_a_recorded_history_the_registered_regions_are_assumed():
    plan = plan_catalog([A], {}, ["eu-west-1", "us-east-1", "us-west-2", "global"], org({A: ["us-east-1"]}),
                        SafetySettings(max_region_loss_fraction=0.5))
    assert plan.protected_regions == {A: ["eu-west-1", "us-west-2"]}


def test_new_region_keys_are_added():
    plan = plan_catalog([A], {A: ["us-east-1"]}, ["us-east-1", "global"], org({A: ["us-east-1", "eu-west-1"]}),
                        SafetySettings())
    assert plan.new_region_keys == ["eu-west-1"] and plan.removed_regions == {}
