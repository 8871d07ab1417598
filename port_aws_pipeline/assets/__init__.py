from port_aws_pipeline.assets.accounts import aws_accounts, port_accounts, port_blueprints
from port_aws_pipeline.assets.resources import port_entities, port_upserts, raw_resources

ALL_ASSETS = [aws_accounts, port_blueprints, port_accounts, raw_resources, port_entities, port_upserts]
PARTITIONED_ASSETS = [raw_resources, port_entities, port_upserts]
ORGANIZATION_ASSETS = [aws_accounts, port_blueprints, port_accounts]
