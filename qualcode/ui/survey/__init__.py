"""The Sample & survey tab: who took part, and the closed questions' tables."""
