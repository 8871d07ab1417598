"""The one planner, without Dagster or Port: what is added, kept, removed or protected."""

from port_aws_pipeline.config import SafetySettings
from port_aws_pipeline.models import AwsAccount
from port_aws_pipeline.models import DiscoveredOrganization
from port_aws_pipeline.models import SyncError
from port_aws_pipeline.partitions import keys_for_account
from port_aws_pipeline.planner import plan_catalog

A, B, C, D = "111111111111", "222222222222", "333333333333", "444444444444"


def org(accounts: dict[str, list[str]], errors=()) -> DiscoveredOrganization:
    listed = [AwsAccount(id=i, regions=r) for i, r in accounts.items()]
    listed += [
        AwsAccount(
            id=i,
            error=SyncError(account_id=i, region="*", kind="sts:AssumeRole", code="AccessDenied", message="denied"),
        )
        for i in errors
    ]
    return DiscoveredOrganization(
        accounts=listed,
        source="organizations",
        regions=sorted({r for rs in accounts.values() for r in rs}) + ["global"],
    )


def keys(**by_account) -> list[str]:
    return [k for account, regions in by_account.items() for k in keys_for_account(account.strip("_"), regions)]


def test_new_kept_and_removed_accounts_and_their_keys():
    registered = keys(**{f"_{A}": ["us-east-1"], f"_{B}": ["us-east-1"], f"_{C}": ["us-east-1"]})
    plan = plan_catalog(registered, org({B: ["us-east-1"], C: ["us-east-1"], D: ["us-east-1"]}), SafetySettings())
    assert (plan.new_accounts, plan.kept_accounts, plan.removed_accounts) == ([D], [B, C], [A])
    assert plan.add_keys == [f"{D}|us-east-1"]
    assert plan.remove_keys == [f"{A}|us-east-1"]
    assert plan.protected_accounts == [] and plan.blocked == []


def test_mass_account_loss_protects_all_of_them_and_keeps_their_keys():
    registered = keys(**{f"_{i}": ["us-east-1"] for i in (A, B, C, D)})
    plan = plan_catalog(registered, org({A: ["us-east-1"]}), SafetySettings())
    assert plan.removed_accounts == [] and plan.protected_accounts == [B, C, D]
    assert plan.remove_keys == [] and "3 of 4 accounts disappeared" in plan.blocked[0]


def test_accounts_known_only_to_port_still_count():
    plan = plan_catalog([], org({A: ["us-east-1"]}), SafetySettings(), known_accounts=[A, B])
    assert plan.removed_accounts == [B]


def test_a_policy_narrowing_within_the_guard_removes_the_region():
    registered = keys(**{f"_{A}": ["eu-west-1", "us-east-1"], f"_{B}": ["eu-west-1", "us-east-1"]})
    plan = plan_catalog(
        registered, org({A: ["us-east-1"], B: ["us-east-1"]}), SafetySettings(max_region_loss_fraction=0.5)
    )
    assert plan.removed_regions == {A: ["eu-west-1"], B: ["eu-west-1"]}
    assert plan.remove_keys == [f"{A}|eu-west-1", f"{B}|eu-west-1"] and plan.protected_regions == {}


def test_losing_most_regions_at_once_is_protected_and_keeps_the_keys():
    registered = keys(**{f"_{A}": ["eu-west-1", "us-east-1", "us-west-2"]})
    plan = plan_catalog(registered, org({A: ["us-east-1"]}), SafetySettings(max_region_loss_fraction=0.5))
    assert plan.protected_regions == {A: ["eu-west-1", "us-west-2"]} and plan.removed_regions == {}
    assert plan.remove_keys == []
    assert plan.region_protected(A, "eu-west-1") and not plan.region_protected(A, "us-east-1")
    assert "2 of 3 synced regions left at once" in plan.blocked[0] and "raise the fraction to 1.0" in plan.blocked[0]


def test_an_account_whose_regions_are_unknown_loses_nothing():
    registered = keys(**{f"_{A}": ["eu-west-1", "us-east-1"], f"_{B}": ["eu-west-1"]})
    plan = plan_catalog(registered, org({A: ["us-east-1"]}, errors=[B]), SafetySettings(max_region_loss_fraction=1.0))
    assert plan.removed_regions == {A: ["eu-west-1"]}
    assert plan.remove_keys == [f"{A}|eu-west-1"]


def test_new_regions_add_keys():
    plan = plan_catalog(keys(**{f"_{A}": ["us-east-1"]}), org({A: ["us-east-1", "eu-west-1"]}), SafetySettings())
    assert plan.add_keys == [f"{A}|eu-west-1"] and plan.removed_regions == {}


def test_a_global_key_of_an_earlier_version_is_dropped_without_removing_anything():
    """Before the carrier key read an account's global kinds, every account registered `ACCOUNT|global`."""
    registered = [f"{A}|global", f"{A}|us-east-1"]
    plan = plan_catalog(registered, org({A: ["us-east-1"]}), SafetySettings())
    assert plan.remove_keys == [f"{A}|global"] and plan.add_keys == []
    assert plan.removed_regions == {} and plan.protected_regions == {} and plan.blocked == []
