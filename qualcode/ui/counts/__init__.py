"""The Counts & charts tab."""
