"""Protecting participants: pseudonymisation, redaction, quote editing, withdrawal."""
