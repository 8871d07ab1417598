"""AWS::CodePipeline::Pipeline: aws-v3 PipelineProperties on recorded GetPipeline / ListPipelines /
ListTagsForResource answers, a denied GetPipeline (Stubber), moto, default mapping."""

from datetime import datetime

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import codepipeline as seeder
from port_aws_pipeline.kinds import ReadContext
from port_aws_pipeline.kinds import _codepipeline
from port_aws_pipeline.kinds.codepipeline_pipeline import FIELDS
from port_aws_pipeline.kinds.codepipeline_pipeline import KIND
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import StubbedClients
from tests.kinds.helpers import fixture_account
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import load_fixture
from tests.kinds.helpers import mapped_to_blueprint
from tests.kinds.helpers import moto_records
from tests.kinds.helpers import v3_keys

NAME = "codepipeline_pipeline"
V3_KEYS = v3_keys(FIELDS)
FIXTURE_ACCOUNT = fixture_account(NAME)


def test_fixture_shapes_to_aws_v3_properties():
    shaped = fixture_shapes(KIND, NAME)
    full, summary_only = shaped
    assert (
        V3_KEYS - set(full) == {"PollingDisabledAt", "ArtifactStores"} and set(full) <= V3_KEYS
    )  # single-region, polling on
    assert full["PipelineArn"] == f"arn:aws:codepipeline:eu-west-1:{FIXTURE_ACCOUNT}:payments-release"
    assert full["Name"] == "payments-release" and type(full["Version"]) is int
    assert full["Tags"] == [
        {"key": "team", "value": "payments"},
        {"key": "env", "value": "prod"},
    ]  # CodePipeline's lowercase tags
    assert [s["name"] for s in full["Stages"]] == ["Source", "Build", "Release"]  # nested keys stay as AWS gives them
    for key in ("Stages", "Variables", "Triggers"):
        assert isinstance(full[key], list), key
    assert isinstance(full["ArtifactStore"], dict)
    datetime.fromisoformat(full["Created"])
    # GetPipeline denied: the ListPipelines summary is all there is, as in aws-v3
    assert set(summary_only) == {"Name", "Version", "PipelineType", "ExecutionMode", "Created", "Updated"}


def test_fetch_merges_details_tags_and_summary_and_keeps_what_was_read(monkeypatch):
    monkeypatch.setattr(_codepipeline, "WORKERS", 1)  # one worker keeps the stubbed answers in order
    fixture = load_fixture(NAME)
    full, minimal = fixture["items"]
    metadata_keys = {"pipelineArn", "created", "updated", "pollingDisabledAt"}
    summary = {k: full[k] for k in ("name", "version", "pipelineType", "executionMode", "created", "updated")}
    detail = {
        "pipeline": {k: v for k, v in full.items() if k not in metadata_keys | {"tags"}},
        "metadata": {k: v for k, v in full.items() if k in metadata_keys},
    }
    clients = StubbedClients("codepipeline", account_id=FIXTURE_ACCOUNT)
    stub = clients.stubs["codepipeline"]
    deleted = {**minimal, "name": "deleted-meanwhile"}
    stub.add_response("list_pipelines", {"pipelines": [summary, minimal, deleted]}, {})
    stub.add_response("get_pipeline", detail, {"name": "payments-release"})
    stub.add_client_error("get_pipeline", "AccessDeniedException", expected_params={"name": "legacy-deploy"})
    stub.add_client_error("get_pipeline", "PipelineNotFoundException", expected_params={"name": "deleted-meanwhile"})
    stub.add_response("list_tags_for_resource", {"tags": full["tags"]}, {"resourceArn": full["pipelineArn"]})
    with stub:
        items = KIND.fetch(clients, ReadContext(FIXTURE_ACCOUNT, "eu-west-1", "aws", ("eu-west-1",)))
        stub.assert_no_pending_responses()
    assert items == [full, minimal]  # the denied one keeps its summary (as in aws-v3), the deleted one is gone


def test_moto_pipelines_with_tags(aws):
    session = account_session(ACCOUNT)
    seeder.prepare(session, ACCOUNT)
    tags = [{"Key": "team", "Value": "platform"}, {"Key": "env", "Value": "t"}]
    assert seeder.seed(SeedContext(session, ACCOUNT, "us-east-1", "t", 2, tags))["AWS::CodePipeline::Pipeline"] == 2
    records = sorted(moto_records(KIND), key=lambda r: r["Properties"]["Name"])
    assert [r["Properties"]["Name"] for r in records] == ["t-pipeline-0", "t-pipeline-1"]
    props = records[0]["Properties"]
    assert set(props) <= V3_KEYS
    assert props["PipelineArn"] == f"arn:aws:codepipeline:us-east-1:{ACCOUNT}:t-pipeline-0"
    assert sorted(props["Tags"], key=lambda t: t["key"]) == [
        {"key": "env", "value": "t"},
        {"key": "team", "value": "platform"},
    ]
    assert [s["name"] for s in props["Stages"]] == ["Source", "Build"] and props["Version"] == 1
    assert props["RoleArn"] == f"arn:aws:iam::{ACCOUNT}:role/{seeder.ROLE}"
    datetime.fromisoformat(props["Created"])


def test_default_mapping_maps_fixture_records():
    entities = mapped_to_blueprint(KIND, NAME, "awsCodePipelinePipeline")
    full, summary_only = entities
    assert full.identifier == f"arn:aws:codepipeline:eu-west-1:{FIXTURE_ACCOUNT}:payments-release"
    assert full.title == "payments-release"
    assert full.relations == {"account": FIXTURE_ACCOUNT}
    assert full.properties["tags"] == {"team": "payments", "env": "prod"}
    assert full.properties["stageNames"] == ["Source", "Build", "Release"] and full.properties["version"] == 7
    # GetPipeline denied: no PipelineArn in the record, the same ARN is built from region, account and name
    assert summary_only.identifier == f"arn:aws:codepipeline:eu-west-1:{FIXTURE_ACCOUNT}:legacy-deploy"
    assert summary_only.properties["tags"] == {} and summary_only.properties["stageNames"] == []


def test_codepipeline_kinds_share_a_private_helper_module_and_a_seeder():
    from port_aws_pipeline.devtools.seeding import seeders
    from port_aws_pipeline.kinds import registered_kinds

    assert not hasattr(_codepipeline, "KIND")  # `_codepipeline` is skipped by the registry
    names = {k for k in registered_kinds() if k.startswith("AWS::CodePipeline::")}
    assert names == {
        f"AWS::CodePipeline::{t}" for t in ("Pipeline", "Stage", "Action", "PipelineExecution", "ActionExecution")
    }
    assert seeders()["codepipeline"] is seeder
