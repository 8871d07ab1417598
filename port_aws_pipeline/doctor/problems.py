"""`--interactive` / `--problem`: what a user may be experiencing, the checks that matter, and what is by design."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from pydantic import BaseModel, Field

from port_aws_pipeline.config import AppConfig
from port_aws_pipeline.port.mapping import SCOPE_PROPERTY


class Problem(BaseModel):
    label: str
    checks: list[str]
    notes: list[str] = Field(default_factory=list)


def _deletion_notes(config: AppConfig) -> list[str]:
    safety = config.safety
    guards = [
        f"safety.max_scope_delete_fraction ({safety.max_scope_delete_fraction}): no deletion in a scope of 10 or "
        "more entities when more than that share of it would go",
        f"safety.max_account_loss_fraction ({safety.max_account_loss_fraction}): no account clean-up when more "
        "than that share of the accounts vanish from discovery at once",
        f"safety.max_region_loss_fraction ({safety.max_region_loss_fraction}): no region clean-up when more than "
        "that share of an account's regions vanish at once",
    ]
    return [
        f"Only entities with the property {SCOPE_PROPERTY} (written by this pipeline) are managed; entities created "
        "by hand or by another integration are never deleted. They are counted per blueprint below.",
        "An entity is deleted only when the read of its own scope (account x region x kind) completed without error: "
        "an incomplete read (denied, throttled, failed) blocks deletion in that scope.",
        "Safeguards against an outage looking like a mass deletion: " + "; ".join(guards) + ".",
        "To confirm: each blocked scope is listed below from the last runs' deletion_blocked metadata (Dagster UI: "
        "Catalog > port_upserts > the partition > metadata; `port-aws-pipeline sync` prints them as notes); check "
        "in AWS that the resources are really gone before raising a fraction.",
        "An entity another entity still points at (a relation) is not deleted; the sync reports it.",
    ]


def problems(config: AppConfig) -> dict[str, Problem]:
    """Ordered: the interactive menu numbers them 1..n."""
    aws = config.aws
    return {
        "accounts-missing": Problem(
            label="accounts are missing in Port",
            checks=["credentials", "organization_role", "organizations", "target_ous", "member_roles"],
            notes=[
                "SUSPENDED accounts are never synced, by design: only ACTIVE accounts are.",
                "With aws.target_ou_ids set, only accounts under those OUs (nested OUs included) are synced; "
                "accounts elsewhere are skipped by design.",
                "With aws.account_ids or aws.single_account, Organizations is not used: "
                "only those accounts are synced.",
            ],
        ),
        "resources-missing": Problem(
            label="resources are missing in Port",
            checks=["credentials", "member_roles", "regions", "sample_reads"],
            notes=[
                "Resources are read only in regions enabled in the account AND left by aws.region_policy (deny wins); "
                "S3 buckets are kept only when their own region is allowed.",
                "Only the kinds your mapping names are read; a mapping whose selector.query is false for a record "
                "drops it before Port: check the kind's selector in your port-app-config.yml (config key `mapping`; "
                "the default ships in the package).",
            ],
        ),
        "auth-errors": Problem(
            label="authentication errors",
            checks=["credentials", "organization_role", "member_roles", "port"],
            notes=[
                "AWS: base credentials -> organization role -> member role in each account. "
                "Port: client id/secret -> token.",
                "An unreachable endpoint (AWS_ENDPOINT_URL, proxy, DNS, port.base_url) is not a credentials problem: "
                "doctor says which one it is.",
            ],
        ),
        "entities-not-deleted": Problem(
            label="entities are not deleted from Port",
            checks=["credentials", "member_roles", "sample_reads", "unowned_entities", "blocked_deletions"],
            notes=_deletion_notes(config),
        ),
        "sync-slow": Problem(
            label="the sync is slow",
            checks=["credentials", "member_roles", "regions", "sync_size"],
            notes=[
                "Work grows with accounts x synced regions x mapped kinds: narrow aws.region_policy.allow to the "
                "regions you use, and map only the kinds you need.",
                f"Concurrency: aws.max_concurrent_accounts ({aws.max_concurrent_accounts}) during discovery, "
                f"aws.max_concurrent_kinds ({aws.max_concurrent_kinds}) inside one account x region, and "
                "`port-aws-pipeline sync --parallel N` partitions at once (default 4).",
                "Throttling (AWS or Port 429) slows everything: lower the concurrency, or set "
                "port.max_requests_per_second.",
            ],
        ),
    }


def parse_choice(answer: str, known: dict[str, Problem]) -> str | None:
    """`1`..`n` or a problem name."""
    answer = answer.strip().lower()
    names = list(known)
    if answer.isdigit() and 1 <= int(answer) <= len(names):
        return names[int(answer) - 1]
    return answer if answer in known else None


def ask_problem(known: dict[str, Problem], out: TextIO, read: Callable[[], str] | None = None) -> str | None:
    """The interactive question; None when stdin gives no valid answer."""
    print("What are you experiencing?", file=out)
    for number, (name, problem) in enumerate(known.items(), 1):
        print(f"  {number}) {problem.label}  [{name}]", file=out)
    for _ in range(3):
        print(f"Choose 1-{len(known)}: ", end="", file=out, flush=True)
        try:
            choice = parse_choice((read or input)(), known)
        except EOFError:
            return None
        if choice:
            print(file=out)
            return choice
        print("Answer with a number or one of the names in brackets.", file=out)
    return None
