"""Claude Code's ``@server:protocol://resource/path`` mentions of MCP resources in a
request: found, and taken out of what routing reads (imports nothing: the router uses it;
the read itself is :mod:`coordinator.runtime.mentioned`'s).

A mention is ``@`` at the start of the text or after white space, a server name, ``:``
and a URI of Claude Code's ``protocol://resource/path`` shape (``docs://readme``,
``file:///a``): ``@alice:tomorrow`` is text, and so are ``@srv:C:\\dir`` (one letter is a
Windows drive, not a scheme) and ``@prod:web1:/var/www`` (scp's host and path: no ``//``
after the "scheme"), whether or not the agent has a server of that name.
A trailing ``.``, ``,``, ``;``, ``:``, ``!``, ``?`` or closing bracket or quote is the
sentence's, not the URI's. Routing reads the request without its mentions
(:func:`unmentioned`: a resource's path is not what the request is about).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# (a scheme of two characters or more: ``C:\path``'s one letter is a Windows drive; ``//``
# after it: ``host:/path`` is scp's, ``urn:x`` no resource path)
_MENTION = re.compile(r"(?<!\S)@([A-Za-z0-9_.-]+):([A-Za-z][A-Za-z0-9+.-]+://\S+)")
_TRAILING = ".,;:!?)]}>'\""


@dataclass(frozen=True)
class Mention:
    """One ``@server:uri`` of a request, as it was written (``said``)."""

    server: str
    uri: str

    @property
    def said(self) -> str:
        """The mention as the person wrote it (its trailing punctuation left out)."""
        return f"@{self.server}:{self.uri}"


def mentions(text: str) -> list[Mention]:
    """The resources ``text`` mentions, each once, in order."""
    if "@" not in text:
        return []
    found = [Mention(m[1], m[2].rstrip(_TRAILING)) for m in _MENTION.finditer(text)]
    return list(dict.fromkeys(m for m in found if m.uri.partition("://")[2]))


def unmentioned(text: str) -> str:
    """``text`` with its mentions taken out (what routing reads: a resource's path is not
    the request's subject)."""
    if "@" not in text:
        return text
    return _MENTION.sub(" ", text)
