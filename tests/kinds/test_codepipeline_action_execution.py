"""AWS::CodePipeline::ActionExecution: aws-v3 CodePipelineActionExecutionProperties on a recorded
ListActionExecutions answer, the fetch on stubbed AWS answers (only the windowed executions' action executions),
default mapping (action execution -> pipeline execution).

No moto test: moto answers HTTP 500 to ListActionExecutions.
"""

from datetime import UTC
from datetime import datetime
from datetime import timedelta

from port_aws_pipeline.kinds import _codepipeline
from port_aws_pipeline.kinds.codepipeline_action_execution import FIELDS
from port_aws_pipeline.kinds.codepipeline_action_execution import KIND
from port_aws_pipeline.kinds.codepipeline_pipeline_execution import KIND as EXECUTION
from tests.kinds.helpers import StubbedClients
from tests.kinds.helpers import fixture_account
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import load_fixture
from tests.kinds.helpers import mapped_identifiers
from tests.kinds.helpers import mapped_to_blueprint
from tests.kinds.helpers import v3_keys

NAME = "codepipeline_action_execution"
V3_KEYS = v3_keys(FIELDS)
FIXTURE_ACCOUNT = fixture_account(NAME)


def test_fixture_shapes_to_aws_v3_properties():
    shaped = fixture_shapes(KIND, NAME)
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
    clients = StubbedClients("codepipeline", account_id=FIXTURE_ACCOUNT)
    page = _codepipeline.MAX_EXECUTIONS_PER_PIPELINE
    summaries = [
        {"pipelineExecutionId": run, "status": "Failed", "startTime": now - timedelta(days=2)},
        {"pipelineExecutionId": "old-run", "status": "Succeeded", "startTime": now - timedelta(days=45)},
    ]
    with clients.stubs["codepipeline"] as stub:
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
        items = KIND.fetch(clients, clients.context())
        stub.assert_no_pending_responses()
    assert items == [build, deploy]  # "old-run" started before the window: never listed


def test_default_mapping_maps_fixture_records():
    entities = mapped_to_blueprint(KIND, NAME, "awsCodePipelineActionExecution")
    build, deploy = entities
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
    executions = mapped_identifiers(EXECUTION, "codepipeline_pipeline_execution")
    assert {e.relations["pipelineExecution"] for e in entities} <= executions
