"""The Recommendations dock (issue 19): the register, its editor and its check in the window."""
