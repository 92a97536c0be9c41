"""REFI-QDA exchange tests."""
