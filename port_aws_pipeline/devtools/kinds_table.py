"""The README's table of kinds, generated from the registry and the default fragments.

`python -m port_aws_pipeline.devtools.kinds_table --update README.md` rewrites the block between the
markers; `tests/test_docs.py` fails when the README is out of date.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from port_aws_pipeline.defaults import default_blueprints
from port_aws_pipeline.defaults import default_port_app_config
from port_aws_pipeline.kinds import ACCOUNT_KIND
from port_aws_pipeline.kinds import registered_kinds

BEGIN, END = "<!-- kinds-table:begin -->", "<!-- kinds-table:end -->"


def _mapping_by_kind() -> dict[str, dict]:
    return {r["kind"]: r for r in default_port_app_config()["resources"]}


def kinds_table() -> str:
    relations_of = {b["identifier"]: sorted((b.get("relations") or {}).items()) for b in default_blueprints()}
    mappings = _mapping_by_kind()
    rows = [
        "| kind | IAM actions (always) | includeActions (defaults in bold) | default blueprint | relations |",
        "|---|---|---|---|---|",
    ]
    rows.append(
        f"| `{ACCOUNT_KIND}` | from discovery (organizations:ListAccounts ...; Parents from its OU walk) "
        "| ListTagsForResourceAction (organizations:ListTagsForResource) | `awsAccount` | — |"
    )
    for name, kind in sorted(registered_kinds().items()):
        mapping = mappings.get(name)
        blueprint = mapping["port"]["entity"]["mappings"]["blueprint"].strip("'\"") if mapping else None
        relations = ", ".join(f"{r} → {spec.get('target')}" for r, spec in relations_of.get(blueprint, []))
        actions = ", ".join(f"**{a}**" if a in kind.default_actions else a for a in sorted(kind.optional_actions))
        scope = " (global)" if kind.is_global else ""
        rows.append(
            f"| `{name}`{scope} | {', '.join(kind.iam_actions)} | {actions or '—'} | "
            f"{f'`{blueprint}`' if blueprint else 'not in the default mapping'} | {relations or '—'} |"
        )
    rows.append(
        "| any other `AWS::Service::Type` | cloudformation:ListResources, cloudformation:GetResource + the "
        "service's reads (Cloud Control) | — | none: map it yourself | — |"
    )
    return "\n".join(rows)


def updated(readme: str) -> str:
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
    return pattern.sub(f"{BEGIN}\n{kinds_table()}\n{END}", readme)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--update", metavar="README")
    args = parser.parse_args()
    if args.update:
        path = Path(args.update)
        path.write_text(updated(path.read_text()))
    else:
        print(kinds_table())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
