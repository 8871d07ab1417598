"""AWS::CodeDeploy::DeploymentTarget: aws-v3 DeploymentTargetProperties on a recorded BatchGetDeploymentTargets
answer, the fetch on stubbed AWS answers, default mapping (target -> deployment).

No moto test: moto answers HTTP 500 to ListDeploymentTargets.
"""

import copy
from datetime import datetime

import pytest
from botocore.exceptions import ClientError
from botocore.stub import ANY

from port_aws_pipeline.kinds import _codedeploy
from port_aws_pipeline.kinds.codedeploy_deployment import KIND as DEPLOYMENT
from port_aws_pipeline.kinds.codedeploy_deployment_target import FIELDS
from port_aws_pipeline.kinds.codedeploy_deployment_target import KIND
from tests.kinds.helpers import StubbedClients
from tests.kinds.helpers import default_mapping
from tests.kinds.helpers import fixture_account
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import load_fixture
from tests.kinds.helpers import map_records
from tests.kinds.helpers import mapped_identifiers
from tests.kinds.helpers import mapped_to_blueprint
from tests.kinds.helpers import records_of
from tests.kinds.helpers import v3_keys

NAME = "codedeploy_deployment_target"
V3_KEYS = v3_keys(FIELDS)
FIXTURE_ACCOUNT = fixture_account(NAME)


def test_fixture_shapes_to_aws_v3_properties():
    shaped = fixture_shapes(KIND, NAME)
    instance, function = shaped
    assert set(instance) == {"DeploymentId", "DeploymentTargetType", "InstanceTarget"}  # only the target AWS returned
    assert set(function) == {"DeploymentId", "DeploymentTargetType", "LambdaTarget"}
    assert set(instance) | set(function) <= V3_KEYS
    assert instance["DeploymentId"] == "d-92GQ47BKJ" and instance["DeploymentTargetType"] == "InstanceTarget"
    target = instance["InstanceTarget"]  # nested keys stay as AWS gives them
    assert target["targetId"] == "i-0123456789abcdef0" and target["status"] == "Failed"
    assert target["lifecycleEvents"][1]["diagnostics"]["errorCode"] == "ScriptFailed"
    assert function["LambdaTarget"]["lambdaFunctionInfo"]["targetVersionWeight"] == 0.1
    datetime.fromisoformat(target["lastUpdatedAt"])


def answer(item: dict) -> dict:
    """The BatchGetDeploymentTargets form of a fixture item (aws-v3 adds `deploymentId` itself)."""
    return {k: v for k, v in copy.deepcopy(item).items() if k != "deploymentId"}


def test_fetch_lists_targets_of_the_windowed_deployments_and_batches_25(monkeypatch):
    monkeypatch.setattr(_codedeploy, "WORKERS", 1)  # one worker keeps the stubbed answers in order
    fixture = load_fixture(NAME)
    instance, function = (answer(i) for i in fixture["items"])
    many = [f"i-{n:017x}" for n in range(26)]
    clients = StubbedClients("codedeploy", account_id=FIXTURE_ACCOUNT)
    with clients.stubs["codedeploy"] as stub:
        stub.add_response(
            "list_deployments",
            {"deployments": ["d-92GQ47BKJ", "d-NOTSTART", "d-GONE", "d-K3J2H1G0F"]},
            {"createTimeRange": {"start": ANY}},
        )
        stub.add_response(
            "list_deployment_targets", {"targetIds": many[:20], "nextToken": "t"}, {"deploymentId": "d-92GQ47BKJ"}
        )
        stub.add_response(
            "list_deployment_targets", {"targetIds": many[20:]}, {"deploymentId": "d-92GQ47BKJ", "nextToken": "t"}
        )
        stub.add_response(
            "batch_get_deployment_targets",
            {"deploymentTargets": [instance]},
            {"deploymentId": "d-92GQ47BKJ", "targetIds": many[:25]},
        )
        stub.add_response(
            "batch_get_deployment_targets",
            {"deploymentTargets": []},
            {"deploymentId": "d-92GQ47BKJ", "targetIds": many[25:]},
        )
        stub.add_client_error(
            "list_deployment_targets", "DeploymentNotStartedException", expected_params={"deploymentId": "d-NOTSTART"}
        )
        stub.add_client_error(
            "list_deployment_targets", "DeploymentDoesNotExistException", expected_params={"deploymentId": "d-GONE"}
        )
        stub.add_response(
            "list_deployment_targets", {"targetIds": ["image-resizer:live"]}, {"deploymentId": "d-K3J2H1G0F"}
        )
        stub.add_response(
            "batch_get_deployment_targets",
            {"deploymentTargets": [function]},
            {"deploymentId": "d-K3J2H1G0F", "targetIds": ["image-resizer:live"]},
        )
        items = KIND.fetch(clients, clients.context())
        stub.assert_no_pending_responses()
    assert items == fixture["items"]


@pytest.mark.parametrize("code", ["AccessDeniedException", "ThrottlingException"])
def test_a_denied_or_failed_target_listing_fails_the_kind(monkeypatch, code):
    """Never an empty read that would delete the targets already in Port."""
    monkeypatch.setattr(_codedeploy, "WORKERS", 1)
    clients = StubbedClients("codedeploy", account_id=FIXTURE_ACCOUNT)
    with clients.stubs["codedeploy"] as stub:
        stub.add_response("list_deployments", {"deployments": ["d-1"]}, {"createTimeRange": {"start": ANY}})
        stub.add_client_error("list_deployment_targets", code, expected_params={"deploymentId": "d-1"})
        with pytest.raises(ClientError, match=code):
            KIND.fetch(clients, clients.context())


def test_default_mapping_maps_fixture_records():
    entities = mapped_to_blueprint(KIND, NAME, "awsCodeDeployDeploymentTarget")
    instance, function = entities
    assert instance.identifier == "d-92GQ47BKJ/i-0123456789abcdef0"
    assert function.identifier == "d-K3J2H1G0F/image-resizer:live"
    assert instance.relations == {"account": FIXTURE_ACCOUNT, "deployment": "d-92GQ47BKJ"}
    assert instance.properties["status"] == "Failed" and instance.properties["instanceLabel"] == "Blue"
    assert instance.properties["targetArn"].endswith(":instance/i-0123456789abcdef0")
    assert function.properties["targetId"] == "image-resizer:live" and function.properties["instanceLabel"] is None
    # every target's deployment is a Deployment entity (same window, same identifiers)
    assert {e.relations["deployment"] for e in entities} <= mapped_identifiers(DEPLOYMENT, "codedeploy_deployment")


def test_target_ids_outside_identifier_characters_are_replaced():
    props = {
        "DeploymentId": "d-ABC",
        "DeploymentTargetType": "InstanceTarget",
        "InstanceTarget": {"targetId": "on-prem host,01", "status": "Succeeded"},
    }
    entities = map_records(KIND, records_of(KIND, [props], FIXTURE_ACCOUNT, "eu-west-1"), default_mapping(NAME))
    assert entities[0].identifier == "d-ABC/on-prem_host_01"
    assert entities[0].properties["targetId"] == "on-prem host,01"
