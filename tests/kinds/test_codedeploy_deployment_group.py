"""AWS::CodeDeploy::DeploymentGroup: aws-v3 DeploymentGroupProperties on a recorded BatchGetDeploymentGroups
answer, the fetch on stubbed AWS answers, default mapping (group -> application).

No moto test: moto does not implement BatchGetDeploymentGroups (HTTP 500, "not been implemented").
"""

import copy

from port_aws_pipeline.kinds import ReadContext
from port_aws_pipeline.kinds import _codedeploy
from port_aws_pipeline.kinds.codedeploy_deployment_group import FIELDS
from port_aws_pipeline.kinds.codedeploy_deployment_group import KIND
from port_aws_pipeline.kinds.codedeploy_deployment_group import TAGS
from tests.kinds.helpers import StubbedClients
from tests.kinds.helpers import fixture_account
from tests.kinds.helpers import fixture_context
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import fragment
from tests.kinds.helpers import load_fixture
from tests.kinds.helpers import mapped_to_blueprint
from tests.kinds.helpers import v3_keys

NAME = "codedeploy_deployment_group"
FRAGMENT = fragment(NAME)
V3_KEYS = v3_keys(FIELDS) | {"Tags"}
FIXTURE_ACCOUNT = fixture_account(NAME)


def test_fixture_shapes_to_aws_v3_properties():
    shaped = fixture_shapes(KIND, NAME)
    prod, lambda_group = shaped
    # every aws-v3 key AWS gives an in-place group; Arn is ours (no CodeDeploy call returns it)
    assert V3_KEYS - set(prod) == {"BlueGreenDeploymentConfiguration"} and set(prod) <= V3_KEYS | {"Arn"}
    assert "Ec2DeploymentOptions" not in prod  # not in aws-v3's model
    assert set(lambda_group) <= V3_KEYS | {"Arn"} and "LoadBalancerInfo" not in lambda_group  # exclude_unset
    assert prod["Arn"] == f"arn:aws:codedeploy:eu-west-1:{FIXTURE_ACCOUNT}:deploymentgroup:payments-api/prod"
    assert prod["Tags"] == [{"Key": "team", "Value": "payments"}] and lambda_group["Tags"] == []
    assert prod["TerminationHookEnabled"] is True
    for key in (
        "AutoScalingGroups",
        "Ec2TagFilters",
        "OnPremisesInstanceTagFilters",
        "EcsServices",
        "TriggerConfigurations",
    ):
        assert isinstance(prod[key], list), key
    for key in (
        "AlarmConfiguration",
        "AutoRollbackConfiguration",
        "DeploymentStyle",
        "LoadBalancerInfo",
        "LastAttemptedDeployment",
        "LastSuccessfulDeployment",
        "TargetRevision",
    ):
        assert isinstance(prod[key], dict), key
    # aws-v3 declares these two as lists, but AWS answers objects (aws-v3's validation would reject the record):
    # they are kept as AWS gives them
    assert prod["Ec2TagSet"] == {"ec2TagSetList": []} and prod["OnPremisesTagSet"] == {"onPremisesTagSetList": []}


def test_tags_only_with_the_include_action():
    fixture = load_fixture(NAME)
    item = {k: v for k, v in fixture["items"][0].items() if k != "Tags"}
    ctx = fixture_context({**fixture, "context": {**fixture["context"], "actions": []}}, KIND)
    assert "Tags" not in KIND.shape(item, ctx)
    assert KIND.default_actions == () and KIND.optional_actions == {TAGS: ("tag:GetResources",)}


def fetch_on_stubs(actions: frozenset[str]):
    fixture = load_fixture(NAME)
    prod, lambda_group = (copy.deepcopy({k: v for k, v in i.items() if k != "Tags"}) for i in fixture["items"])
    clients = StubbedClients("codedeploy", "resourcegroupstaggingapi", account_id=FIXTURE_ACCOUNT)
    cd, tagging = clients.stubs["codedeploy"], clients.stubs["resourcegroupstaggingapi"]
    cd.add_response("list_applications", {"applications": ["payments-api", "gone", "image-resizer"]}, {})
    cd.add_response(
        "list_deployment_groups", {"applicationName": "gone", "deploymentGroups": []}, {"applicationName": "gone"}
    )
    cd.add_client_error(
        "list_deployment_groups",
        "ApplicationDoesNotExistException",
        expected_params={"applicationName": "image-resizer"},
    )
    cd.add_response(
        "list_deployment_groups",
        {"applicationName": "payments-api", "deploymentGroups": ["prod", "staging"]},
        {"applicationName": "payments-api"},
    )
    cd.add_response(
        "batch_get_deployment_groups",
        {"deploymentGroupsInfo": [prod], "errorMessage": "staging: not found"},
        {"applicationName": "payments-api", "deploymentGroupNames": ["prod", "staging"]},
    )
    if TAGS in actions:
        arn = f"arn:aws:codedeploy:eu-west-1:{FIXTURE_ACCOUNT}:deploymentgroup:payments-api/prod"
        tagging.add_response(
            "get_resources",
            {"ResourceTagMappingList": [{"ResourceARN": arn, "Tags": [{"Key": "team", "Value": "payments"}]}]},
            {"ResourceTypeFilters": ["codedeploy:deploymentgroup"]},
        )
    with cd, tagging:
        items = KIND.fetch(clients, ReadContext(FIXTURE_ACCOUNT, "eu-west-1", "aws", ("eu-west-1",), actions))
        cd.assert_no_pending_responses()
        tagging.assert_no_pending_responses()
    return items, prod


def test_fetch_batches_groups_per_application_and_lists_tags_once(monkeypatch):
    # `_codedeploy.WORKERS` reads applications in parallel; one worker keeps the stubbed answers in order.
    monkeypatch.setattr(_codedeploy, "WORKERS", 1)
    items, prod = fetch_on_stubs(frozenset({TAGS}))
    assert items == [{**prod, "Tags": [{"Key": "team", "Value": "payments"}]}]
    assert (
        KIND.shape(items[0], ReadContext(FIXTURE_ACCOUNT, "eu-west-1", "aws", ("eu-west-1",)))["Tags"]
        == items[0]["Tags"]
    )


def test_fetch_without_the_tags_action_calls_no_tagging_api(monkeypatch):
    monkeypatch.setattr(_codedeploy, "WORKERS", 1)
    items, prod = fetch_on_stubs(frozenset())
    assert items == [prod]


def test_default_mapping_maps_fixture_records():
    assert FRAGMENT["resources"][0]["selector"]["includeActions"] == [TAGS]
    entities = mapped_to_blueprint(KIND, NAME, "awsCodeDeployDeploymentGroup")
    prod, lambda_group = entities
    assert prod.identifier == f"arn:aws:codedeploy:eu-west-1:{FIXTURE_ACCOUNT}:deploymentgroup:payments-api/prod"
    assert prod.title == "payments-api/prod"
    assert prod.relations == {
        "account": FIXTURE_ACCOUNT,
        "application": f"arn:aws:codedeploy:eu-west-1:{FIXTURE_ACCOUNT}:application:payments-api",
    }
    assert prod.properties["autoScalingGroups"] == ["payments-api-prod"]
    assert prod.properties["lastDeploymentStatus"] == "Failed" and prod.properties["tags"] == {"team": "payments"}
    assert lambda_group.relations["application"].endswith(":application:image-resizer")
