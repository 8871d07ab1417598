"""AWS::Account::Info: `{Id, Name}` once per account, the name from GetAccountInformation or aws-v3's fallback."""

from importlib import resources

import yaml

from port_aws_pipeline.kinds.account_info import KIND
from port_aws_pipeline.port.mapping import Mapping, PortAppConfig
from port_aws_pipeline.reader import to_record

from .helpers import ACCOUNT, fixture_context, load_fixture, moto_records, shape_fixture

NAME = "account_info"


def test_recorded_answers_have_the_aws_v3_shape():
    shaped = shape_fixture(KIND, NAME)
    assert shaped == load_fixture(NAME)["expected"]
    named, fallback = shaped
    assert named == {"Id": ACCOUNT, "Name": "payments-prod"}
    assert fallback == {"Id": ACCOUNT, "Name": f"Account {ACCOUNT}"}  # what aws-v3 names an account it cannot name
    assert KIND.is_global and {KIND.region_of(item) for item in load_fixture(NAME)["items"]} == {"us-east-1"}


def test_moto_read_falls_back_to_the_aws_v3_name(aws):
    # moto has no GetAccountInformation (HTTP 404): the read still gives the account, with aws-v3's fallback name
    (record,) = moto_records(KIND)
    assert record["Type"] == "AWS::Account::Info"
    assert record["Properties"] == {"Id": ACCOUNT, "Name": f"Account {ACCOUNT}"}
    assert record["__Region"] == "us-east-1" and record["__AccountId"] == ACCOUNT
    assert moto_records(KIND, regions=("eu-west-1",)) == []  # a selector region policy applies to the record's region


def test_not_in_the_default_mapping_but_mappable_onto_aws_account():
    fragment = yaml.safe_load(
        resources.files("port_aws_pipeline.defaults").joinpath("kinds", f"{NAME}.yml").read_text()
    )
    assert fragment == {"blueprints": [], "resources": []}
    mapping = Mapping(
        PortAppConfig.model_validate(
            {
                "resources": [
                    {
                        "kind": KIND.kind,
                        "port": {
                            "entity": {
                                "mappings": {
                                    "identifier": ".Properties.Id",
                                    "title": ".Properties.Name",
                                    "blueprint": '"awsAccount"',
                                }
                            }
                        },
                    }
                ]
            }
        )
    )
    fixture = load_fixture(NAME)
    ctx = fixture_context(fixture, KIND)
    records = [to_record(KIND.kind, KIND.shape(item, ctx), ACCOUNT, KIND.region_of(item)) for item in fixture["items"]]
    entities, errors = mapping.map_records(KIND.kind, records, "scope")
    assert errors == []
    assert [(e.identifier, e.title, e.blueprint) for e in entities] == [
        (ACCOUNT, "payments-prod", "awsAccount"),
        (ACCOUNT, f"Account {ACCOUNT}", "awsAccount"),
    ]
