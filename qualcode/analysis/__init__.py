"""Text analysis without a database or Qt: the spaCy pipeline, search queries, counts.

Everything here takes plain text and plain data and returns plain data, so the services can run it
in a worker and the tests can check it against a hand count.
"""
