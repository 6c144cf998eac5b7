"""Stage 1, getting news in: article files, saved pages, JSONL and Parquet records, fetching feeds."""
