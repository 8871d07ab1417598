"""AWS::StepFunctions::StateMachine: recorded list+describe items, a moto read, the default mapping."""

from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import stepfunctions
from port_aws_pipeline.kinds.stepfunctions_state_machine import DESCRIBE
from port_aws_pipeline.kinds.stepfunctions_state_machine import KIND
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import assert_fields
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import mapped_to_blueprint
from tests.kinds.helpers import moto_records

NAME = "stepfunctions_state_machine"
REGION = "eu-west-1"
TAGS = [{"Key": "team", "Value": "platform"}, {"Key": "env", "Value": "test"}]


def test_fixture_shapes_list_and_describe_answers_in_pascal_case():
    shaped = fixture_shapes(KIND, NAME)
    full, listed_only = shaped
    assert_fields(
        full,
        {
            "StateMachineArn": str,
            "Name": str,
            "Type": str,
            "CreationDate": str,
            "Status": str,
            "Definition": str,
            "RoleArn": str,
            "LoggingConfiguration": dict,
            "TracingConfiguration": dict,
            "EncryptionConfiguration": dict,
            "Description": str,
            "RevisionId": str,
            "Arn": str,
            "Tags": list,
        },
    )
    assert full["Arn"] == full["StateMachineArn"]
    assert (
        full["LoggingConfiguration"]["Level"] == "ERROR"
        and full["LoggingConfiguration"]["IncludeExecutionData"] is True
    )
    assert full["LoggingConfiguration"]["Destinations"][0]["CloudWatchLogsLogGroup"]["LogGroupArn"].startswith(
        "arn:aws:logs:"
    )
    assert full["TracingConfiguration"] == {"Enabled": True}
    assert type(full["EncryptionConfiguration"]["KmsDataKeyReusePeriodSeconds"]) is int
    assert full["VariableReferences"] == {"checkOrder": ["orderId"]}  # state names are kept as the user wrote them
    assert full["Tags"] == [{"Key": "team", "Value": "payments"}, {"Key": "env", "Value": "prod"}]
    assert not any(key[0].islower() for key in full)
    # DescribeStateMachine denied for one machine: the listing's fields, not a failed kind.
    assert set(listed_only) == {"StateMachineArn", "Name", "Type", "CreationDate", "Arn", "Tags"}


def test_actions_and_permissions():
    assert KIND.actions_for(None) == {DESCRIBE}
    assert KIND.actions_for([]) == frozenset()
    assert set(KIND.iam_actions) == {"states:ListStateMachines", "tag:GetResources"}
    assert KIND.optional_actions[DESCRIBE] == ("states:DescribeStateMachine",)


def test_moto_reads_seeded_machines_with_describe_and_tags(aws):
    counts = stepfunctions.seed(SeedContext(account_session(ACCOUNT, REGION), ACCOUNT, REGION, "t", 2, TAGS))
    assert counts == {KIND.kind: 2}
    records = moto_records(KIND, region=REGION)
    assert sorted(r["Properties"]["Name"] for r in records) == ["t-machine-0", "t-machine-1"]
    machine = records[0]["Properties"]
    assert machine["Arn"] == f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{machine['Name']}"
    assert (
        machine["Status"] == "ACTIVE"
        and machine["Type"] == "STANDARD"
        and machine["RoleArn"].endswith(":role/t-sfn-role")
    )
    assert machine["LoggingConfiguration"]["Level"] == "OFF" and machine["TracingConfiguration"] == {"Enabled": False}
    assert sorted(machine["Tags"], key=lambda t: t["Key"]) == sorted(TAGS, key=lambda t: t["Key"])
    assert records[0]["Type"] == KIND.kind and records[0]["__Region"] == REGION and records[0]["__AccountId"] == ACCOUNT
    bare = moto_records(KIND, region=REGION, actions=[])[0]["Properties"]
    assert "Status" not in bare and bare["Tags"]


def test_default_mapping_builds_entities_related_to_the_account():
    entities = mapped_to_blueprint(KIND, NAME, "awsStepFunctionsStateMachine")
    full, listed_only = entities
    assert full.identifier == f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:order-pipeline"
    assert full.title == "order-pipeline"
    assert full.relations == {"account": ACCOUNT}
    assert full.properties["loggingLevel"] == "ERROR" and full.properties["tracingEnabled"] is True
    assert full.properties["tags"] == {"team": "payments", "env": "prod"} and full.properties["region"] == REGION
    assert listed_only.properties["status"] is None and listed_only.properties["tags"] == {}
