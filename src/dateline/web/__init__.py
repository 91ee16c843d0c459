"""The explorer: `dateline serve corpus.db` (app.py builds the FastAPI app; one module per page in views/)."""
