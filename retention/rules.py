"""Retention arithmetic lives with the rule it reads (registers.expiry); importable from here as before."""

from registers.expiry import add_months, add_period, expires_at_for

__all__ = ["add_months", "add_period", "expires_at_for"]
