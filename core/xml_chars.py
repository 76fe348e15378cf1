"""Text that XML 1.0 can hold: the characters it cannot (most C0 controls, surrogates, U+FFFE/U+FFFF)
replaced by U+FFFD.

Why one place: labels and literals can come from a loaded file or a remote store, and both the endpoint's
XML answers and the GEXF/GraphML graph files must stay well-formed documents whatever they hold.
"""
from __future__ import annotations

import re
from typing import Any

# XML 1.0 Char: tab, LF, CR, and U+0020 on, less the surrogates and U+FFFE/U+FFFF
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_chars(value: Any) -> Any:
    """``value`` with the characters XML 1.0 cannot hold replaced by U+FFFD (non-text values as they are).

    >>> xml_chars("Joe\\x01Biden"), xml_chars(3)
    ('Joe\\ufffdBiden', 3)
    """
    return NOT_XML.sub("\ufffd", value) if isinstance(value, str) else value
