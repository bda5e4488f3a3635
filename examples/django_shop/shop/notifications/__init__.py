"""Customer and ops notifications."""
