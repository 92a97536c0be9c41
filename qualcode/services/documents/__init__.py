"""Documents in the project: importing files, renaming and deleting documents, cases."""
