"""Archive scale: the same stages over many articles on Ray, written as Parquet shards."""
