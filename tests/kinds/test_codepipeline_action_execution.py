"""AWS::CodePipeline::ActionExecution: aws-v3 CodePipelineActionExecutionProperties on a recorded
ListActionExecutions answer, the fetch on stubbed AWS answers (only the windowed executions' action executions),
default mapping (action execution -> pipeline execution).

No moto test: moto answers HTTP 500 to ListActionExecutions.
"""

import re
from datetime import UTC, datetime, timedelta
from importlib import resources

import boto3
import yaml
from botocore.stub import Stubber

from port_aws_pipeline.kinds import ReadContext, _codepipeline
from port_aws_pipeline.kinds.codepipeline_action_execution import FIELDS, KIND
from port_aws_pipeline.kinds.codepipeline_pipeline_execution import KIND as EXECUTION
from port_aws_pipeline.port.mapping import Mapping, PortAppConfig
from port_aws_pipeline.reader import to_record
from tests.kinds.helpers import load_fixture, shape_fixture

NAME = "codepipeline_action_execution"
IDENTIFIER = re.compile(r"^[A-Za-z0-9@_.+:\/=-]+$")
FRAGMENT = yaml.safe_load(resources.files("port_aws_pipeline.defaults").joinpath(f"kinds/{NAME}.yml").read_text())
V3_KEYS = {f[:1].upper() + f[1:] for f in FIELDS}
FIXTURE_ACCOUNT = load_fixture(NAME)["context"]["account_id"]


def mapping(name: str) -> Mapping:
    fragment = yaml.safe_load(resources.files("port_aws_pipeline.defaults").joinpath(f"kinds/{name}.yml").read_text())
    return Mapping(PortAppConfig.model_validate({"resources": fragment["resources"]}))


def test_fixture_shapes_to_aws_v3_properties():
    fixture = load_fixture(NAME)
    shaped = shape_fixture(KIND, NAME)
    assert shaped == fixture["expected"]
    build, deploy = shaped
    assert set(build) == V3_KEYS  # every aws-v3 key, nothing else
    assert set(deploy) == V3_KEYS - {"UpdatedBy"}  # exclude_unset
    assert build["ActionExecutionId"] == "a1b2c3d4-5678-90ab-cdef-111111111111"
    assert (
        build["PipelineExecutionId"] == "43858f3d-2987-40c7-9332-f82611de1449" and type(build["PipelineVersion"]) is int
    )
    # Input / Output keep AWS's camelCase keys (aws-v3 models them as plain objects)
    assert build["Input"]["actionTypeId"] == {
        "category": "Build",
        "owner": "AWS",
        "provider": "CodeBuild",
        "version": "1",
    }
    assert build["Output"]["outputVariables"] == {"IMAGE_TAG": "9f8e7d6"}
    assert deploy["Output"]["executionResult"]["errorDetails"]["code"] == "JobFailed"
    assert datetime.fromisoformat(build["StartTime"]) < datetime.fromisoformat(build["LastUpdateTime"])


def test_fetch_lists_action_executions_of_the_windowed_executions_only(monkeypatch):
    monkeypatch.setattr(_codepipeline, "WORKERS", 1)  # one worker keeps the stubbed answers in order
    fixture = load_fixture(NAME)
    build, deploy = fixture["items"]
    run = build["pipelineExecutionId"]
    now = datetime.now(UTC)
    client = boto3.client("codepipeline", region_name="eu-west-1", aws_access_key_id="x", aws_secret_access_key="x")

    class Clients:
        account_id, partition = FIXTURE_ACCOUNT, "aws"

        def client(self, service, region):
            assert (service, region) == ("codepipeline", "eu-west-1")
            return client

    page = _codepipeline.MAX_EXECUTIONS_PER_PIPELINE
    summaries = [
        {"pipelineExecutionId": run, "status": "Failed", "startTime": now - timedelta(days=2)},
        {"pipelineExecutionId": "old-run", "status": "Succeeded", "startTime": now - timedelta(days=45)},
    ]
    with Stubber(client) as stub:
        stub.add_response("list_pipelines", {"pipelines": [{"name": "payments-release"}, {"name": "deleted"}]}, {})
        stub.add_response(
            "list_pipeline_executions",
            {"pipelineExecutionSummaries": summaries},
            {"pipelineName": "payments-release", "maxResults": page},
        )
        stub.add_client_error(
            "list_pipeline_executions",
            "PipelineNotFoundException",
            expected_params={"pipelineName": "deleted", "maxResults": page},
        )
        stub.add_response(
            "list_action_executions",
            {"actionExecutionDetails": [build], "nextToken": "t"},
            {"pipelineName": "payments-release", "filter": {"pipelineExecutionId": run}},
        )
        stub.add_response(
            "list_action_executions",
            {"actionExecutionDetails": [deploy]},
            {"pipelineName": "payments-release", "filter": {"pipelineExecutionId": run}, "nextToken": "t"},
        )
        items = KIND.fetch(Clients(), ReadContext(FIXTURE_ACCOUNT, "eu-west-1", "aws", ("eu-west-1",)))
        stub.assert_no_pending_responses()
    assert items == [build, deploy]  # "old-run" started before the window: never listed


def test_default_mapping_maps_fixture_records():
    records = [to_record(KIND.kind, p, FIXTURE_ACCOUNT, "eu-west-1") for p in shape_fixture(KIND, NAME)]
    entities, errors = mapping(NAME).map_records(KIND.kind, records, "scope")
    assert errors == []
    blueprint = FRAGMENT["blueprints"][0]
    build, deploy = entities
    assert build.blueprint == blueprint["identifier"] == "awsCodePipelineActionExecution"
    assert build.identifier == "a1b2c3d4-5678-90ab-cdef-111111111111"
    assert build.title == "Build/Build"
    assert build.relations == {"account": FIXTURE_ACCOUNT, "pipelineExecution": "43858f3d-2987-40c7-9332-f82611de1449"}
    assert (
        build.properties["provider"] == "CodeBuild"
        and build.properties["externalExecutionSummary"] == "Build succeeded"
    )
    assert (
        deploy.properties["errorMessage"] == "Deployment d-92GQ47BKJ failed" and deploy.properties["updatedBy"] is None
    )
    execution_records = [
        to_record(EXECUTION.kind, p, FIXTURE_ACCOUNT, "eu-west-1")
        for p in shape_fixture(EXECUTION, "codepipeline_pipeline_execution")
    ]
    executions, _ = mapping("codepipeline_pipeline_execution").map_records(EXECUTION.kind, execution_records, "scope")
    assert {e.relations["pipelineExecution"] for e in entities} <= {x.identifier for x in executions}
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
