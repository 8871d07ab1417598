"""Per account x region: raw AWS records -> Port entities -> reconciled catalog."""


import dagster as dg
from pydantic import BaseModel, Field

from port_aws_pipeline.assets.accounts import port_accounts
from port_aws_pipeline.assets.common import (
    AWS_READS_POOL,
    GROUP,
    PORT_WRITES_POOL,
    RETRY_TRANSIENT,
    permanent_failures_fail_fast,
)
from port_aws_pipeline.aws.calls import CallRecorder
from port_aws_pipeline.aws.discovery import identify_caller, member_clients
from port_aws_pipeline.aws.errors import assume_role_error
from port_aws_pipeline.aws.sessions import member_role_arn
from port_aws_pipeline.reader import AccountUnavailable, plans_from_mapping, read_partition
from port_aws_pipeline.models import AwsAccount, DiscoveredOrganization, PartitionRead, SyncError
from port_aws_pipeline.partitions import account_region_partitions, split_partition_key
from port_aws_pipeline.port.catalog import (
    PartitionEntities,
    ensure_account_entity,
    map_partition,
    missing_relation_targets,
    write_partition,
)
from port_aws_pipeline.resources import PipelineSettings



class PartitionReport(BaseModel):
    """Output of `port_upserts`: what one account x region sync did."""

    account_id: str
    region: str
    resources_read: dict[str, int]
    upserted: int = 0
    deleted: int = 0
    unchanged: int = 0
    read_errors: list[SyncError] = Field(default_factory=list)
    write_errors: list[str] = Field(default_factory=list)
    mapping_errors: list[str] = Field(default_factory=list)
    deletion_blocked: list[str] = Field(default_factory=list)
    port_calls: dict[str, int] = Field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not (self.read_errors or self.write_errors or self.mapping_errors)


class RawResourcesConfig(dg.Config):
    """Set by the sensor for accounts discovered after the last `aws_accounts` materialization."""

    account_json: str | None = None


@dg.asset(
    group_name=GROUP,
    kinds={"aws"},
    partitions_def=account_region_partitions,
    retry_policy=RETRY_TRANSIENT,
    pool=AWS_READS_POOL,
)
def raw_resources(
    context: dg.AssetExecutionContext, config: RawResourcesConfig, settings: PipelineSettings, aws_accounts: DiscoveredOrganization
) -> dg.Output[PartitionRead]:
    """Every kind read in one account x region (global kinds in the "global" region), read-only."""
    account_id, region = split_partition_key(context.partition_key)
    account = aws_accounts.account(account_id)
    new_account = None
    if account is None and config.account_json:
        account = new_account = AwsAccount.model_validate_json(config.account_json)
    if account is None:
        raise dg.Failure(
            description=f"account {account_id} is not in the latest discovery (it left the organization or the target OUs); "
            "rematerialize aws_accounts, or let the sensor remove its partitions",
            allow_retries=False,
        )
    recorder = CallRecorder()
    try:
        with permanent_failures_fail_fast():
            read = _read_account_region(settings, account, region, recorder, aws_accounts.protected_regions)
    except AccountUnavailable as exc:
        raise dg.Failure(
            description=exc.error.line(),
            metadata={"account": account_id, "region": region, "code": exc.error.code, "hint": exc.error.hint},
            allow_retries=False,
        ) from None
    read.new_account = new_account
    for error in read.errors:
        context.log.error(error.line())
    return dg.Output(
        read,
        metadata={
            "resources_by_kind": dg.MetadataValue.json({k.kind: len(k.records) for k in read.kinds}),
            "resources": sum(len(k.records) for k in read.kinds),
            "read_errors": dg.MetadataValue.json([e.line() for e in read.errors]),
            "api_calls": sum(read.api_calls.values()),
            "api_calls_by_operation": dg.MetadataValue.json(read.api_calls),
            "seconds_by_kind": dg.MetadataValue.json({k.kind: round(k.seconds, 3) for k in read.kinds}),
        },
    )


def _read_account_region(
    settings: PipelineSettings, account: AwsAccount, region: str, recorder: CallRecorder,
    protected_regions: dict[str, list[str]],
) -> PartitionRead:
    aws = settings.app_config.aws
    if account.error:
        raise AccountUnavailable(account.error)
    caller = identify_caller(recorder)
    role = member_role_arn(caller.partition, account.id, aws.member_role_name)
    try:
        clients = member_clients(caller, account.id, aws, recorder)
    except Exception as exc:  # noqa: BLE001 - this account's alone
        raise AccountUnavailable(assume_role_error(exc, account_id=account.id, role_arn=role)) from None
    read = read_partition(clients, account, region, plans_from_mapping(settings.mapping), role=role,
                          max_concurrent_kinds=aws.max_concurrent_kinds)
    if region in protected_regions.get(account.id, []):
        reason = (f"account {account.id} stopped syncing {region}, but the region-loss safeguard keeps its entities "
                  "(safety.max_region_loss_fraction)")
        read.kinds = [k.model_copy(update={"blocked": reason}) for k in read.kinds]
    read.api_calls = dict(recorder.counts)
    return read


@dg.asset(group_name=GROUP, kinds={"python"}, partitions_def=account_region_partitions)
def port_entities(context: dg.AssetExecutionContext, settings: PipelineSettings, raw_resources: PartitionRead) -> dg.Output[PartitionEntities]:
    """Raw records mapped to Port entities with the jq mapping (default or `mapping:`)."""
    entities = map_partition(settings.mapping, raw_resources)
    for error in entities.mapping_errors:
        context.log.error(f"mapping {error.kind} {error.identifier}: {error.message}")
    return dg.Output(
        entities,
        metadata={
            "entities_by_kind": dg.MetadataValue.json({s.kind: len(s.entities) for s in entities.scopes}),
            "entities": sum(len(s.entities) for s in entities.scopes),
            "mapping_errors": len(entities.mapping_errors),
        },
    )


@dg.asset(
    group_name=GROUP,
    kinds={"port"},
    partitions_def=account_region_partitions,
    deps=[port_accounts],
    retry_policy=RETRY_TRANSIENT,
    pool=PORT_WRITES_POOL,
    check_specs=[
        dg.AssetCheckSpec("no_read_errors", asset="port_upserts", description="Every kind was read completely in this account x region"),
        dg.AssetCheckSpec("no_port_rejections", asset="port_upserts", description="Port accepted every entity (no 207/422 errors) and every mapping evaluated"),
        dg.AssetCheckSpec("relation_targets_exist", asset="port_upserts", description="Every entity this partition relates to (e.g. its awsAccount) exists in Port"),
    ],
)
def port_upserts(context: dg.AssetExecutionContext, settings: PipelineSettings, port_entities: PartitionEntities):
    """Only new or changed entities written; entities gone from a completely read scope deleted."""
    client = settings.port_client()
    config = settings.app_config
    with permanent_failures_fail_fast():
        if port_entities.new_account:
            ensure_account_entity(client, settings.mapping, port_entities.new_account, settings.blueprint_definitions,
                                  config.safety)
        result = write_partition(client, settings.mapping, port_entities, settings.blueprint_definitions, config.safety)
    report = PartitionReport(
        account_id=port_entities.account_id,
        region=port_entities.region,
        resources_read=port_entities.resources_read,
        upserted=result.upserted,
        deleted=result.deleted,
        unchanged=result.unchanged,
        read_errors=port_entities.read_errors,
        write_errors=result.errors,
        mapping_errors=[f"{e.kind} {e.identifier}: {e.message}" for e in port_entities.mapping_errors],
        deletion_blocked=result.blocked,
        port_calls=dict(client.calls),
    )
    for line in report.deletion_blocked:
        context.log.warning(line)
    for line in report.write_errors:
        context.log.error(line)
    yield dg.Output(
        report,
        metadata={
            "upserted": report.upserted,
            "deleted": report.deleted,
            "unchanged": report.unchanged,
            "by_kind": dg.MetadataValue.json(result.by_kind),
            "deletion_blocked": dg.MetadataValue.json(report.deletion_blocked),
            "port_calls": sum(client.calls.values()),
            "port_calls_by_route": dg.MetadataValue.json(dict(client.calls)),
            "port_retries": sum(client.retries.values()),
        },
    )
    yield dg.AssetCheckResult(
        check_name="no_read_errors",
        passed=not report.read_errors,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={"errors": dg.MetadataValue.json([e.line() for e in report.read_errors])},
        description="Deletion was skipped for every scope listed here; its entities are untouched." if report.read_errors else None,
    )
    yield dg.AssetCheckResult(
        check_name="no_port_rejections",
        passed=not (report.write_errors or report.mapping_errors),
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={"rejected": dg.MetadataValue.json(report.write_errors[:100]), "mapping_errors": dg.MetadataValue.json(report.mapping_errors[:100])},
    )
    missing = missing_relation_targets(client, port_entities, settings.blueprint_definitions)
    yield dg.AssetCheckResult(
        check_name="relation_targets_exist",
        passed=not missing,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"missing": dg.MetadataValue.json(missing[:100]), "missing_count": len(missing)},
    )
