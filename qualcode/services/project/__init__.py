"""Project-wide reads and settings: ``info`` and ``check``, key/value settings."""
