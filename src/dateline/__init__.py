"""dateline: raw news pages (HTML, WARC, flattened text) to clean, structured, attributed story records."""
from .options import Options
from .record import Article, PageResult, SCHEMA
from .pipeline import extract_page
from .worker import extract

__all__ = ["extract", "extract_page", "Options", "Article", "PageResult", "SCHEMA"]
__version__ = "0.1.0"
