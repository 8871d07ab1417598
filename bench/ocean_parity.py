"""Parity with Ocean aws-v3's published examples, on moto.

    git --git-dir=<ocean mirror> archive HEAD integrations/aws-v3/examples | tar -x -C /tmp/ocean
    .venv/bin/python bench/ocean_parity.py /tmp/ocean/integrations/aws-v3/examples

The examples dir holds one folder per kind: `<name>-mappings.yaml`, `<name>-blueprint.json`, `<name>-raw-data.json`
(the exporter's record) and `<name>-expected-output.json` (the Port entity). moto and the Port emulator start as in
the demo, one member account is seeded in one region with every seeder (the opt-in ones too), and a sync runs with
Ocean's per-kind mappings and blueprints (merged, with Ocean's `createMissingRelatedEntities` and
`deleteDependentEntities` defaults).

Per kind: entities landed in Port; of the top-level `Properties` keys non-empty in Ocean's raw record, how many are
non-empty in our best record (`raw`); the same for the entity's properties against Ocean's expected output
(`entity`); whether the tags have Ocean's shape; the keys we miss. Read errors and Port rejections go to stderr.
`--all-actions` reads every optional includeAction (tags included) instead of those Ocean's mappings name;
`--skip-action NAME` drops one that moto cannot answer.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import requests
import yaml
from botocore.config import Config

REGION = "us-east-1"
ONE_ATTEMPT = Config(retries={"mode": "standard", "max_attempts": 1})
TARGET = 0.8
#: Keys of Ocean's example records that its exporter never emits, with the key it emits instead: aws-v3 dumps its
#: models by alias (`KmsKeyArn` as `KMSKeyArn`, ...), and its DBCluster model keeps AWS's `TagList` (`Tags` unset).
EMITTED_AS = {
    "AWS::Lambda::Function": {"KmsKeyArn": "KMSKeyArn"},
    "AWS::RDS::DBInstance": {
        "DbInstancePort": "Port",
        "IAMDatabaseAuthenticationEnabled": "EnableIAMDatabaseAuthentication",
        "PerformanceInsightsEnabled": "EnablePerformanceInsights",
        "VpcSecurityGroups": "VPCSecurityGroups",
    },
    "AWS::RDS::DBCluster": {"Tags": "TagList"},
}


def load_examples(root: Path) -> dict[str, dict]:
    """Ocean's examples by CloudFormation type name."""
    examples = {}
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        name = folder.name
        resources = yaml.safe_load((folder / f"{name}-mappings.yaml").read_text())["resources"]
        examples[resources[0]["kind"]] = {
            "resources": resources,
            "blueprint": json.loads((folder / f"{name}-blueprint.json").read_text()),
            "raw": json.loads((folder / f"{name}-raw-data.json").read_text())["Properties"],
            "entity": json.loads((folder / f"{name}-expected-output.json").read_text())["properties"],
        }
    return examples


def with_actions(resources: list[dict], all_actions: bool, skipped: set[str]) -> list[dict]:
    """The mappings' includeActions without the skipped ones; with `all_actions` every optional action of our kind,
    in as many copies of its mapping as that takes (a selector names 3 at most; the reader unites them)."""
    from port_aws_pipeline.kinds import registered_kinds

    kinds, out = registered_kinds(), []
    for resource in resources:
        every = sorted(kinds[resource["kind"]].optional_actions) if all_actions and resource["kind"] in kinds else []
        actions = [a for a in every or resource["selector"].get("includeActions", []) if a not in skipped]
        chunks = [actions[i : i + 3] for i in range(0, len(actions), 3)] or [None]
        out += [{**resource, "selector": {**resource["selector"], "includeActions": c}} for c in chunks]
    return out


def write_config(workdir: Path, examples: dict[str, dict], all_actions: bool, skipped: set[str]) -> Path:
    resources = with_actions([r for e in examples.values() for r in e["resources"]], all_actions, skipped)
    mapping = {"deleteDependentEntities": True, "createMissingRelatedEntities": True, "resources": resources}
    (workdir / "mapping.yml").write_text(yaml.safe_dump(mapping, sort_keys=False))
    (workdir / "blueprints.json").write_text(json.dumps([e["blueprint"] for e in examples.values()]))
    config = {
        "aws": {"region_policy": {"allow": [REGION], "deny": []}},
        "port": {"client_id": "${PORT_CLIENT_ID}", "client_secret": "${PORT_CLIENT_SECRET}"},
        "mapping": str(workdir / "mapping.yml"),
        "blueprints": str(workdir / "blueprints.json"),
    }
    path = workdir / "port-aws.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


def sync_problems(summary) -> list[str]:
    """Read errors and Port rejections of every partition run, from its asset checks (a failed partition has no
    report)."""
    import dagster as dg

    from port_aws_pipeline.sync import dagster_instance

    instance, problems, none = dagster_instance(), [], dg.MetadataValue.json([])
    for run_id in sorted({p.run_id for p in summary.partitions}):
        for entry in instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION):
            metadata = entry.dagster_event.event_specific_data.metadata
            problems += metadata.get("errors", none).value + metadata.get("rejected", none).value
    return problems


class OneAttemptClients:
    """The reader's clients, without retries: moto's answers (an HTTP 500 included) do not change on a retry."""

    def __init__(self, session):
        self.session, self.clients = session, {}

    def client(self, service: str, region: str):
        key = (service, region)
        if key not in self.clients:
            self.clients[key] = self.session.client(service, region_name=region, config=ONE_ATTEMPT)
        return self.clients[key]


def read_records(config_path: Path, account_id: str) -> dict[str, list[dict]]:
    """Every mapped kind read once more with the reader, as the sync read it: record Properties by kind."""
    from port_aws_pipeline.devtools.seeding import account_session
    from port_aws_pipeline.kinds import ReadContext
    from port_aws_pipeline.models import GLOBAL_REGION
    from port_aws_pipeline.port.mapping import load_mapping
    from port_aws_pipeline.reader import plans_from_mapping
    from port_aws_pipeline.reader import read_kind

    clients = OneAttemptClients(account_session(account_id, REGION))
    records = {}
    for plan in plans_from_mapping(load_mapping(config_path.parent / "mapping.yml")):
        region = GLOBAL_REGION if plan.kind.is_global else REGION
        read = read_kind(plan, clients, ReadContext(account_id, region, "aws", (REGION,), plan.actions), "parity")
        records[plan.kind.kind] = [r["Properties"] for r in read.records]
    return records


def filled(value) -> bool:
    return value not in (None, "", [], {})


def best_match(ocean: dict, ours: list[dict], emitted_as: dict) -> tuple[int, list[str], dict]:
    """(How many keys Ocean fills, those our best item leaves empty, that item)."""
    wanted = [k for k, v in ocean.items() if filled(v)]
    best = max(ours, key=lambda item: sum(filled(item.get(emitted_as.get(k, k))) for k in wanted), default={})
    return len(wanted), [k for k in wanted if not filled(best.get(emitted_as.get(k, k)))], best


def tag_shape(value) -> str | None:
    """`{k: v}`, `[{Key, Value}]`-like, `[]`; None when there are no tags at all."""
    if isinstance(value, dict):
        return "{k: v}" if value else None
    if isinstance(value, list):
        return f"[{{{', '.join(sorted(value[0]))}}}]" if value else "[]"
    return None


def compare_tags(ocean, ours) -> str:
    ocean_shape, our_shape = tag_shape(ocean), tag_shape(ours)
    if ocean_shape is None:
        return "-"
    if our_shape in (None, "[]"):
        return "none"  # nothing to compare: our item has no tags
    return "same" if our_shape == ocean_shape or ocean_shape == "[]" and our_shape.startswith("[") else "DIFF"


def report(examples: dict[str, dict], records: dict[str, list[dict]], port_url: str) -> list[str]:
    """Prints the table; returns the kinds below TARGET."""
    print(f"{'kind':<38}{'landed':>7}{'raw':>12}{'%':>6}{'entity':>12}{'%':>6}  tags  missing keys")
    below = []
    for kind, example in sorted(examples.items()):
        blueprint = example["blueprint"]["identifier"]
        entities = requests.get(f"{port_url}/_emulator/entities/{blueprint}", timeout=10).json()["entities"]
        emitted_as = EMITTED_AS.get(kind, {})
        raw_wanted, raw_missing, best = best_match(example["raw"], records.get(kind, []), emitted_as)
        entity_wanted, entity_missing, _ = best_match(example["entity"], [e["properties"] for e in entities], {})
        tags = compare_tags(example["raw"].get("Tags"), best.get(emitted_as.get("Tags", "Tags")))
        if kind in records:
            raw = f"{raw_wanted - len(raw_missing):>6}/{raw_wanted:<5}{percent(raw_wanted, raw_missing):>6}"
            wanted, missing = raw_wanted, raw_missing
        else:  # not read per partition (the organization step writes it): its entity counts
            raw, wanted, missing = f"{'-':>17}", entity_wanted, entity_missing
        if wanted - len(missing) < TARGET * wanted:
            below.append(kind)
        shown = " ".join(missing) if kind in below or tags not in ("same", "-") else ""
        print(
            f"{kind:<38}{len(entities):>7}{raw}{entity_wanted - len(entity_missing):>6}/{entity_wanted:<5}"
            f"{percent(entity_wanted, entity_missing):>6}  {tags:<6}{shown}"
        )
    return below


def percent(wanted: int, missing: list) -> str:
    return f"{100 * (wanted - len(missing)) / wanted:.0f}%" if wanted else "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("examples", type=Path, help="Ocean's integrations/aws-v3/examples directory")
    parser.add_argument("--all-actions", action="store_true", help="read every optional includeAction of our kinds")
    parser.add_argument("--skip-action", action="append", default=[], help="drop this includeAction (repeatable)")
    parser.add_argument("--dump", type=Path, help="write our record Properties here, as JSON by kind")
    args = parser.parse_args(argv)
    examples = load_examples(args.examples)

    from port_aws_pipeline.config import load_config
    from port_aws_pipeline.devtools.demo import DEMO_CLIENT_ID
    from port_aws_pipeline.devtools.demo import DEMO_CLIENT_SECRET
    from port_aws_pipeline.devtools.demo import demo_environment
    from port_aws_pipeline.devtools.demo import moto_server
    from port_aws_pipeline.devtools.port_emulator import EmulatorServer
    from port_aws_pipeline.devtools.port_emulator import EmulatorSettings
    from port_aws_pipeline.devtools.seeding import OrgSpec
    from port_aws_pipeline.devtools.seeding import seed_organization
    from port_aws_pipeline.devtools.seeding import seeders
    from port_aws_pipeline.sync import run_sync

    settings = EmulatorSettings(client_id=DEMO_CLIENT_ID, client_secret=DEMO_CLIENT_SECRET)
    with tempfile.TemporaryDirectory() as tmp, moto_server() as moto_url, EmulatorServer(settings) as port:
        workdir = Path(tmp)
        os.environ.update(demo_environment(moto_url, port.url, workdir / "port-aws.yaml"))
        os.environ["DAGSTER_HOME"] = str(workdir / "dagster_home")
        every = sorted(seeders())  # the opt-in ones too: more kinds land, three reads fail on moto
        spec = OrgSpec(accounts=1, suspended=0, regions=[REGION], per_kind=1, kinds=every)
        account_id = seed_organization(spec).accounts[0].id
        config_path = write_config(workdir, examples, args.all_actions, set(args.skip_action))
        summary = run_sync(load_config(config_path), str(config_path), progress=lambda line: None)
        for problem in sync_problems(summary):
            print(f"sync: {problem.splitlines()[0][:300]}", file=sys.stderr)
        records = read_records(config_path, account_id)
        if args.dump:
            args.dump.write_text(json.dumps(records, indent=1, sort_keys=True))
        below = report(examples, records, port.url)
    print(f"\n{len(below)} kind(s) below {TARGET:.0%} of the keys Ocean's example fills: {' '.join(below)}")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
