"""Plain-Python core: errors, value rules and records shared by every layer (no DB, no Qt)."""
