"""What `dagster dev` / `workspace.yaml` load: assembly only."""

import dagster as dg

from port_aws_pipeline.assets import ALL_ASSETS
from port_aws_pipeline.io import io_manager_from_config
from port_aws_pipeline.resources import PipelineSettings
from port_aws_pipeline.schedules import resync_schedule
from port_aws_pipeline.sensors import organization_accounts_sensor

defs = dg.Definitions(
    assets=ALL_ASSETS,
    sensors=[organization_accounts_sensor],
    schedules=[resync_schedule],
    resources={"settings": PipelineSettings(), "io_manager": io_manager_from_config()},
)
