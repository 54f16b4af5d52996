"""What a check yields: one failure, before the engine renders its message."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

__all__ = ["Hit"]


@dataclass(frozen=True, slots=True)
class Hit:
    """One failure of a check, before its message is rendered."""

    pointers: tuple[str, ...]
    params: dict[str, Any] = field(default_factory=dict)
    reported: int | Decimal | None = None
    computed: int | Decimal | None = None
