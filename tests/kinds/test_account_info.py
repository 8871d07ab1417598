"""AWS::Account::Info: `{Id, Name}` once per account, the name from GetAccountInformation or aws-v3's fallback."""

from port_aws_pipeline.kinds.account_info import KIND
from port_aws_pipeline.port.mapping import Mapping
from port_aws_pipeline.port.mapping import PortAppConfig

from .helpers import ACCOUNT
from .helpers import fixture_records
from .helpers import fixture_shapes
from .helpers import fragment
from .helpers import load_fixture
from .helpers import map_records
from .helpers import moto_records

NAME = "account_info"


def test_recorded_answers_have_the_aws_v3_shape():
    named, fallback = fixture_shapes(KIND, NAME)
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
    assert fragment(NAME) == {"blueprints": [], "resources": []}
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
    entities = map_records(KIND, fixture_records(KIND, NAME), mapping)
    assert [(e.identifier, e.title, e.blueprint) for e in entities] == [
        (ACCOUNT, "payments-prod", "awsAccount"),
        (ACCOUNT, f"Account {ACCOUNT}", "awsAccount"),
    ]
