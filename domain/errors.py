"""The domain's exceptions. Handlers turn them into a helpful reply."""

from __future__ import annotations

from collections.abc import Iterable


class DomainError(Exception):
    """Base for every rule the business refuses to break."""


class InvalidTransition(DomainError):
    """A job was asked to move to a status its current status does not allow."""

    def __init__(self, current: str, target: str, allowed: Iterable[str]) -> None:
        self.current = current
        self.target = target
        self.allowed = tuple(allowed)
        options = ", ".join(self.allowed) or "none (the job is closed)"
        super().__init__(f"a {current} job cannot become {target}; allowed next: {options}")


class InvalidPhoneNumber(DomainError):
    """A phone number that cannot be read as a South African or E.164 number."""


class InvalidReference(DomainError):
    """A job or invoice reference that is not in the expected form."""


class InvoiceError(DomainError):
    """An invoice that would be wrong: no lines, negative amounts, editing an issued one."""


class ConfigError(DomainError):
    """The business configuration is broken; the message names the key."""

    def __init__(self, key: str, problem: str) -> None:
        self.key = key
        self.problem = problem
        super().__init__(f"{key}: {problem}")


class SlotTaken(DomainError):
    """Someone else booked that time first."""
