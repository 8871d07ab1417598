"""AWS::CodePipeline::Action: aws-v3 CodePipelineActionProperties on a recorded GetPipeline answer, moto, default
mapping (action -> pipeline, stage; actions have no ARN: `<pipeline ARN>/<stage name>/<action name>`)."""

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import codepipeline as seeder
from port_aws_pipeline.kinds.codepipeline_action import FIELDS
from port_aws_pipeline.kinds.codepipeline_action import KIND
from port_aws_pipeline.kinds.codepipeline_stage import KIND as STAGE
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import assert_relates_to_moto
from tests.kinds.helpers import fixture_account
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import mapped_identifiers
from tests.kinds.helpers import mapped_to_blueprint
from tests.kinds.helpers import moto_records
from tests.kinds.helpers import v3_keys

NAME = "codepipeline_action"
V3_KEYS = v3_keys(FIELDS) | {"ActionTypeId"}
FIXTURE_ACCOUNT = fixture_account(NAME)
PIPELINE_ARN = f"arn:aws:codepipeline:eu-west-1:{FIXTURE_ACCOUNT}:payments-release"


def test_fixture_shapes_to_aws_v3_properties():
    shaped = fixture_shapes(KIND, NAME)
    by_name = {a["Name"]: a for a in shaped}
    assert list(by_name) == ["Source", "Build", "Approve", "Deploy", "Smoke-Test"]
    assert set().union(*shaped) == V3_KEYS  # together the actions fill every aws-v3 key, nothing else
    source, build = by_name["Source"], by_name["Build"]
    # aws-v3 models ActionTypeId, so its keys are PascalCase too; the other nested values keep AWS's keys
    assert source["ActionTypeId"] == {
        "Category": "Source",
        "Owner": "AWS",
        "Provider": "CodeStarSourceConnection",
        "Version": "1",
    }
    assert source["OutputArtifacts"] == [{"name": "SourceOutput"}] and source["Namespace"] == "SourceVariables"
    assert build["Configuration"] == {"ProjectName": "payments-api"} and type(build["TimeoutInMinutes"]) is int
    assert all(type(a["RunOrder"]) is int and type(a["PipelineVersion"]) is int for a in shaped)
    assert {a["PipelineArn"] for a in shaped} == {PIPELINE_ARN}
    assert [a["StageName"] for a in shaped] == ["Source", "Build", "Release", "Release", "Release"]
    smoke = by_name["Smoke-Test"]
    assert smoke["Commands"] == ["curl -fsS https://payments.acme.example/health"] and smoke["OutputVariables"] == [
        "HEALTH"
    ]
    assert "RoleArn" not in source and "Region" not in by_name["Approve"]  # exclude_unset


def test_moto_actions_of_every_stage(aws):
    session = account_session(ACCOUNT)
    seeder.prepare(session, ACCOUNT)
    created = seeder.seed(SeedContext(session, ACCOUNT, "us-east-1", "t", 2, [{"Key": "team", "Value": "platform"}]))
    records = moto_records(KIND)
    assert len(records) == created["AWS::CodePipeline::Action"] == 4
    props = next(
        r["Properties"]
        for r in records
        if r["Properties"]["PipelineName"] == "t-pipeline-0" and r["Properties"]["StageName"] == "Build"
    )
    assert set(props) <= V3_KEYS
    assert props["ActionTypeId"] == {"Category": "Build", "Owner": "AWS", "Provider": "CodeBuild", "Version": "1"}
    assert (
        props["PipelineVersion"] == 1
        and props["RunOrder"] == 1
        and props["InputArtifacts"] == [{"name": "SourceOutput"}]
    )
    assert_relates_to_moto(KIND, NAME, records, "stage", STAGE, "codepipeline_stage")


def test_default_mapping_maps_fixture_records():
    entities = mapped_to_blueprint(KIND, NAME, "awsCodePipelineAction")
    deploy = entities[3]
    assert deploy.identifier == f"{PIPELINE_ARN}/Release/Deploy"
    assert deploy.title == "payments-release/Release/Deploy"
    assert deploy.relations == {
        "account": FIXTURE_ACCOUNT,
        "pipeline": PIPELINE_ARN,
        "stage": f"{PIPELINE_ARN}/Release",
    }
    assert deploy.properties["provider"] == "CodeDeploy" and deploy.properties["category"] == "Deploy"
    assert deploy.properties["runOrder"] == 2 and deploy.properties["inputArtifacts"] == ["BuildOutput"]
    assert deploy.properties["configuration"] == {"ApplicationName": "payments-api", "DeploymentGroupName": "prod"}
    assert {e.relations["stage"] for e in entities} == mapped_identifiers(STAGE, "codepipeline_stage")
    assert len({e.identifier for e in entities}) == len(entities)
