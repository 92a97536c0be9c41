"""The search dock and the autocoding dialogs."""
