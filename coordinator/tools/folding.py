"""Names as a case-insensitive file system compares them (macOS's, vfat, exfat, a casefold
ext4 folder): :func:`folded`, which the tools use so that ``.Claude`` or ``.clau\u200cde``
is refused as ``.claude`` is.
"""

from __future__ import annotations

import re
import unicodedata


def folded(name: str) -> str:
    """``name`` as a case-insensitive file system (macOS's, vfat, a casefold ext4 folder:
    ``chattr +F``) compares it: case folded, canonically decomposed, and without the code
    points such a file system ignores (HFS+, and ext4's casefold before Linux 6.13:
    ``.clau\u200cde`` is ``.claude`` there) and a name's trailing dots and spaces (vfat,
    exfat)."""
    if name.isascii():
        text = name.lower()
    else:
        text = unicodedata.normalize("NFD", _IGNORABLE.sub("", name).casefold())
    if text.endswith((".", " ")) or "./" in text or " /" in text:
        text = _TRAILING.sub("", text)  # (vfat's and exfat's names: ``.claude.`` there)
    return text


#: A name's trailing dots and spaces, which vfat and exfat drop (not a ``.``, ``..``).
_TRAILING = re.compile(r"(?<=[^/. ])[. ]+(?=/|$)")


#: Unicode's default-ignorable code points (``Default_Ignorable_Code_Point``): zero-width
#: joiners and spaces, direction marks, variation selectors, the byte order mark, tags.
_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
