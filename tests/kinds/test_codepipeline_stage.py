"""AWS::CodePipeline::Stage: aws-v3 StageProperties on a recorded GetPipeline answer, moto, default mapping
(stage -> pipeline; stages have no ARN: `<pipeline ARN>/<stage name>`)."""

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import codepipeline as seeder
from port_aws_pipeline.kinds.codepipeline_pipeline import KIND as PIPELINE
from port_aws_pipeline.kinds.codepipeline_stage import FIELDS
from port_aws_pipeline.kinds.codepipeline_stage import KIND
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import StubbedClients
from tests.kinds.helpers import assert_relates_to_moto
from tests.kinds.helpers import fixture_account
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import mapped_identifiers
from tests.kinds.helpers import mapped_to_blueprint
from tests.kinds.helpers import moto_records
from tests.kinds.helpers import v3_keys

NAME = "codepipeline_stage"
V3_KEYS = v3_keys(FIELDS)
FIXTURE_ACCOUNT = fixture_account(NAME)
PIPELINE_ARN = f"arn:aws:codepipeline:eu-west-1:{FIXTURE_ACCOUNT}:payments-release"


def test_fixture_shapes_to_aws_v3_properties():
    shaped = fixture_shapes(KIND, NAME)
    source, build, release = shaped
    assert set().union(*shaped) == V3_KEYS - {"Blockers"}  # every aws-v3 key AWS returned for the stages, nothing else
    assert set(source) == {"Actions", "Name", "Order", "PipelineArn", "PipelineName"}  # exclude_unset
    assert [s["Order"] for s in shaped] == [1, 2, 3] and all(type(s["Order"]) is int for s in shaped)
    assert {s["PipelineArn"] for s in shaped} == {PIPELINE_ARN} and {s["PipelineName"] for s in shaped} == {
        "payments-release"
    }
    assert [a["name"] for a in release["Actions"]] == ["Approve", "Deploy", "Smoke-Test"]
    assert release["Actions"][1]["actionTypeId"]["provider"] == "CodeDeploy"  # nested keys stay as AWS gives them
    assert build["OnFailure"] == {"result": "RETRY", "retryConfiguration": {"retryMode": "FAILED_ACTIONS"}}
    assert isinstance(release["BeforeEntry"], dict) and isinstance(release["OnSuccess"], dict)


def test_moto_stages_of_every_pipeline(aws):
    session = account_session(ACCOUNT)
    seeder.prepare(session, ACCOUNT)
    created = seeder.seed(SeedContext(session, ACCOUNT, "us-east-1", "t", 2, [{"Key": "team", "Value": "platform"}]))
    records = moto_records(KIND)
    assert len(records) == created["AWS::CodePipeline::Stage"] == 4
    found = sorted(
        (r["Properties"]["PipelineName"], r["Properties"]["Order"], r["Properties"]["Name"]) for r in records
    )
    assert found == [
        ("t-pipeline-0", 1, "Source"),
        ("t-pipeline-0", 2, "Build"),
        ("t-pipeline-1", 1, "Source"),
        ("t-pipeline-1", 2, "Build"),
    ]
    props = records[0]["Properties"]
    assert set(props) <= V3_KEYS
    assert props["PipelineArn"] == f"arn:aws:codepipeline:us-east-1:{ACCOUNT}:{props['PipelineName']}"
    assert_relates_to_moto(KIND, NAME, records, "pipeline", PIPELINE, "codepipeline_pipeline")


def test_default_mapping_maps_fixture_records():
    entities = mapped_to_blueprint(KIND, NAME, "awsCodePipelineStage")
    assert [e.identifier for e in entities] == [
        f"{PIPELINE_ARN}/Source",
        f"{PIPELINE_ARN}/Build",
        f"{PIPELINE_ARN}/Release",
    ]
    release = entities[2]
    assert release.title == "payments-release/Release"
    assert release.relations == {"account": FIXTURE_ACCOUNT, "pipeline": PIPELINE_ARN}
    assert release.properties["order"] == 3 and release.properties["actionNames"] == ["Approve", "Deploy", "Smoke-Test"]
    assert {e.relations["pipeline"] for e in entities} <= mapped_identifiers(PIPELINE, "codepipeline_pipeline")


def test_a_denied_get_pipeline_fails_the_kind():
    """Stages come only from GetPipeline: a denied one must not read as 'no stages' (and delete them in Port)."""
    import pytest
    from botocore.exceptions import ClientError

    clients = StubbedClients("codepipeline", account_id=FIXTURE_ACCOUNT)
    with clients.stubs["codepipeline"] as stub:
        stub.add_response("list_pipelines", {"pipelines": [{"name": "payments-release"}]}, {})
        stub.add_client_error("get_pipeline", "AccessDeniedException", expected_params={"name": "payments-release"})
        with pytest.raises(ClientError, match="AccessDeniedException"):
            KIND.fetch(clients, clients.context())
