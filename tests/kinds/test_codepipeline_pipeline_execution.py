"""AWS::CodePipeline::PipelineExecution: aws-v3 PipelineExecutionProperties on recorded ListPipelineExecutions /
GetPipelineExecution answers, the history window (`_codepipeline.recent_executions`, Stubber), moto, default
mapping (execution -> pipeline)."""

from datetime import UTC
from datetime import datetime
from datetime import timedelta

import pytest
from botocore.stub import Stubber

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import codepipeline as seeder
from port_aws_pipeline.kinds import _codepipeline
from port_aws_pipeline.kinds.codepipeline_pipeline import KIND as PIPELINE
from port_aws_pipeline.kinds.codepipeline_pipeline_execution import FIELDS
from port_aws_pipeline.kinds.codepipeline_pipeline_execution import KIND
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import StubbedClients
from tests.kinds.helpers import assert_relates_to_moto
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

NAME = "codepipeline_pipeline_execution"
V3_KEYS = v3_keys(FIELDS)
FIXTURE_ACCOUNT = fixture_account(NAME)
SUMMARY_KEYS = {
    "pipelineExecutionId",
    "status",
    "statusSummary",
    "startTime",
    "lastUpdateTime",
    "sourceRevisions",
    "trigger",
    "stopTrigger",
    "executionMode",
    "executionType",
    "rollbackMetadata",
}


def test_fixture_shapes_to_aws_v3_properties():
    shaped = fixture_shapes(KIND, NAME)
    full, summary_only = shaped
    assert set(full) | set(summary_only) == V3_KEYS  # together every aws-v3 key, nothing else
    assert full["PipelineName"] == "payments-release" and type(full["PipelineVersion"]) is int
    assert (
        full["Status"] == "Succeeded" and full["Trigger"]["triggerType"] == "CloudWatchEvent"
    )  # nested keys as AWS gives them
    for key in ("ArtifactRevisions", "SourceRevisions", "Variables"):
        assert isinstance(full[key], list), key
    assert datetime.fromisoformat(full["StartTime"]) < datetime.fromisoformat(full["LastUpdateTime"])
    # GetPipelineExecution denied: the summary only (aws-v3 does the same), so no PipelineName / PipelineVersion
    assert "PipelineName" not in summary_only and summary_only["StopTrigger"] == {"reason": "wrong branch"}


def summary(execution_id: str, started: datetime) -> dict:
    return {"pipelineExecutionId": execution_id, "status": "Succeeded", "startTime": started, "lastUpdateTime": started}


def test_window_is_the_most_recent_executions_of_the_last_30_days(monkeypatch):
    now = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
    client = stub_client("codepipeline")
    page_size = _codepipeline.MAX_EXECUTIONS_PER_PIPELINE
    with Stubber(client) as stub:
        first = [summary("e-1", now - timedelta(hours=1)), summary("e-2", now - timedelta(days=29))]
        older = [summary("e-3", now - timedelta(days=31)), summary("e-4", now - timedelta(days=40))]
        stub.add_response(
            "list_pipeline_executions",
            {"pipelineExecutionSummaries": first, "nextToken": "t"},
            {"pipelineName": "p", "maxResults": page_size},
        )
        stub.add_response(
            "list_pipeline_executions",
            {"pipelineExecutionSummaries": older, "nextToken": "u"},
            {"pipelineName": "p", "maxResults": page_size, "nextToken": "t"},
        )
        assert [e["pipelineExecutionId"] for e in _codepipeline.recent_executions(client, "p", now)] == ["e-1", "e-2"]
        stub.assert_no_pending_responses()
    monkeypatch.setattr(_codepipeline, "MAX_EXECUTIONS_PER_PIPELINE", 1)
    with Stubber(client) as stub:
        stub.add_response(
            "list_pipeline_executions",
            {"pipelineExecutionSummaries": first[:1], "nextToken": "t"},
            {"pipelineName": "p", "maxResults": 1},
        )
        assert [e["pipelineExecutionId"] for e in _codepipeline.recent_executions(client, "p", now)] == ["e-1"]
        stub.assert_no_pending_responses()
    with Stubber(client) as stub:  # a pipeline deleted since the list has no executions
        stub.add_client_error(
            "list_pipeline_executions",
            "PipelineNotFoundException",
            expected_params={"pipelineName": "p", "maxResults": 1},
        )
        assert _codepipeline.recent_executions(client, "p", now) == []


def test_fetch_merges_summary_and_details_and_keeps_the_summary_when_denied(monkeypatch):
    monkeypatch.setattr(_codepipeline, "WORKERS", 1)  # one worker keeps the stubbed answers in order
    fixture = load_fixture(NAME)
    full, summary_only = fixture["items"]
    clients = StubbedClients("codepipeline", account_id=FIXTURE_ACCOUNT)
    now = datetime.now(UTC)
    summaries = [
        {**{k: v for k, v in item.items() if k in SUMMARY_KEYS}, "startTime": now - timedelta(days=n)}
        for n, item in enumerate((full, summary_only))
    ]
    detail = {
        k: v for k, v in full.items() if k not in {"startTime", "lastUpdateTime", "sourceRevisions", "stopTrigger"}
    }
    page = _codepipeline.MAX_EXECUTIONS_PER_PIPELINE
    with clients.stubs["codepipeline"] as stub:
        stub.add_response("list_pipelines", {"pipelines": [{"name": "payments-release"}]}, {})
        stub.add_response(
            "list_pipeline_executions",
            {"pipelineExecutionSummaries": summaries},
            {"pipelineName": "payments-release", "maxResults": page},
        )
        stub.add_response(
            "get_pipeline_execution",
            {"pipelineExecution": detail},
            {"pipelineName": "payments-release", "pipelineExecutionId": full["pipelineExecutionId"]},
        )
        stub.add_client_error(
            "get_pipeline_execution",
            "AccessDeniedException",
            expected_params={
                "pipelineName": "payments-release",
                "pipelineExecutionId": summary_only["pipelineExecutionId"],
            },
        )
        items = KIND.fetch(clients, clients.context())
        stub.assert_no_pending_responses()
    assert items == [
        {**full, "startTime": summaries[0]["startTime"]},
        {**summary_only, "startTime": summaries[1]["startTime"]},
    ]


def test_moto_newest_executions_per_pipeline(aws, monkeypatch):
    monkeypatch.setattr(_codepipeline, "MAX_EXECUTIONS_PER_PIPELINE", 2)
    session = account_session(ACCOUNT)
    seeder.prepare(session, ACCOUNT)
    seeder.seed(SeedContext(session, ACCOUNT, "us-east-1", "t", 2, [{"Key": "team", "Value": "platform"}]))
    codepipeline = session.client("codepipeline")
    started = [codepipeline.start_pipeline_execution(name="t-pipeline-0")["pipelineExecutionId"] for _ in range(3)]
    started.append(codepipeline.start_pipeline_execution(name="t-pipeline-1")["pipelineExecutionId"])
    records = moto_records(KIND)
    assert sorted(r["Properties"]["PipelineExecutionId"] for r in records) == sorted(
        started[1:]
    )  # the oldest one is past the cap
    props = next(r["Properties"] for r in records if r["Properties"]["PipelineName"] == "t-pipeline-1")
    assert set(props) <= V3_KEYS
    assert (
        props["PipelineVersion"] == 1
        and props["Status"] == "Succeeded"
        and props["Trigger"]["triggerType"] == "StartPipelineExecution"
    )
    datetime.fromisoformat(props["StartTime"])
    assert_relates_to_moto(KIND, NAME, records, "pipeline", PIPELINE, "codepipeline_pipeline")


@pytest.mark.parametrize(
    ("region", "partition"), [("eu-west-1", "aws"), ("cn-northwest-1", "aws-cn"), ("us-gov-east-1", "aws-us-gov")]
)
def test_default_mapping_maps_fixture_records(region, partition):
    records = records_of(KIND, shape_fixture(KIND, NAME), FIXTURE_ACCOUNT, region)
    entities = mapped_to_blueprint(KIND, NAME, "awsCodePipelinePipelineExecution", records)
    full, summary_only = entities
    assert full.identifier == "43858f3d-2987-40c7-9332-f82611de1449"
    assert full.title == "payments-release/43858f3d-2987-40c7-9332-f82611de1449"
    assert full.relations == {
        "account": FIXTURE_ACCOUNT,
        "pipeline": f"arn:{partition}:codepipeline:{region}:{FIXTURE_ACCOUNT}:payments-release",
    }
    assert full.properties["pipelineVersion"] == 7 and full.properties["triggerType"] == "CloudWatchEvent"
    assert summary_only.relations["pipeline"] is None and summary_only.properties["statusSummary"] == "Stopped by alice"


def test_pipeline_relation_is_the_pipeline_identifier():
    executions = mapped(KIND, NAME)
    assert executions[0].relations["pipeline"] in mapped_identifiers(PIPELINE, "codepipeline_pipeline")


def test_a_denied_execution_listing_fails_the_kind():
    """Never an empty read that would delete the executions already in Port."""
    from botocore.exceptions import ClientError

    client = stub_client("codepipeline")
    with Stubber(client) as stub:
        stub.add_client_error(
            "list_pipeline_executions",
            "AccessDeniedException",
            expected_params={"pipelineName": "p", "maxResults": _codepipeline.MAX_EXECUTIONS_PER_PIPELINE},
        )
        with pytest.raises(ClientError, match="AccessDeniedException"):
            _codepipeline.recent_executions(client, "p")
