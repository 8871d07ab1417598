"""`inventory_report`: the whole estate at a glance, from every partition's latest report.

One row per account x region x kind (resources read, entities written / deleted /
unchanged, errors, last synced), shown in the UI as a table with roll-ups per kind and
per OU, and written as CSV next to the other intermediates.
"""

import os
from pathlib import Path

import dagster as dg
import pandas as pd

from port_aws_pipeline.assets.common import GROUP
from port_aws_pipeline.models import DiscoveredOrganization
from port_aws_pipeline.partition_sync import PartitionReport
from port_aws_pipeline.partitions import PARTITIONS_NAME

UPSERTS = dg.AssetKey("port_upserts")
COLUMNS = [
    "account_id",
    "account_name",
    "ou_path",
    "region",
    "kind",
    "resources_read",
    "written",
    "deleted",
    "unchanged",
    "read_errors",
    "write_errors",
    "last_synced",
]


def latest_reports(instance: dg.DagsterInstance, keys: list[str]) -> dict[str, tuple[PartitionReport, float]]:
    """Each partition's newest `report` metadata (paging through materializations, newest first)."""
    found: dict[str, tuple[PartitionReport, float]] = {}
    cursor = None
    while len(found) < len(keys):
        result = instance.fetch_materializations(dg.AssetRecordsFilter(asset_key=UPSERTS), limit=1000, cursor=cursor)
        for record in result.records:
            materialization = record.asset_materialization
            key = materialization.partition if materialization else None
            if key in keys and key not in found and "report" in materialization.metadata:
                found[key] = (
                    PartitionReport.model_validate(materialization.metadata["report"].value),
                    record.timestamp,
                )
        if not result.has_more:
            break
        cursor = result.cursor
    return found


def inventory_frame(
    reports: dict[str, tuple[PartitionReport, float]], discovered: DiscoveredOrganization
) -> pd.DataFrame:
    rows = []
    for report, timestamp in reports.values():
        account = discovered.account(report.account_id)
        errors_by_kind = {e.kind: e.code for e in report.read_errors}
        for kind in sorted(set(report.resources_read) | set(report.by_kind)):
            counts = report.by_kind.get(kind, {})
            rows.append(
                {
                    "account_id": report.account_id,
                    "account_name": account.name if account else "",
                    "ou_path": account.ou_path if account else "",
                    "region": report.region,
                    "kind": kind,
                    "resources_read": report.resources_read.get(kind, 0),
                    "written": counts.get("upserted", 0),
                    "deleted": counts.get("deleted", 0),
                    "unchanged": counts.get("unchanged", 0),
                    "read_errors": errors_by_kind.get(kind, ""),
                    "write_errors": len(report.write_errors),
                    "last_synced": pd.Timestamp(timestamp, unit="s", tz="UTC").isoformat(),
                }
            )
    return pd.DataFrame(rows, columns=COLUMNS)


def _markdown(frame: pd.DataFrame) -> str:
    header = "| " + " | ".join(map(str, frame.columns)) + " |"
    lines = [header, "|" + "---|" * len(frame.columns)]
    lines += ["| " + " | ".join(map(str, row)) + " |" for row in frame.itertuples(index=False)]
    return "\n".join(lines)


def rollup(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    numbers = ["resources_read", "written", "deleted", "unchanged"]
    grouped = frame.groupby(by, as_index=False)[numbers].sum()
    errors = frame.assign(failed=frame["read_errors"] != "").groupby(by, as_index=False)["failed"].sum()
    return grouped.merge(errors.rename(columns={"failed": "scopes_with_read_errors"}), on=by)


@dg.asset(group_name=GROUP, kinds={"pandas"}, deps=[UPSERTS])
def inventory_report(context: dg.AssetExecutionContext, aws_accounts: DiscoveredOrganization) -> dg.MaterializeResult:
    """Every partition's latest sync as one table: the catalog per account, region and kind, and its gaps."""
    keys = context.instance.get_dynamic_partitions(PARTITIONS_NAME)
    frame = inventory_frame(latest_reports(context.instance, keys), aws_accounts)
    storage = Path(os.environ.get("DAGSTER_HOME", ".")) / "storage"
    storage.mkdir(parents=True, exist_ok=True)
    path = storage / "inventory_report.csv"
    frame.to_csv(path, index=False)
    by_kind, by_ou = rollup(frame, "kind"), rollup(frame, "ou_path")
    missing = sorted(set(keys) - {f"{r.account_id}|{r.region}" for r in frame.itertuples()})
    return dg.MaterializeResult(
        metadata={
            "rows": len(frame),
            "partitions_never_synced": dg.MetadataValue.json(missing[:200]),
            "by_kind": dg.MetadataValue.md(_markdown(by_kind)),
            "by_ou": dg.MetadataValue.md(_markdown(by_ou)),
            "inventory": dg.MetadataValue.table(
                records=[dg.TableRecord(row) for row in frame.head(500).astype(str).to_dict("records")],
                schema=dg.TableSchema(columns=[dg.TableColumn(c, "string") for c in COLUMNS]),
            ),
            "csv": dg.MetadataValue.path(str(path)),
        }
    )
