"""AWS::CodeBuild::Project: aws-v3 ProjectProperties on a recorded BatchGetProjects answer, moto, default mapping."""

from datetime import datetime

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import codebuild as seeder
from port_aws_pipeline.kinds.codebuild_project import FIELDS
from port_aws_pipeline.kinds.codebuild_project import KIND
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import assert_fits_blueprint
from tests.kinds.helpers import fixture_account
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import fragment
from tests.kinds.helpers import mapped
from tests.kinds.helpers import moto_records
from tests.kinds.helpers import v3_keys

NAME = "codebuild_project"
FRAGMENT = fragment(NAME)
V3_KEYS = v3_keys(FIELDS)
FIXTURE_ACCOUNT = fixture_account(NAME)


def test_fixture_shapes_to_aws_v3_properties():
    shaped = fixture_shapes(KIND, NAME)
    full, minimal = shaped
    # every aws-v3 key the recorded answer fills, nothing else (a private project has no public alias / access role)
    assert V3_KEYS - set(full) == {"PublicProjectAlias", "ResourceAccessRole"} and set(full) <= V3_KEYS
    assert set(minimal) <= V3_KEYS and "Description" not in minimal and "Webhook" not in minimal  # exclude_unset
    assert full["Arn"] == "arn:aws:codebuild:eu-west-1:123456789012:project/payments-api"
    assert full["Name"] == "payments-api"
    for key in ("TimeoutInMinutes", "QueuedTimeoutInMinutes", "ConcurrentBuildLimit", "AutoRetryLimit"):
        assert type(full[key]) is int, key
    for key in (
        "Source",
        "Artifacts",
        "Cache",
        "Environment",
        "VpcConfig",
        "Webhook",
        "Badge",
        "LogsConfig",
        "BuildBatchConfig",
    ):
        assert isinstance(full[key], dict), key
    for key in ("SecondarySources", "SecondaryArtifacts", "SecondarySourceVersions", "FileSystemLocations"):
        assert isinstance(full[key], list), key
    assert full["Environment"]["privilegedMode"] is False  # nested keys stay as AWS gives them
    assert full["Tags"] == [
        {"key": "team", "value": "payments"},
        {"key": "env", "value": "prod"},
    ]  # CodeBuild's lowercase tags
    assert minimal["Tags"] == []
    datetime.fromisoformat(full["Created"])
    datetime.fromisoformat(full["LastModified"])


def test_moto_projects_read_through_the_reader(aws):
    session = account_session(ACCOUNT)
    tags = [{"Key": "team", "Value": "platform"}]
    assert seeder.seed(SeedContext(session, ACCOUNT, "us-east-1", "t", 3, tags))["AWS::CodeBuild::Project"] == 3
    records = sorted(moto_records(KIND), key=lambda r: r["Properties"]["Name"])
    assert [r["Properties"]["Name"] for r in records] == ["t-build-0", "t-build-1", "t-build-2"]
    props = records[0]["Properties"]
    assert set(props) <= V3_KEYS
    assert props["Arn"] == f"arn:aws:codebuild:us-east-1:{ACCOUNT}:project/t-build-0"
    assert props["Tags"] == [{"key": "team", "value": "platform"}]
    assert props["Source"] == {"type": "S3", "location": "t-sources/app-0.zip"}
    assert type(props["TimeoutInMinutes"]) is int
    datetime.fromisoformat(props["Created"])
    assert records[0]["__Region"] == "us-east-1" and records[0]["__AccountId"] == ACCOUNT


def test_default_mapping_maps_fixture_records():
    entities = mapped(KIND, NAME)
    blueprint = FRAGMENT["blueprints"][0]
    assert blueprint["identifier"] == "awsCodeBuildProject"
    full = entities[0]
    assert full.blueprint == "awsCodeBuildProject"
    assert full.identifier == "arn:aws:codebuild:eu-west-1:123456789012:project/payments-api"
    assert full.title == "payments-api"
    assert full.relations == {"account": FIXTURE_ACCOUNT}
    assert full.properties["tags"] == {"team": "payments", "env": "prod"}
    assert full.properties["region"] == "eu-west-1"
    assert full.properties["sourceType"] == "GITHUB" and full.properties["timeoutInMinutes"] == 60
    assert entities[1].properties["tags"] == {}
    for entity in entities:
        assert_fits_blueprint(entity, blueprint)


def test_codebuild_kinds_and_seeder_are_registered():
    from port_aws_pipeline.devtools.seeding import seeders
    from port_aws_pipeline.kinds import registered_kinds

    assert {k for k in registered_kinds() if k.startswith("AWS::CodeBuild::")} == {
        "AWS::CodeBuild::Project",
        "AWS::CodeBuild::BuildRun",
    }
    assert seeders()["codebuild"] is seeder
