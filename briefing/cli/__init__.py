"""The command line: options in, one call of the stage that does the work, `Error: …` out."""
