"""CSV cells a spreadsheet shows as text: a cell that starts like a formula gets a leading ``'``.

Why: actor labels and relation names can come from a loaded file or a remote store, and a label such as
``=HYPERLINK("http://…")`` in a written CSV runs as a formula when the file is opened in a spreadsheet
(CSV injection). The quote is what spreadsheets read as "this is text"; a cell that starts with the quote
itself gets one too, so :func:`text_of_cell` reverses the escape exactly.
"""
from __future__ import annotations

from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def safe_cell(value: Any) -> Any:
    """``value`` with a leading ``'`` when it is text that starts like a formula (other values as they are).

    >>> safe_cell('=HYPERLINK("x")'), safe_cell("Putin"), safe_cell(-2.5)
    ('\\'=HYPERLINK("x")', 'Putin', -2.5)
    """
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def text_of_cell(value: Any) -> Any:
    """The text :func:`safe_cell` escaped, back as it was.

    >>> text_of_cell(safe_cell("'quoted")), text_of_cell("Putin")
    ("'quoted", 'Putin')
    """
    return value[1:] if isinstance(value, str) and value.startswith("'") else value
