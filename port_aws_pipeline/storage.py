"""Where intermediates live: pickles under DAGSTER_HOME, or in S3 when `storage.s3_bucket` is set."""

from __future__ import annotations

import dagster as dg
from dagster_aws.s3 import S3PickleIOManager
from dagster_aws.s3 import S3Resource

from port_aws_pipeline.config import AppConfig


def io_manager_from_config(config: AppConfig):
    """Partition-aware IO manager from the one loaded config (no fallback: a bad config fails the load)."""
    if config.storage.s3_bucket:
        return S3PickleIOManager(
            s3_resource=S3Resource(), s3_bucket=config.storage.s3_bucket, s3_prefix=config.storage.s3_prefix
        )
    return dg.FilesystemIOManager()
