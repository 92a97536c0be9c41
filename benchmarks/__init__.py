"""``qualcode bench``: timings on synthetic projects. Not part of the installed package."""
