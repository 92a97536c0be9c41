"""Counts and comparisons (code frequencies, co-occurrence, coverage, words) and their files."""
