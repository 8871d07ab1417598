"""AWS::SecretsManager::Secret: metadata only. Recorded ListSecrets items, a moto read that proves no value is ever
requested or emitted, the default mapping."""

import inspect

from port_aws_pipeline.aws.calls import CallRecorder
from port_aws_pipeline.aws.sessions import AwsClients
from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import secretsmanager
from port_aws_pipeline.kinds import ReadContext
from port_aws_pipeline.kinds import secretsmanager_secret
from port_aws_pipeline.kinds.secretsmanager_secret import KIND
from port_aws_pipeline.kinds.secretsmanager_secret import SECRET_VALUE_KEYS
from port_aws_pipeline.reader import KindPlan
from port_aws_pipeline.reader import read_kind
from port_aws_pipeline.reader import to_record
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import assert_fields
from tests.kinds.helpers import fixture_context
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import load_fixture
from tests.kinds.helpers import mapped_to_blueprint

NAME = "secretsmanager_secret"
REGION = "eu-west-1"
TAGS = [{"Key": "team", "Value": "platform"}]


def walk_keys(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from walk_keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from walk_keys(inner)


def test_fixture_shapes_secret_list_entries():
    shaped = fixture_shapes(KIND, NAME)
    rotated, rds_owned = shaped
    assert_fields(
        rotated,
        {
            "ARN": str,
            "Name": str,
            "Description": str,
            "KmsKeyId": str,
            "RotationEnabled": bool,
            "RotationLambdaARN": str,
            "RotationRules": dict,
            "LastRotatedDate": str,
            "LastChangedDate": str,
            "LastAccessedDate": str,
            "NextRotationDate": str,
            "Tags": list,
            "SecretVersionsToStages": dict,
            "CreatedDate": str,
            "PrimaryRegion": str,
            "Arn": str,
        },
    )
    assert rotated["Arn"] == rotated["ARN"] and type(rotated["RotationRules"]["AutomaticallyAfterDays"]) is int
    assert rotated["Tags"] == [{"Key": "team", "Value": "payments"}, {"Key": "env", "Value": "prod"}]
    assert rds_owned["OwningService"] == "rds" and rds_owned["Tags"] == []
    assert not SECRET_VALUE_KEYS & set(walk_keys(shaped))


def test_no_secret_value_can_reach_properties():
    """Even an item carrying value fields (never from ListSecrets) is emitted without them."""
    fixture = load_fixture(NAME)
    ctx = fixture_context(fixture, KIND)
    item = {**fixture["items"][0], "SecretString": "hunter2", "SecretBinary": b"\x00secret"}
    props = KIND.shape(item, ctx)
    assert not SECRET_VALUE_KEYS & set(props)
    assert "hunter2" not in str(to_record(KIND.kind, props, ctx.account_id, ctx.region))


def test_permissions_never_include_reading_values():
    assert KIND.iam_actions == ("secretsmanager:ListSecrets",) and KIND.optional_actions == {}
    source = inspect.getsource(secretsmanager_secret)
    assert "get_secret_value" not in source and "batch_get_secret_value" not in source


def test_moto_reads_metadata_with_list_secrets_only(aws):
    session = account_session(ACCOUNT, REGION)
    assert secretsmanager.seed(SeedContext(session, ACCOUNT, REGION, "t", 2, TAGS)) == {KIND.kind: 2}
    recorder = CallRecorder()
    clients = AwsClients(session=session, account_id=ACCOUNT, partition="aws", recorder=recorder)
    ctx = ReadContext(ACCOUNT, REGION, "aws", (REGION,), KIND.actions_for(None))
    result = read_kind(KindPlan(KIND, ctx.actions, lambda r: True), clients, ctx, "test-role")
    assert result.error is None, result.error
    assert set(recorder.counts) == {"secretsmanager:ListSecrets"}
    records = result.records
    assert sorted(r["Properties"]["Name"] for r in records) == ["t/secret-0", "t/secret-1"]
    secret = records[0]["Properties"]
    assert secret["Arn"] == secret["ARN"] and secret["ARN"].startswith(
        f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:t/"
    )
    assert secret["Tags"] == TAGS and secret["Description"].startswith("seeded secret")
    assert not SECRET_VALUE_KEYS & set(walk_keys(records)) and "not-a-real-secret" not in str(records)


def test_default_mapping_builds_entities_related_to_the_account():
    entities = mapped_to_blueprint(KIND, NAME, "awsSecretsManagerSecret")
    rotated, rds_owned = entities
    assert rotated.identifier == f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:prod/payments/db-AbCdEf"
    assert rotated.title == "prod/payments/db"
    assert rotated.relations == {"account": ACCOUNT} and rotated.properties["rotationEnabled"] is True
    assert rotated.properties["tags"] == {"team": "payments", "env": "prod"}
    assert rds_owned.properties["owningService"] == "rds" and rds_owned.properties["tags"] == {}
    # An RDS-managed secret's ARN holds a `!` (`secret:rds!db-...`), outside Port's identifier pattern: it becomes `_`.
    assert ":secret:rds!db-" in rds_owned.properties["arn"]
    assert rds_owned.identifier == rds_owned.properties["arn"].replace("!", "_")
