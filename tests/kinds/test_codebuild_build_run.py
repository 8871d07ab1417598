"""AWS::CodeBuild::BuildRun: aws-v3 BuildRunProperties on a recorded BatchGetBuilds answer, the history bound
(Stubber), moto, default mapping (build run -> project)."""

from datetime import UTC
from datetime import datetime
from datetime import timedelta

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import codebuild as seeder
from port_aws_pipeline.kinds import ReadContext
from port_aws_pipeline.kinds import codebuild_build_run as module
from port_aws_pipeline.kinds.codebuild_build_run import FIELDS
from port_aws_pipeline.kinds.codebuild_build_run import KIND
from port_aws_pipeline.kinds.codebuild_project import KIND as PROJECT
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import StubbedClients
from tests.kinds.helpers import assert_relates_to_moto
from tests.kinds.helpers import fixture_account
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import mapped_to_blueprint
from tests.kinds.helpers import moto_records
from tests.kinds.helpers import v3_keys

NAME = "codebuild_build_run"
V3_KEYS = v3_keys(FIELDS)
FIXTURE_ACCOUNT = fixture_account(NAME)


def test_fixture_shapes_to_aws_v3_properties():
    shaped = fixture_shapes(KIND, NAME)
    done, running = shaped
    assert V3_KEYS - set(done) == {"BuildBatchArn"} and set(done) <= V3_KEYS  # not part of a batch build
    assert set(running) <= V3_KEYS and "EndTime" not in running and "ReportArns" not in running  # exclude_unset
    assert done["Id"] == "payments-api:3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f"
    assert done["Arn"].endswith(":build/payments-api:3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f")
    for key in ("BuildNumber", "TimeoutInMinutes", "QueuedTimeoutInMinutes"):
        assert type(done[key]) is int, key
    assert done["BuildComplete"] is True and running["BuildComplete"] is False
    for key in ("Phases", "ReportArns", "ExportedEnvironmentVariables", "SecondaryArtifacts", "FileSystemLocations"):
        assert isinstance(done[key], list), key
    for key in (
        "Logs",
        "Environment",
        "Source",
        "Artifacts",
        "Cache",
        "VpcConfig",
        "NetworkInterface",
        "DebugSession",
        "AutoRetryConfig",
    ):
        assert isinstance(done[key], dict), key
    assert done["Phases"][1]["durationInSeconds"] == 270  # nested keys stay as AWS gives them
    assert datetime.fromisoformat(done["StartTime"]) < datetime.fromisoformat(done["EndTime"])


def build(project: str, number: int, started: datetime) -> dict:
    build_id = f"{project}:0000-{number}"
    return {
        "id": build_id,
        "arn": f"arn:aws:codebuild:eu-west-1:{ACCOUNT}:build/{build_id}",
        "buildNumber": number,
        "startTime": started,
        "projectName": project,
        "buildStatus": "SUCCEEDED",
        "buildComplete": True,
    }


def test_history_is_the_last_30_days_newest_first_and_stops_at_the_first_page_past_it():
    now = datetime.now(UTC)
    recent = [build("api", 9, now - timedelta(days=1)), build("api", 8, now - timedelta(days=29))]
    straddling = [build("api", 7, now - timedelta(days=20)), build("web", 3, now - timedelta(days=45))]
    old = [build("api", 6, now - timedelta(days=31)), build("web", 2, now - timedelta(days=60))]
    clients = StubbedClients("codebuild")
    stub = clients.stubs["codebuild"]
    ids = lambda builds: [b["id"] for b in builds]  # noqa: E731
    stub.add_response("list_builds", {"ids": ids(recent), "nextToken": "p2"}, {"sortOrder": "DESCENDING"})
    stub.add_response("batch_get_builds", {"builds": recent}, {"ids": ids(recent)})
    stub.add_response(
        "list_builds", {"ids": ids(straddling), "nextToken": "p3"}, {"sortOrder": "DESCENDING", "nextToken": "p2"}
    )
    stub.add_response("batch_get_builds", {"builds": straddling}, {"ids": ids(straddling)})
    stub.add_response(
        "list_builds", {"ids": ids(old), "nextToken": "p4"}, {"sortOrder": "DESCENDING", "nextToken": "p3"}
    )
    stub.add_response("batch_get_builds", {"builds": old}, {"ids": ids(old)})
    # page p4 is never asked for: every build of p3 started before the window
    with stub:
        items = KIND.fetch(clients, ReadContext(ACCOUNT, "eu-west-1", "aws", ("eu-west-1",)))
        stub.assert_no_pending_responses()
    assert [b["buildNumber"] for b in items] == [9, 8, 7]


def test_history_stops_at_max_build_runs(monkeypatch):
    monkeypatch.setattr(module, "MAX_BUILD_RUNS", 3)
    now = datetime.now(UTC)
    first = [build("api", n, now - timedelta(hours=n)) for n in (9, 8)]
    second = [build("api", n, now - timedelta(hours=n)) for n in (7, 6)]
    clients = StubbedClients("codebuild")
    stub = clients.stubs["codebuild"]
    stub.add_response("list_builds", {"ids": [b["id"] for b in first], "nextToken": "p2"}, {"sortOrder": "DESCENDING"})
    stub.add_response("batch_get_builds", {"builds": first}, {"ids": [b["id"] for b in first]})
    stub.add_response(
        "list_builds",
        {"ids": [b["id"] for b in second], "nextToken": "p3"},
        {"sortOrder": "DESCENDING", "nextToken": "p2"},
    )
    stub.add_response("batch_get_builds", {"builds": second[:1]}, {"ids": [second[0]["id"]]})
    with stub:
        items = KIND.fetch(clients, ReadContext(ACCOUNT, "eu-west-1", "aws", ("eu-west-1",)))
        stub.assert_no_pending_responses()
    assert [b["buildNumber"] for b in items] == [9, 8, 7]


def test_moto_build_runs_relate_to_their_projects(aws):
    session = account_session(ACCOUNT)
    created = seeder.seed(SeedContext(session, ACCOUNT, "us-east-1", "t", 2, [{"Key": "team", "Value": "platform"}]))
    assert created["AWS::CodeBuild::BuildRun"] == 2
    records = sorted(moto_records(KIND), key=lambda r: r["Properties"]["ProjectName"])
    assert [r["Properties"]["ProjectName"] for r in records] == ["t-build-0", "t-build-1"]
    props = records[0]["Properties"]
    assert set(props) <= V3_KEYS
    assert props["Id"].startswith("t-build-0:") and props["Arn"].endswith(f":build/{props['Id']}")
    assert type(props["BuildNumber"]) is int and type(props["BuildComplete"]) is bool
    assert isinstance(props["Phases"], list)
    datetime.fromisoformat(props["StartTime"])
    assert_relates_to_moto(KIND, NAME, records, "project", PROJECT, "codebuild_project")


def test_default_mapping_maps_fixture_records():
    entities = mapped_to_blueprint(KIND, NAME, "awsCodeBuildBuildRun")
    done = entities[0]
    assert (
        done.identifier
        == f"arn:aws:codebuild:eu-west-1:{FIXTURE_ACCOUNT}:build/payments-api:3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f"
    )
    assert done.title == "payments-api #412"
    assert done.relations == {
        "account": FIXTURE_ACCOUNT,
        "project": f"arn:aws:codebuild:eu-west-1:{FIXTURE_ACCOUNT}:project/payments-api",
    }
    assert done.properties["buildNumber"] == 412 and done.properties["buildComplete"] is True
    assert done.properties["logsUrl"].startswith("https://console.aws.amazon.com/cloudwatch/")
    assert entities[1].relations["project"] == f"arn:aws:codebuild:eu-west-1:{FIXTURE_ACCOUNT}:project/docs-site"
    assert entities[1].properties["endTime"] is None
