"""AWS::CodePipeline::Stage: aws-v3 StageProperties on a recorded GetPipeline answer, moto, default mapping
(stage -> pipeline; stages have no ARN: `<pipeline ARN>/<stage name>`)."""

import re
from datetime import datetime
from importlib import resources

import yaml

from port_aws_pipeline.devtools.seeding import SeedContext, account_session
from port_aws_pipeline.devtools.seeding import codepipeline as seeder
from port_aws_pipeline.kinds.codepipeline_pipeline import KIND as PIPELINE
from port_aws_pipeline.kinds.codepipeline_stage import FIELDS, KIND
from port_aws_pipeline.port.mapping import Mapping, PortAppConfig
from port_aws_pipeline.reader import to_record
from tests.kinds.helpers import ACCOUNT, load_fixture, moto_records, shape_fixture

NAME = "codepipeline_stage"
IDENTIFIER = re.compile(r"^[A-Za-z0-9@_.+:\/=-]+$")
FRAGMENT = yaml.safe_load(resources.files("port_aws_pipeline.defaults").joinpath(f"kinds/{NAME}.yml").read_text())
V3_KEYS = {f[:1].upper() + f[1:] for f in FIELDS}
FIXTURE_ACCOUNT = load_fixture(NAME)["context"]["account_id"]
PIPELINE_ARN = f"arn:aws:codepipeline:eu-west-1:{FIXTURE_ACCOUNT}:payments-release"


def mapping(name: str) -> Mapping:
    fragment = yaml.safe_load(resources.files("port_aws_pipeline.defaults").joinpath(f"kinds/{name}.yml").read_text())
    return Mapping(PortAppConfig.model_validate({"resources": fragment["resources"]}))


def test_fixture_shapes_to_aws_v3_properties():
    fixture = load_fixture(NAME)
    shaped = shape_fixture(KIND, NAME)
    assert shaped == fixture["expected"]
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
    stages, errors = mapping(NAME).map_records(KIND.kind, records, "scope")
    pipelines, more = mapping("codepipeline_pipeline").map_records(PIPELINE.kind, moto_records(PIPELINE), "scope")
    assert errors == more == []
    assert {s.relations["pipeline"] for s in stages} == {p.identifier for p in pipelines}


def test_default_mapping_maps_fixture_records():
    records = [to_record(KIND.kind, p, FIXTURE_ACCOUNT, "eu-west-1") for p in shape_fixture(KIND, NAME)]
    entities, errors = mapping(NAME).map_records(KIND.kind, records, "scope")
    assert errors == []
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
    pipeline_records = [
        to_record(PIPELINE.kind, p, FIXTURE_ACCOUNT, "eu-west-1")
        for p in shape_fixture(PIPELINE, "codepipeline_pipeline")
    ]
    pipelines, _ = mapping("codepipeline_pipeline").map_records(PIPELINE.kind, pipeline_records, "scope")
    assert {e.relations["pipeline"] for e in entities} <= {p.identifier for p in pipelines}
    for entity in entities:
        assert IDENTIFIER.match(entity.identifier)
        assert_matches_blueprint(entity, blueprint)


def assert_matches_blueprint(entity, blueprint):
    """Every mapped property is declared with its JSON type; relations are the declared ones."""
    schema = blueprint["schema"]["properties"]
    types = {"string": str, "number": (int, float), "boolean": bool, "object": dict, "array": list}
    for key, value in entity.properties.items():
        if key == "awsSyncScope" or value is None:
            continue
        assert key in schema, key
        assert isinstance(value, types[schema[key]["type"]]) and not (
            schema[key]["type"] == "number" and isinstance(value, bool)
        ), key
        if schema[key].get("format") == "date-time":
            datetime.fromisoformat(value)
    assert set(entity.relations) <= set(blueprint["relations"])


def test_a_denied_get_pipeline_fails_the_kind():
    """Stages come only from GetPipeline: a denied one must not read as 'no stages' (and delete them in Port)."""
    import boto3
    import pytest
    from botocore.exceptions import ClientError
    from botocore.stub import Stubber

    from port_aws_pipeline.kinds import ReadContext

    client = boto3.client("codepipeline", region_name="eu-west-1", aws_access_key_id="x", aws_secret_access_key="x")

    class Clients:
        account_id, partition = FIXTURE_ACCOUNT, "aws"

        def client(self, service, region):
            return client

    with Stubber(client) as stub:
        stub.add_response("list_pipelines", {"pipelines": [{"name": "payments-release"}]}, {})
        stub.add_client_error("get_pipeline", "AccessDeniedException", expected_params={"name": "payments-release"})
        with pytest.raises(ClientError, match="AccessDeniedException"):
            KIND.fetch(Clients(), ReadContext(FIXTURE_ACCOUNT, "eu-west-1", "aws", ("eu-west-1",)))
