"""AWS::CodeDeploy::Application: aws-v3 CodeDeployApplicationProperties on a recorded BatchGetApplications answer
(tags from the tagging API), moto, default mapping."""

from datetime import datetime

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import codedeploy as seeder
from port_aws_pipeline.kinds.codedeploy_application import FIELDS
from port_aws_pipeline.kinds.codedeploy_application import KIND
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import fixture_account
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import load_fixture
from tests.kinds.helpers import mapped_to_blueprint
from tests.kinds.helpers import moto_records
from tests.kinds.helpers import v3_keys

NAME = "codedeploy_application"
V3_KEYS = v3_keys(FIELDS) | {"Tags"}
FIXTURE_ACCOUNT = fixture_account(NAME)


def test_fixture_shapes_to_aws_v3_properties():
    shaped = fixture_shapes(KIND, NAME)
    server, lambda_app = shaped
    assert set(server) == V3_KEYS - {"GitHubAccountName"} | {"Arn"}  # Arn is ours: no CodeDeploy call returns it
    assert set(lambda_app) == V3_KEYS | {"Arn"}
    assert server["Arn"] == f"arn:aws:codedeploy:eu-west-1:{FIXTURE_ACCOUNT}:application:payments-api"
    assert server["ApplicationId"] == "0f9e8d7c-6b5a-4948-8372-615049382716"
    assert server["LinkedToGitHub"] is False and lambda_app["LinkedToGitHub"] is True
    assert server["Tags"] == [
        {"Key": "team", "Value": "payments"},
        {"Key": "env", "Value": "prod"},
    ]  # aws-v3: ListTagsForResource's shape
    assert lambda_app["Tags"] == []
    datetime.fromisoformat(server["CreateTime"])


def test_moto_applications_with_tags_from_one_listing(aws):
    session = account_session(ACCOUNT)
    tags = [{"Key": "team", "Value": "platform"}, {"Key": "env", "Value": "t"}]
    assert seeder.seed(SeedContext(session, ACCOUNT, "us-east-1", "t", 2, tags)) == {"AWS::CodeDeploy::Application": 2}
    session.client("codedeploy").create_application(applicationName="untagged", computePlatform="Lambda")
    records = {r["Properties"]["ApplicationName"]: r["Properties"] for r in moto_records(KIND)}
    assert sorted(records) == ["t-app-0", "t-app-1", "untagged"]
    props = records["t-app-0"]
    assert set(props) <= V3_KEYS | {"Arn"}
    assert props["Arn"] == f"arn:aws:codedeploy:us-east-1:{ACCOUNT}:application:t-app-0"
    assert props["Tags"] == tags and records["untagged"]["Tags"] == []
    assert props["ComputePlatform"] == "Server" and records["untagged"]["ComputePlatform"] == "Lambda"
    datetime.fromisoformat(props["CreateTime"])


def test_default_mapping_maps_fixture_records():
    entities = mapped_to_blueprint(KIND, NAME, "awsCodeDeployApplication")
    server = entities[0]
    assert server.identifier == f"arn:aws:codedeploy:eu-west-1:{FIXTURE_ACCOUNT}:application:payments-api"
    assert server.title == "payments-api"
    assert server.relations == {"account": FIXTURE_ACCOUNT}
    assert server.properties["tags"] == {"team": "payments", "env": "prod"} and entities[1].properties["tags"] == {}
    assert server.properties["region"] == "eu-west-1" and server.properties["linkedToGitHub"] is False


def test_codedeploy_kinds_share_a_private_helper_module_and_a_seeder():
    from port_aws_pipeline.devtools.seeding import seeders
    from port_aws_pipeline.kinds import _codedeploy
    from port_aws_pipeline.kinds import registered_kinds

    assert not hasattr(_codedeploy, "KIND")  # `_codedeploy` is skipped by the registry
    names = {k for k in registered_kinds() if k.startswith("AWS::CodeDeploy::")}
    assert names == {
        f"AWS::CodeDeploy::{t}" for t in ("Application", "DeploymentGroup", "Deployment", "DeploymentTarget")
    }
    assert seeders()["codedeploy"] is seeder
    assert (
        _codedeploy.application_arn(fixture_ctx(), "a")
        == f"arn:aws:codedeploy:eu-west-1:{FIXTURE_ACCOUNT}:application:a"
    )


def fixture_ctx():
    from tests.kinds.helpers import fixture_context

    return fixture_context(load_fixture(NAME), KIND)
