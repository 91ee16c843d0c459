"""Fields: from a story's labelled blocks to the values of the record."""
