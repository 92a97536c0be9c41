"""The window's frame: application, main window, menus, undo commands, workers, import dialog."""
