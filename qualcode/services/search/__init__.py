"""Full-text search, its index, restriction choices and autocoding from hits."""
