"""REFI-QDA exchange with NVivo, ATLAS.ti, MAXQDA and QualCoder: gather, write, merge."""
