"""dateline: raw news pages (HTML, WARC, flattened text) to clean, structured, attributed story records."""
from .options import Options
from .read import Page
from .record import SCHEMA, Article, PageError, PageResult, Source
from .pipeline import extract_page
from .worker import extract

__all__ = ["extract", "extract_page", "Options", "Page", "Article", "PageResult", "PageError", "Source", "SCHEMA"]
__version__ = "0.1.0"
