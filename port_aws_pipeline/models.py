"""Records passed between assets: pydantic at every boundary, pickled by the IO manager."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic import Field

GLOBAL_REGION = "global"


class SyncError(BaseModel):
    """One failure, with the AWS (or Port) error code and what to do about it."""

    account_id: str
    region: str
    kind: str
    code: str
    message: str
    hint: str = ""

    def line(self) -> str:
        hint = f" Hint: {self.hint}" if self.hint else ""
        return f"account {self.account_id}, region {self.region}, kind {self.kind}: {self.code}: {self.message}.{hint}"


class AwsAccount(BaseModel):
    """An account to sync, as discovered, with the regions it will be read in."""

    id: str
    partition: str = "aws"
    regions: list[str] = Field(default_factory=list)
    error: SyncError | None = None
    # What Organizations says of it (the `AWS::Organizations::Account` record):
    name: str = ""
    email: str = ""
    status: str = "ACTIVE"
    #: Organizations' newer account `State` (ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED, ...) when AWS gives it.
    state: str | None = None
    arn: str = ""
    joined_timestamp: str | None = None
    joined_method: str | None = None
    ou_path: str = ""
    #: Its parent in the organization tree (`[{Id, Type}]`, as `ListParents` answers), from the discovery walk.
    parents: list[dict[str, str]] = Field(default_factory=list)
    #: Organizations tags `[{Key, Value}]`, read only when the mapping asks (`ListTagsForResourceAction`);
    #: None when asked but unreadable.
    tags: list[dict[str, str]] | None = Field(default_factory=list)

    def organizations_record(self) -> dict[str, Any]:
        """The raw `AWS::Organizations::Account` record, in the aws-v3 shape."""
        return {
            "Type": "AWS::Organizations::Account",
            "Properties": {
                "Id": self.id,
                "Arn": self.arn or None,  # empty outside Organizations discovery
                "Name": self.name,
                "Email": self.email or None,
                "Status": self.status,
                "State": self.state,
                "JoinedTimestamp": self.joined_timestamp,
                "JoinedMethod": self.joined_method,
                "Parents": self.parents,
                "Tags": self.tags,
                "OuPath": self.ou_path or None,
                "EnabledRegions": self.regions,
            },
            "__ExtraContext": {"AccountId": self.id, "Region": GLOBAL_REGION},
        }


class DiscoveredOrganization(BaseModel):
    """Output of the `aws_accounts` asset."""

    accounts: list[AwsAccount]
    source: str  # organizations | target_ous | account_ids | single_account
    regions: list[str]  # union of every account's synced regions, plus "global"
    api_calls: dict[str, int] = Field(default_factory=dict)
    #: account -> regions that left but whose entities the safeguards keep (see planner.plan_catalog).
    protected_regions: dict[str, list[str]] = Field(default_factory=dict)
    protected_accounts: list[str] = Field(default_factory=list)
    blocked: list[str] = Field(default_factory=list)

    def account(self, account_id: str) -> AwsAccount | None:
        return next((a for a in self.accounts if a.id == account_id), None)


class KindRead(BaseModel):
    """What one kind returned in one account x region; `error` set means incomplete."""

    kind: str
    records: list[dict[str, Any]] = Field(default_factory=list)
    error: SyncError | None = None
    #: Set when the scope may not be cleaned up (a safeguard holds its entities); not an error.
    blocked: str | None = None
    seconds: float = 0.0

    @property
    def complete(self) -> bool:
        return self.error is None and self.blocked is None


class PartitionRead(BaseModel):
    """Output of `raw_resources` for one account x region."""

    account_id: str
    region: str
    kinds: list[KindRead]
    api_calls: dict[str, int] = Field(default_factory=dict)
    seconds: float = 0.0
    #: Set when the account came from the sensor, before the organization run recorded it.
    new_account: AwsAccount | None = None

    @property
    def errors(self) -> list[SyncError]:
        return [k.error for k in self.kinds if k.error]
