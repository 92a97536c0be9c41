"""Report exports: matrix and codebook workbooks, the quote bank, attribution labels."""
