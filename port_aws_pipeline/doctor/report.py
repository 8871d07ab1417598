"""What doctor reports: one `CheckResult` per step, a row per account, the whole `DoctorReport`."""

from __future__ import annotations

from typing import Any
from typing import Literal

from pydantic import BaseModel
from pydantic import Field
from pydantic import computed_field

Status = Literal["ok", "fail", "warn", "skipped"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
CHAIN_SKIPPED = "skipped: fix the step above first"

#: Every check in the order it runs; the title is what the table prints.
TITLES = {
    "credentials": "AWS credentials",
    "organization_role": "organization role",
    "organizations": "AWS Organizations",
    "target_ous": "target OUs",
    "member_roles": "member role in every account",
    "regions": "regions",
    "sample_reads": "sample reads",
    "sync_size": "sync size",
    "port": "Port API",
    "unowned_entities": "entities the pipeline does not own",
    "blocked_deletions": "deletions blocked in the last runs",
}
#: Checks that depend on AWS credentials; a blocking failure skips the rest of this chain.
AWS_CHAIN = list(TITLES)[: list(TITLES).index("port")]
#: Checks run only for the --problem that asks for them.
PROBLEM_ONLY = {"sync_size", "unowned_entities", "blocked_deletions"}
DEFAULT_CHECKS = [name for name in TITLES if name not in PROBLEM_ONLY]


class CheckResult(BaseModel):
    """One diagnostic step: what was found and, when it failed, what to change."""

    name: str
    title: str
    status: Status
    details: list[str] = Field(default_factory=list)
    fix: str = ""
    code: str | None = None  # AWS error code (or Port HTTP status) of the first failure
    account_ids: list[str] = Field(default_factory=list)  # accounts the failure is about
    data: dict[str, Any] = Field(default_factory=dict)  # structured findings for --json
    blocks_chain: bool = Field(default=True, exclude=True)


class ReadResult(BaseModel):
    """One sample read of one kind in one account."""

    kind: str
    region: str
    count: int = 0
    code: str | None = None
    message: str | None = None
    hint: str = ""

    @property
    def ok(self) -> bool:
        return self.code is None


class AccountRow(BaseModel):
    """One ACTIVE account: member role, regions and sample reads."""

    account_id: str
    name: str = ""
    ou_path: str = ""
    member_role: Status = "skipped"
    error_code: str | None = None
    error_message: str | None = None
    enabled_regions: list[str] | None = None
    synced_regions: list[str] | None = None
    reads: list[ReadResult] = Field(default_factory=list)


class DoctorReport(BaseModel):
    config_path: str | None = None
    problem: str | None = None
    notes: list[str] = Field(default_factory=list)
    checks: list[CheckResult] = Field(default_factory=list)
    accounts: list[AccountRow] = Field(default_factory=list)

    @computed_field
    @property
    def ok(self) -> bool:
        return all(c.status != "fail" for c in self.checks)

    @computed_field
    @property
    def exit_code(self) -> int:
        return EXIT_OK if self.ok else EXIT_FAILED


def result(name: str, status: Status, details: list[str] | None = None, **extra) -> CheckResult:
    return CheckResult(name=name, title=TITLES[name], status=status, details=details or [], **extra)


def not_applicable(name: str, why: str) -> CheckResult:
    return result(name, "skipped", [f"not applicable: {why}"], blocks_chain=False)
