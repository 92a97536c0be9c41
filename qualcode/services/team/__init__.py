"""Team work: coder layers, inter-coder agreement, merging projects coded apart."""
