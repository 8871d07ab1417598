"""Where intermediates live: pickles under DAGSTER_HOME, or in S3 when `storage.s3_bucket` is set."""

from __future__ import annotations

import dagster as dg
from dagster_aws.s3 import S3PickleIOManager, S3Resource

from port_aws_pipeline.config import AppConfig, ConfigError, load_config


def io_manager_from_config(config: AppConfig | None = None):
    """Partition-aware IO manager; a broken config falls back to local files so the UI still loads."""
    if config is None:
        try:
            config = load_config()
        except ConfigError:
            config = None
    if config and config.storage.s3_bucket:
        return S3PickleIOManager(s3_resource=S3Resource(), s3_bucket=config.storage.s3_bucket, s3_prefix=config.storage.s3_prefix)
    return dg.FilesystemIOManager()
