"""AWS::StepFunctions::StateMachine: recorded list+describe items, a moto read, the default mapping."""

from importlib import resources

import yaml

from port_aws_pipeline.devtools.seeding import SeedContext, account_session, stepfunctions
from port_aws_pipeline.kinds.stepfunctions_state_machine import DESCRIBE, KIND
from port_aws_pipeline.port.mapping import SCOPE_PROPERTY, Mapping, PortAppConfig
from port_aws_pipeline.reader import to_record
from tests.kinds.helpers import ACCOUNT, fixture_context, load_fixture, moto_records, shape_fixture

NAME = "stepfunctions_state_machine"
REGION = "eu-west-1"
TAGS = [{"Key": "team", "Value": "platform"}, {"Key": "env", "Value": "test"}]
JSON_TYPES = {"string": str, "number": (int, float), "boolean": bool, "object": dict, "array": list}


def fragment() -> dict:
    return yaml.safe_load(resources.files("port_aws_pipeline.defaults").joinpath("kinds", f"{NAME}.yml").read_text())


def assert_fits_blueprint(entity, blueprint: dict) -> None:
    schema = blueprint["schema"]["properties"]
    for key, value in entity.properties.items():
        if key == SCOPE_PROPERTY or value is None:
            continue
        expected = JSON_TYPES[schema[key]["type"]]
        assert isinstance(value, expected) and not (expected is not bool and isinstance(value, bool)), (key, value)
    assert set(entity.relations) <= set(blueprint["relations"])


def test_fixture_shapes_list_and_describe_answers_in_pascal_case():
    fixture = load_fixture(NAME)
    shaped = shape_fixture(KIND, NAME)
    assert shaped == fixture["expected"]
    full, listed_only = shaped
    for key, kind in {
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
    }.items():
        assert isinstance(full[key], kind), key
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
    fixture = load_fixture(NAME)
    ctx = fixture_context(fixture, KIND)
    frag = fragment()
    mapping = Mapping(PortAppConfig.model_validate({"resources": frag["resources"]}))
    records = [to_record(KIND.kind, KIND.shape(item, ctx), ctx.account_id, ctx.region) for item in fixture["items"]]
    entities, errors = mapping.map_records(KIND.kind, records, "scope")
    assert errors == []
    full, listed_only = entities
    assert full.identifier == f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:order-pipeline"
    assert full.blueprint == "awsStepFunctionsStateMachine" and full.title == "order-pipeline"
    assert full.relations == {"account": ACCOUNT}
    assert full.properties["loggingLevel"] == "ERROR" and full.properties["tracingEnabled"] is True
    assert full.properties["tags"] == {"team": "payments", "env": "prod"} and full.properties["region"] == REGION
    assert listed_only.properties["status"] is None and listed_only.properties["tags"] == {}
    for entity in entities:
        assert_fits_blueprint(entity, frag["blueprints"][0])
