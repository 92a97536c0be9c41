"""Sample overview and closed survey questions: who took part, and what they ticked."""
