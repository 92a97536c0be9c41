"""Team work in the window: coder layers, compare coders, agreement, merging projects."""
