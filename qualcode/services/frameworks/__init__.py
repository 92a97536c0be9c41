"""Strategy frameworks, theme-to-item links and the theme x priority matrices."""
