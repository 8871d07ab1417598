"""AWS::CodePipeline::Stage: aws-v3 StageProperties on a recorded GetPipeline answer, moto, default mapping
(stage -> pipeline; stages have no ARN: `<pipeline ARN>/<stage name>`)."""

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import codepipeline as seeder
from port_aws_pipeline.kinds.codepipeline_pipeline import KIND as PIPELINE
from port_aws_pipeline.kinds.codepipeline_stage import FIELDS
from port_aws_pipeline.kinds.codepipeline_stage import KIND
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import assert_fits_blueprint
from tests.kinds.helpers import default_mapping
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import fragment
from tests.kinds.helpers import load_fixture
from tests.kinds.helpers import map_records
from tests.kinds.helpers import mapped
from tests.kinds.helpers import moto_records
from tests.kinds.helpers import stub_client

NAME = "codepipeline_stage"
FRAGMENT = fragment(NAME)
V3_KEYS = {f[:1].upper() + f[1:] for f in FIELDS}
FIXTURE_ACCOUNT = load_fixture(NAME)["context"]["account_id"]
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
    stages = map_records(KIND, records, default_mapping(NAME))
    pipelines = map_records(PIPELINE, moto_records(PIPELINE), default_mapping("codepipeline_pipeline"))
    assert {s.relations["pipeline"] for s in stages} == {p.identifier for p in pipelines}


def test_default_mapping_maps_fixture_records():
    entities = mapped(KIND, NAME)
    blueprint = FRAGMENT["blueprints"][0]
    assert [e.identifier for e in entities] == [
        f"{PIPELINE_ARN}/Source",
        f"{PIPELINE_ARN}/Build",
        f"{PIPELINE_ARN}/Release",
    ]
    release = entities[2]
    assert release.blueprint == blueprint["identifier"] == "awsCodePipelineStage"
    assert release.title == "payments-release/Release"
    assert release.relations == {"account": FIXTURE_ACCOUNT, "pipeline": PIPELINE_ARN}
    assert release.properties["order"] == 3 and release.properties["actionNames"] == ["Approve", "Deploy", "Smoke-Test"]
    pipelines = mapped(PIPELINE, "codepipeline_pipeline")
    assert {e.relations["pipeline"] for e in entities} <= {p.identifier for p in pipelines}
    for entity in entities:
        assert_fits_blueprint(entity, blueprint)


def test_a_denied_get_pipeline_fails_the_kind():
    """Stages come only from GetPipeline: a denied one must not read as 'no stages' (and delete them in Port)."""
    import pytest
    from botocore.exceptions import ClientError
    from botocore.stub import Stubber

    from port_aws_pipeline.kinds import ReadContext

    client = stub_client("codepipeline")

    class Clients:
        account_id, partition = FIXTURE_ACCOUNT, "aws"

        def client(self, service, region):
            return client

    with Stubber(client) as stub:
        stub.add_response("list_pipelines", {"pipelines": [{"name": "payments-release"}]}, {})
        stub.add_client_error("get_pipeline", "AccessDeniedException", expected_params={"name": "payments-release"})
        with pytest.raises(ClientError, match="AccessDeniedException"):
            KIND.fetch(Clients(), ReadContext(FIXTURE_ACCOUNT, "eu-west-1", "aws", ("eu-west-1",)))
