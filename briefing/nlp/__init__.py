"""Stage 2, reading the Dutch: sentences, quotations and their speakers, stories across articles."""
