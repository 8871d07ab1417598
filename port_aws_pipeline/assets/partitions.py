"""The partitioned assets: raw_resources -> port_entities -> port_upserts, one ranged run per chunk of keys.

One `@multi_asset` runs the chain per `account|region` key and yields each key's
materializations itself, so a run covers up to `run.max_partitions_per_run` keys
(`BackfillPolicy.multi_run`), every key still has its own materialization and
metadata, and a failing key is the only one marked FAILED (the run then fails with
the list, and "re-execute failed" reruns just those keys). Nothing goes through an IO
manager: a key's records live in memory only while its account is being written.
"""

import dagster as dg

from port_aws_pipeline.assets.common import GROUP
from port_aws_pipeline.assets.common import RETRY_TRANSIENT
from port_aws_pipeline.assets.common import SYNC_POOL
from port_aws_pipeline.assets.common import permanent_failures_fail_fast
from port_aws_pipeline.models import DiscoveredOrganization
from port_aws_pipeline.partition_sync import ChunkContext
from port_aws_pipeline.partition_sync import KeyOutcome
from port_aws_pipeline.partition_sync import sync_chunk
from port_aws_pipeline.partitions import account_region_partitions
from port_aws_pipeline.port.catalog import missing_relation_targets
from port_aws_pipeline.port.catalog import relation_targets
from port_aws_pipeline.reader import plans_from_mapping
from port_aws_pipeline.resources import PipelineSettings
from port_aws_pipeline.resources import PortResource

PARTITIONS_NODE = "sync_account_regions"
RAW, ENTITIES, UPSERTS = dg.AssetKey("raw_resources"), dg.AssetKey("port_entities"), dg.AssetKey("port_upserts")
CHECKS = [
    dg.AssetCheckSpec("no_read_errors", asset=UPSERTS, description="Every kind was read completely in every partition"),
    dg.AssetCheckSpec(
        "no_port_rejections",
        asset=UPSERTS,
        description="Port accepted every entity (no 207/422 errors) and every mapping evaluated",
    ),
    dg.AssetCheckSpec(
        "relation_targets_exist",
        asset=UPSERTS,
        description="Every entity the run relates to (its awsAccount, cluster, VPC, ...) exists in Port",
    ),
]


def _materializations(outcome: KeyOutcome) -> list[dg.AssetMaterialization]:
    report = outcome.report
    read = {
        "resources": sum(report.resources_read.values()),
        "resources_by_kind": dg.MetadataValue.json(report.resources_read),
        "read_errors": dg.MetadataValue.json([e.line() for e in report.read_errors]),
        "api_calls": sum(report.api_calls.values()),
        "api_calls_by_operation": dg.MetadataValue.json(report.api_calls),
    }
    mapped = {"mapping_errors": dg.MetadataValue.json(report.mapping_errors)}
    written = {
        "upserted": report.upserted,
        "deleted": report.deleted,
        "unchanged": report.unchanged,
        "deletion_blocked": dg.MetadataValue.json(report.deletion_blocked),
        "write_errors": dg.MetadataValue.json(report.write_errors[:100]),
        "report": dg.MetadataValue.json(report.model_dump(mode="json", exclude={"relations"})),
    }
    return [
        dg.AssetMaterialization(asset_key=key, partition=outcome.key, metadata=md)
        for key, md in ((RAW, read), (ENTITIES, mapped), (UPSERTS, written))
    ]


def _failure_line(outcome: KeyOutcome) -> str:
    if outcome.failure:
        return f"{outcome.key}: {outcome.failure.line()}"
    report = outcome.report
    problems = [e.line() for e in report.read_errors] + report.write_errors + report.mapping_errors
    return f"{outcome.key}: {len(problems)} problem(s); first: {problems[0]}"


def build_sync_partitions(max_partitions_per_run: int) -> dg.AssetsDefinition:
    layers = [  # key, upstream, kind tag, description
        (RAW, ["aws_accounts"], "aws", "Every mapped kind read in one account x region"),
        (ENTITIES, [RAW], "python", "Raw records mapped with the jq mapping"),
        (UPSERTS, [ENTITIES, "port_accounts"], "port", "Only new or changed entities written; gone ones deleted"),
    ]
    specs = [
        dg.AssetSpec(
            key,
            deps=deps,
            partitions_def=account_region_partitions,
            group_name=GROUP,
            kinds={kind},
            skippable=True,
            description=description,
        )
        for key, deps, kind, description in layers
    ]

    @dg.multi_asset(
        name=PARTITIONS_NODE,
        specs=specs,
        check_specs=CHECKS,
        ins={"aws_accounts": dg.AssetIn("aws_accounts")},
        backfill_policy=dg.BackfillPolicy.multi_run(max_partitions_per_run),
        retry_policy=RETRY_TRANSIENT,
        pool=SYNC_POOL,
    )
    def sync_partitions(
        context: dg.AssetExecutionContext,
        settings: PipelineSettings,
        port: PortResource,
        aws_accounts: DiscoveredOrganization,
    ):
        config = settings.app_config
        ctx = ChunkContext(
            config=config,
            mapping=settings.mapping,
            blueprint_defs=settings.blueprint_definitions,
            port=port.client(),
            plans=plans_from_mapping(settings.mapping),
            discovered=aws_accounts,
        )
        keys = list(context.partition_keys)
        context.log.info(f"syncing {len(keys)} account x region partitions")
        failed, reports = [], []
        with permanent_failures_fail_fast():
            for done, outcome in enumerate(sync_chunk(ctx, keys), start=1):
                if outcome.ok:
                    yield from _materializations(outcome)
                    reports.append(outcome.report)
                else:
                    failed.append(outcome)
                    if outcome.report:
                        reports.append(outcome.report)
                    context.log.error(_failure_line(outcome))
                for line in outcome.report.deletion_blocked if outcome.report else []:
                    context.log.warning(line)
                if done % 25 == 0:
                    context.log.info(f"{done}/{len(keys)} partitions done")
            relations: dict[str, list[str]] = {}
            for report in reports:
                for name, ids in report.relations.items():
                    relations.setdefault(name, []).extend(ids)
            missing = missing_relation_targets(ctx.port, relation_targets(relations, ctx.blueprint_defs))
        read_errors = [f"{r.account_id}|{r.region}: {e.line()}" for r in reports for e in r.read_errors]
        rejected = [f"{r.account_id}|{r.region}: {e}" for r in reports for e in r.write_errors + r.mapping_errors]
        yield dg.AssetCheckResult(
            check_name="no_read_errors",
            asset_key=UPSERTS,
            passed=not read_errors,
            metadata={"errors": dg.MetadataValue.json(read_errors[:100])},
            description="Deletion was skipped in every failing scope; its entities are untouched."
            if read_errors
            else None,
        )
        yield dg.AssetCheckResult(
            check_name="no_port_rejections",
            asset_key=UPSERTS,
            passed=not rejected,
            metadata={"rejected": dg.MetadataValue.json(rejected[:100])},
        )
        yield dg.AssetCheckResult(
            check_name="relation_targets_exist",
            asset_key=UPSERTS,
            passed=not missing,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={"missing": dg.MetadataValue.json(missing[:100]), "missing_count": len(missing)},
        )
        if failed:
            raise dg.Failure(
                description=f"{len(failed)} of {len(keys)} partitions failed; the others are materialized. "
                f"First: {_failure_line(failed[0])}",
                metadata={
                    "failed": dg.MetadataValue.json({o.key: _failure_line(o) for o in failed}),
                    "fix": (failed[0].failure.hint if failed[0].failure else "")
                    or "see the errors per partition; run: port-aws-pipeline doctor",
                },
                allow_retries=False,
            )

    return sync_partitions
