"""extractor: typed, validated records of diplomatic meetings and statements from news articles."""
