"""Participants: cases with their typed attributes, participant sheets, derived bands and the
speaker labels of transcripts linked to the people who spoke them."""
