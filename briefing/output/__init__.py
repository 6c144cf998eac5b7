"""Stage 5, the briefing: assembled from the finished articles, rendered, shared, remembered."""
