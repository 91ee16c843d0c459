"""Reading sources into Pages: files, .gz, stdin; encodings detected."""
from .page import Page, decode, read_path, read_bytes, guess_format, iter_paths, str_kind

__all__ = ["Page", "decode", "read_path", "read_bytes", "guess_format", "iter_paths", "str_kind"]
