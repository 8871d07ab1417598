"""AWS::KMS::Key: recorded ListKeys + DescribeKey items (customer, AWS-managed, denied), moto reads (one key's
policy denying DescribeKey included), the default mapping."""

import json

from botocore.awsrequest import AWSResponse

from port_aws_pipeline.aws.calls import CallRecorder
from port_aws_pipeline.aws.sessions import AwsClients
from port_aws_pipeline.devtools.seeding import SeedContext
from port_aws_pipeline.devtools.seeding import account_session
from port_aws_pipeline.devtools.seeding import kms
from port_aws_pipeline.kinds import ReadContext
from port_aws_pipeline.kinds.kms_key import ALIASES
from port_aws_pipeline.kinds.kms_key import KIND
from port_aws_pipeline.kinds.kms_key import ROTATION
from port_aws_pipeline.reader import KindPlan
from port_aws_pipeline.reader import read_kind
from tests.kinds.helpers import ACCOUNT
from tests.kinds.helpers import assert_fields
from tests.kinds.helpers import fixture_shapes
from tests.kinds.helpers import mapped_to_blueprint
from tests.kinds.helpers import moto_records

NAME = "kms_key"
REGION = "eu-west-1"
TAGS = [{"Key": "team", "Value": "platform"}]


def test_fixture_shapes_key_metadata_aliases_and_rotation():
    shaped = fixture_shapes(KIND, NAME)
    customer, aws_managed, denied = shaped
    assert_fields(
        customer,
        {
            "KeyId": str,
            "Arn": str,
            "AWSAccountId": str,
            "CreationDate": str,
            "Enabled": bool,
            "Description": str,
            "KeyUsage": str,
            "KeyState": str,
            "Origin": str,
            "KeyManager": str,
            "KeySpec": str,
            "EncryptionAlgorithms": list,
            "MultiRegion": bool,
            "Aliases": list,
            "KeyRotationEnabled": bool,
            "RotationPeriodInDays": int,
            "NextRotationDate": str,
            "Tags": list,
        },
    )
    assert customer["KeyManager"] == "CUSTOMER" and aws_managed["KeyManager"] == "AWS"  # AWS-managed keys included
    assert (
        customer["Aliases"][0]["AliasName"] == "alias/payments"
        and aws_managed["Aliases"][0]["AliasName"] == "alias/aws/s3"
    )
    assert customer["Tags"] == [{"Key": "team", "Value": "payments"}] and aws_managed["Tags"] == []
    assert "KeyId" in customer and customer["KeyId"] == customer["Arn"].rsplit("/", 1)[1]
    # The key policy denied the reader: the listing's id and ARN, nothing invented.
    assert denied == {
        "KeyId": denied["KeyId"],
        "Arn": denied["Arn"],
        "Aliases": [],
        "KeyRotationEnabled": None,
        "Tags": [],
    }


def test_actions_and_permissions():
    assert KIND.actions_for(None) == {ALIASES}
    assert KIND.actions_for([ROTATION, "Unknown"]) == {ROTATION}
    assert set(KIND.iam_actions) == {"kms:ListKeys", "kms:DescribeKey", "tag:GetResources"}
    assert KIND.optional_actions == {ALIASES: ("kms:ListAliases",), ROTATION: ("kms:GetKeyRotationStatus",)}


def test_moto_reads_seeded_keys_with_aliases_rotation_and_tags(aws):
    assert kms.seed(SeedContext(account_session(ACCOUNT, REGION), ACCOUNT, REGION, "t", 2, TAGS)) == {KIND.kind: 2}
    records = moto_records(KIND, region=REGION, actions=[ALIASES, ROTATION])
    assert len(records) == 2
    by_alias = {r["Properties"]["Aliases"][0]["AliasName"]: r["Properties"] for r in records}
    assert sorted(by_alias) == ["alias/t-key-0", "alias/t-key-1"]
    key = by_alias["alias/t-key-0"]
    assert key["Arn"] == f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{key['KeyId']}" and key["Description"] == "t key 0"
    assert key["KeyState"] == "Enabled" and key["Enabled"] is True and key["KeyRotationEnabled"] is False
    assert key["Tags"] == TAGS
    assert "Aliases" not in moto_records(KIND, region=REGION, actions=[])[0]["Properties"]


def test_a_key_whose_policy_denies_describe_keeps_its_id_and_the_kind_completes(aws):
    session = account_session(ACCOUNT, REGION)
    kms.seed(SeedContext(session, ACCOUNT, REGION, "t", 2, TAGS))
    locked = session.client("kms").list_aliases()["Aliases"]
    locked = next(a["TargetKeyId"] for a in locked if a["AliasName"] == "alias/t-key-1")

    denied_calls = []

    def deny_locked_key(model, params, **_):
        if model.name == "DescribeKey" and locked in json.loads(params["body"])["KeyId"]:
            denied_calls.append(locked)
            error = {"Error": {"Code": "AccessDeniedException", "Message": "denied by key policy"}}
            return AWSResponse("https://kms", 400, {}, None), error
        return None

    recorder = CallRecorder()
    clients = AwsClients(session=session, account_id=ACCOUNT, partition="aws", recorder=recorder)
    clients.client("kms", REGION).meta.events.register("before-call.kms.DescribeKey", deny_locked_key)
    ctx = ReadContext(ACCOUNT, REGION, "aws", (REGION,), KIND.actions_for(None))
    result = read_kind(KindPlan(KIND, ctx.actions, lambda r: True), clients, ctx, "test-role")
    assert result.error is None, result.error
    by_id = {r["Properties"]["KeyId"]: r["Properties"] for r in result.records}
    assert (
        set(by_id[locked]) == {"KeyId", "Arn", "Aliases", "Tags"}
        and by_id[locked]["Aliases"][0]["AliasName"] == "alias/t-key-1"
    )
    assert all("KeyState" in props for key_id, props in by_id.items() if key_id != locked)
    # The denied call is answered by the hook before the recorder counts it.
    assert denied_calls == [locked] and recorder.counts["kms:DescribeKey"] == 1 and recorder.counts["kms:ListKeys"] == 1


def test_default_mapping_builds_entities_related_to_the_account():
    entities = mapped_to_blueprint(KIND, NAME, "awsKmsKey")
    customer, aws_managed, denied = entities
    assert customer.identifier == f"arn:aws:kms:{REGION}:{ACCOUNT}:key/0f3c9a7e-5b1d-4c2a-9e8f-7a6b5c4d3e2f"
    assert customer.title == "alias/payments"
    assert customer.relations == {"account": ACCOUNT} and customer.properties["aliases"] == ["alias/payments"]
    assert customer.properties["keyRotationEnabled"] is True and customer.properties["tags"] == {"team": "payments"}
    assert aws_managed.properties["keyManager"] == "AWS" and aws_managed.title == "alias/aws/s3"
    assert denied.title == "9a9a9a9a-1111-4222-8333-444455556666" and denied.properties["keyState"] is None
