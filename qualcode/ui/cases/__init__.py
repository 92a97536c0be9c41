"""The Cases tab: participants and their attributes as an editable sheet, participant sheets,
derived bands and recodes, and the speakers of a transcript linked to the people who spoke."""
