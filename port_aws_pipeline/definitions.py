"""What `dagster dev` / `workspace.yaml` load: assembly only."""

import dagster as dg

from port_aws_pipeline.assets import ALL_ASSETS
from port_aws_pipeline.io import io_manager_from_config
from port_aws_pipeline.resources import PipelineSettings

defs = dg.Definitions(
    assets=ALL_ASSETS,
    resources={"settings": PipelineSettings(), "io_manager": io_manager_from_config()},
)
