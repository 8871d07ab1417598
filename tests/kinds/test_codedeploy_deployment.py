"""AWS::CodeDeploy::Deployment: aws-v3 CodeDeployDeploymentProperties on a recorded BatchGetDeployments answer,
the history window (`_codedeploy.recent_deployment_ids`, Stubber), moto, default mapping (-> application, group)."""

from datetime import UTC
from datetime import datetime
from datetime import timedelta

import pytest
from botocore.stub import ANY
from botocore.stub import Stubber

from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.kinds import _codedeploy
from port_aws_pipeline.kinds.codedeploy_deployment import FIELDS
from port_aws_pipeline.kinds.codedeploy_deployment import KIND
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import StubbedClients
from tests.kinds.helpers import fixture_account
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import load_fixture
from tests.kinds.helpers import mapped
from tests.kinds.helpers import mapped_identifiers
from tests.kinds.helpers import mapped_to_blueprint
from tests.kinds.helpers import moto_records
from tests.kinds.helpers import records_of
from tests.kinds.helpers import shape_fixture
from tests.kinds.helpers import stub_client
from tests.kinds.helpers import v3_keys

NAME = "codedeploy_deployment"
V3_KEYS = v3_keys(FIELDS)
FIXTURE_ACCOUNT = fixture_account(NAME)


def test_fixture_shapes_to_aws_v3_properties():
    shaped = fixture_shapes(KIND, NAME)
    failed, running = shaped
    # every aws-v3 key AWS gives an in-place deployment; ec2DeploymentOptions is not in aws-v3's model
    assert V3_KEYS - set(failed) == {"BlueGreenDeploymentConfiguration"} and set(failed) <= V3_KEYS
    assert (
        set(running) <= V3_KEYS and "CompleteTime" not in running and "ErrorInformation" not in running
    )  # exclude_unset
    assert failed["DeploymentId"] == "d-92GQ47BKJ" and failed["Status"] == "Failed"
    assert failed["DeploymentOverview"] == {
        "Pending": 0,
        "InProgress": 0,
        "Succeeded": 1,
        "Failed": 1,
        "Skipped": 0,
        "Ready": 0,
    }
    assert all(type(n) is int for n in failed["DeploymentOverview"].values())
    for key in ("IgnoreApplicationStopFailures", "InstanceTerminationWaitTimeStarted", "UpdateOutdatedInstancesOnly"):
        assert failed[key] is False, key
    assert failed["DeploymentStatusMessages"] == []
    for key in (
        "Revision",
        "PreviousRevision",
        "ErrorInformation",
        "RollbackInfo",
        "DeploymentStyle",
        "TargetInstances",
        "AutoRollbackConfiguration",
        "LoadBalancerInfo",
        "OverrideAlarmConfiguration",
        "RelatedDeployments",
    ):
        assert isinstance(failed[key], dict), key
    assert datetime.fromisoformat(failed["CreateTime"]) < datetime.fromisoformat(failed["CompleteTime"])


def test_window_is_listdeployments_create_time_range_and_capped(monkeypatch):
    monkeypatch.setattr(_codedeploy, "MAX_DEPLOYMENTS", 3)
    codedeploy = stub_client("codedeploy")
    now = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
    window = {"createTimeRange": {"start": now - timedelta(days=_codedeploy.LOOKBACK_DAYS)}}
    with Stubber(codedeploy) as stub:
        stub.add_response("list_deployments", {"deployments": ["d-1", "d-2"], "nextToken": "t"}, window)
        stub.add_response(
            "list_deployments", {"deployments": ["d-3", "d-4"], "nextToken": "u"}, {**window, "nextToken": "t"}
        )
        assert _codedeploy.recent_deployment_ids(codedeploy, now) == ["d-1", "d-2", "d-3"]
        stub.assert_no_pending_responses()


def test_fetch_batches_25_ids_per_batch_get_deployments(monkeypatch):
    fixture = load_fixture(NAME)
    ids = [f"d-{n:09d}" for n in range(30)]
    clients = StubbedClients("codedeploy", account_id=FIXTURE_ACCOUNT)

    with clients.stubs["codedeploy"] as stub:
        stub.add_response("list_deployments", {"deployments": ids}, {"createTimeRange": {"start": ANY}})
        stub.add_response("batch_get_deployments", {"deploymentsInfo": fixture["items"]}, {"deploymentIds": ids[:25]})
        stub.add_response("batch_get_deployments", {"deploymentsInfo": []}, {"deploymentIds": ids[25:]})
        items = KIND.fetch(clients, clients.context())
        stub.assert_no_pending_responses()
    assert items == fixture["items"]


def test_moto_deployments_of_the_window(aws):
    codedeploy = account_session(ACCOUNT).client("codedeploy")
    codedeploy.create_application(applicationName="api", computePlatform="Server")
    codedeploy.create_deployment_group(
        applicationName="api", deploymentGroupName="prod", serviceRoleArn=f"arn:aws:iam::{ACCOUNT}:role/codedeploy"
    )
    revision = {"revisionType": "S3", "s3Location": {"bucket": "releases", "key": "api.zip", "bundleType": "zip"}}
    created = [
        codedeploy.create_deployment(
            applicationName="api", deploymentGroupName="prod", revision=revision, description=f"release {n}"
        )["deploymentId"]
        for n in range(2)
    ]
    records = moto_records(KIND)
    assert sorted(r["Properties"]["DeploymentId"] for r in records) == sorted(created)
    props = records[0]["Properties"]
    assert set(props) <= V3_KEYS
    assert props["ApplicationName"] == "api" and props["DeploymentGroupName"] == "prod" and props["Status"] == "Created"
    assert props["Revision"] == revision and type(props["InstanceTerminationWaitTimeStarted"]) is bool
    assert all(type(n) is int for n in props["DeploymentOverview"].values())
    datetime.fromisoformat(props["CreateTime"])


@pytest.mark.parametrize(
    ("region", "partition"), [("eu-west-1", "aws"), ("cn-north-1", "aws-cn"), ("us-gov-west-1", "aws-us-gov")]
)
def test_default_mapping_maps_fixture_records(region, partition):
    records = records_of(KIND, shape_fixture(KIND, NAME), FIXTURE_ACCOUNT, region)
    entities = mapped_to_blueprint(KIND, NAME, "awsCodeDeployDeployment", records)
    failed = entities[0]
    assert failed.identifier == "d-92GQ47BKJ"
    assert failed.title == "payments-api/prod/d-92GQ47BKJ"
    prefix = f"arn:{partition}:codedeploy:{region}:{FIXTURE_ACCOUNT}"
    assert failed.relations == {
        "account": FIXTURE_ACCOUNT,
        "application": f"{prefix}:application:payments-api",
        "deploymentGroup": f"{prefix}:deploymentgroup:payments-api/prod",
    }
    assert failed.properties["errorCode"] == "HEALTH_CONSTRAINTS" and failed.properties["overview"]["Failed"] == 1
    assert entities[1].properties["errorCode"] is None


def test_relations_match_the_application_and_group_identifiers():
    from port_aws_pipeline.kinds.codedeploy_application import KIND as APPLICATION
    from port_aws_pipeline.kinds.codedeploy_deployment_group import KIND as GROUP

    entities = mapped(KIND, NAME)
    applications = mapped_identifiers(APPLICATION, "codedeploy_application")
    groups = mapped_identifiers(GROUP, "codedeploy_deployment_group")
    assert {e.relations["application"] for e in entities} <= applications
    assert {e.relations["deploymentGroup"] for e in entities} <= groups
