"""Stage 4, checking the English against the Dutch: numbers, names, negation, omissions."""
