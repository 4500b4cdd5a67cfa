"""Text that crosses a boundary: secrets scrubbed out, lone surrogates made valid.

One place for both, used where text leaves the process or is kept: the model request
(:func:`coordinator.providers.anthropic.build_params`), the model's reply, the store's
writes, error messages, everything the CLI prints (:class:`SafeStream`) and a bug's
traceback (:func:`print_traceback`).

* Secrets: every configured credential, whatever its length: ``ANTHROPIC_API_KEY``,
  ``ANTHROPIC_AUTH_TOKEN``, the password of a base URL (``ANTHROPIC_BASE_URL`` or
  ``--base-url``) and its key/token query values, plus anything :func:`register_secret`
  was given; also anything shaped like an Anthropic key (``sk-ant-…``), the password
  of any URL (``https://user:token@host``, as ``git remote -v`` prints a remote) and a
  user name alone shaped like a token (``https://ghp_…@github.com``: :func:`_token_user`).
  A secret of digits alone is scrubbed only where it stands as a number of its own. Read
  from the environment at each call, so a key set or revoked mid-process is still covered.
* Credentials the user hands on (:func:`register_credential`): a value coord puts in an
  MCP server's or an http hook's headers or environment, or a variable the user lets into
  Bash, when it is one by where it goes (a header, a credential-named variable,
  :func:`credential_name`). Scrubbed the same way, yet not coord's own: a hook or server
  still gets it (:func:`configured_secrets` leaves them out).
* Credentials known by their name (:func:`register_by_name`), whatever their length: one
  shorter than :data:`MIN_CREDENTIAL` is scrubbed only after its name (``password=pw``,
  ``PGPASSWORD=pw``, ``Authorization: Bearer ab1``), where it can be nothing else; and as a
  whole token of a diagnostic (:func:`scrub_diagnostic`: a library's error, a traceback, a
  worker's line), with a URL's key and token query values by their shape.
* Credentials coord was never given (:func:`stored_text`, secrets115), where text is stored
  or shown but not in the model's request (the workspace's own are the agent's to use):
  well-known shapes (GitHub, GitLab, Slack, AWS, Google, OpenAI, Stripe, npm, Hugging Face,
  JWTs, PEM private keys) and a value of letters and digits assigned to a credential's name
  (``export AWS_SECRET_ACCESS_KEY=v``, ``Authorization: Bearer v``, ``--password v``), then
  remembered and scrubbed wherever it stands. Coord's own credentials are also scrubbed
  everywhere in pieces of 19 characters or more, and base64'd (:func:`_own_spans`).
* Log records of the libraries coord loads (:func:`scrub_logging`): coord configures no
  handler, but a user who turns DEBUG logging on sees each one scrubbed.
* Text: a lone UTF-16 surrogate (``"\\ud800"`` is valid JSON; ``surrogateescape`` turns
  invalid UTF-8 from argv or a file into ``\\udcXX``) cannot be encoded as UTF-8, so
  SQLite, the HTTP body and the terminal would fail on it. Each is replaced by U+FFFD.

Only the standard library (and coordinator.clip): the CLI imports this module at start.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import IO, Any
from urllib.parse import SplitResult, unquote, unquote_plus, urlsplit, urlunsplit

from coordinator.clip import clip, whole_cut

REDACTED = "[redacted]"
REPLACEMENT = "\ufffd"

#: Environment variables holding a credential to scrub.
SECRET_ENV = ("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN")
#: Environment variables holding a URL whose credentials are scrubbed.
URL_ENV = ("ANTHROPIC_BASE_URL",)

_KEY_LIKE = re.compile(r"sk-ant-[A-Za-z0-9_\-]{8,}")
_SECRET_QUERY = re.compile(r"key|token|secret|password|auth|sig", re.IGNORECASE)

_registered: set[str] = set()
#: Credentials the user gave a server, hook or Bash (:func:`register_credential`).
_credentials: set[str] = set()
#: The shortest value taken as a credential by where it goes: a flag such as ``1`` or
#: ``true`` in a header or a ``*_TOKEN`` variable is none, and scrubbing it would mangle
#: every line it appears in.
MIN_CREDENTIAL = 8
#: Words of a variable or header name that mark its value as a credential.
_CREDENTIAL_WORDS = frozenset(
    {"KEY", "APIKEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "PASS", "PAT", "AUTH",
     "AUTHORIZATION", "CREDENTIAL", "CREDENTIALS", "COOKIE", "BEARER", "PRIVATE"}
)  # fmt: skip
#: How a word joined to another ends when it names a credential (``PGPASSWORD``); not
#: ``KEY``, which ends ``MONKEY`` and ``TURKEY``.
_CREDENTIAL_ENDINGS = ("PASSWORD", "PASSWD", "TOKEN", "SECRET", "APIKEY")
_NAME_WORD = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z0-9]+(?![a-z])")
#: After a URL's ``://``: its user name, then its password (group 1) up to the ``@``;
#: bounded, so that a long line costs what reading it does.
_URL_USERINFO = re.compile(r"[^\s/:@]{0,256}:([^\s/@]{1,4096})@")
_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-")


def register_secret(value: str | None) -> None:
    """Scrub ``value`` (a credential given other than by the environment) from now on."""
    if value and value.strip():
        _registered.add(value)


def credential_name(name: str) -> bool:
    """Whether a variable or header called ``name`` holds a credential: one of its words
    (``GITHUB_TOKEN``, ``X-Api-Key``, ``apiKey``, ``Authorization``) says so, or ends as
    one that can only be a credential does (``PGPASSWORD``, ``GHTOKEN``)."""
    words = [w.upper() for w in _NAME_WORD.findall(name)]
    return any(w in _CREDENTIAL_WORDS or w.endswith(_CREDENTIAL_ENDINGS) for w in words)


def register_credential(value: str | None) -> None:
    """Scrub ``value``, a credential the user hands to a server, hook or command, from now
    on (values shorter than :data:`MIN_CREDENTIAL` are no credential)."""
    if value and len(value.strip()) >= MIN_CREDENTIAL:
        _credentials.add(value.strip())  # as printed without the newline a file ended with


def register_sent(name: str, value: str, *, header: bool) -> None:
    """Register ``value``, the variable ``name`` put into a header (``header``) or an
    environment, when it is a credential there: every value put into a header (that is
    how credentials are sent); into an environment, one whose name says so (then also
    named, whatever its length: :func:`register_by_name`)."""
    if header or credential_name(name):
        register_credential(value)
    if credential_name(name):
        register_by_name(name, value)


#: Credentials known with the name they go by, whatever their length (:func:`register_by_name`):
#: value -> its names.
_named: dict[str, set[str]] = {}
#: The credentials of :data:`_named`, as whole tokens of a diagnostic (:func:`scrub_diagnostic`),
#: and the store's URL's (:func:`register_url_credentials`).
_tokens: set[str] = set()
#: What finds a named credential: its values (a match: one), what must come just before one
#: (a name and its separator, matched to the end of the text looked at) and how far back.
_named_shape: list[tuple[re.Pattern[str], re.Pattern[str], int] | None] = [None]
#: The values of :data:`_named`, for a substring search before the shape's.
_named_values: list[tuple[str, ...]] = [()]
#: Values a credential-named setting may hold that are flags, not credentials.
_FLAG_WORDS = frozenset({"true", "false", "yes", "no", "on", "off", "null", "none"})


def register_by_name(name: str, value: str | None) -> None:
    """Scrub ``value``, a credential that goes by ``name`` (``password``, ``API_KEY``,
    ``Authorization``), from now on: as any credential when it is one by its length
    (:func:`register_credential`), and, whatever its length, wherever it follows its name
    (``password=pw``, ``PGPASSWORD=pw``, ``"API_KEY": "ab1"``, ``Authorization: Bearer ab1``)
    and as a whole token of a diagnostic (:func:`scrub_diagnostic`). A short one is not
    scrubbed alone (``pw`` is part of many words), only in those shapes; a long one needs
    no shape."""
    register_credential(value)
    value = (value or "").strip()
    name = name.strip()
    if len(value) >= MIN_CREDENTIAL:  # scrubbed wherever it stands already
        return
    if not value or not name or name.lower() in _named.get(value, ()):
        return
    _named.setdefault(value, set()).add(name.lower())
    _add_token(value)
    every = {n for ns in _named.values() for n in ns}
    names = "|".join(re.escape(n) for n in sorted(every))
    values = "|".join(re.escape(v) for v in sorted(_named, key=len, reverse=True))
    _named_shape[0] = (
        re.compile(rf"(?:{values})(?![A-Za-z0-9_])"),
        re.compile(
            rf"(?i:{names})\\?['\"]?[ \t]{{0,8}}[:=][ \t]{{0,8}}\\?['\"]?"
            r"(?i:(?:bearer|basic|token)[ \t]{1,8})?\Z"
        ),
        max(map(len, every)) + 32,
    )
    _named_values[0] = tuple(_named)


def _add_token(value: str) -> None:
    """Scrub ``value`` as a whole token of a diagnostic (:func:`scrub_diagnostic`), unless
    it is an ordinary word of one there: a flag, a number or a word of one or two letters
    (``1``, ``true``, ``no``: every one in a worker's line would go; ``%z`` is none)."""
    ordinary = value.isdigit() or value.lower() in _FLAG_WORDS
    if (len(value) >= 3 or not value.isalnum()) and not ordinary:
        _tokens.add(value)


def register_header(name: str, value: str) -> None:
    """A header sent to a server or hook: a credential-named one's value (``Authorization:
    Bearer <token>``, ``X-Api-Key``) is scrubbed from now on, and so is its last word
    (whatever its length, after the header's name: :func:`register_by_name`)."""
    if credential_name(name):
        register_credential(value)
        words = value.split()
        register_by_name(name, words[-1] if words else None)


def register_url_credentials(url: str | None) -> None:
    """Scrub, from now on, the credentials in ``url`` (a store's, a server's, an exporter's
    endpoint): each as a credential (:func:`register_credential`), a key or token query value
    also after its name whatever its length (``?api_key=ab1``: :func:`register_by_name`), and
    each as a whole token of a diagnostic (a library's error may echo it: ``invalid
    percent-encoded token: "p%zz"``). Its password is scrubbed by its shape already."""
    secrets = url_secrets(url)
    if not secrets:
        return
    for secret in secrets:
        register_credential(secret)
        _add_token(secret.strip())
    try:
        parts = _split(str(url))
    except ValueError:  # (its user information's, registered above)
        return
    for password in {parts.password or "", unquote(parts.password or "")} & set(secrets):
        register_by_name("password", password)  # as a keyword form writes it, or PGPASSWORD
    for name, _, value in (pair.partition("=") for pair in parts.query.split("&")):
        if value and _SECRET_QUERY.search(unquote_plus(name)):
            register_by_name(name, value)
            register_by_name(name, unquote_plus(value))


def url_secrets(url: str | None) -> list[str]:
    """The credentials inside ``url``: its password, its key/token query values and, but
    in a database URL, its user name when it is one by its length (:func:`user_is_secret`).

    A database URL's user name is not one: it names the role (often a word that also
    means something else). Nor is a password that repeats the user name
    (``postgres:postgres``, a local default everyone knows): scrubbing it would mangle
    every ``postgresql`` and "postgres index" a request or an answer writes.
    """
    if not url:
        return []
    try:
        parts = _split(url)
    except ValueError:  # (an IPv6 host unclosed...): its user information as shown masked
        loose = _LEADING_USERINFO.match(url)
        if loose is None:
            return []
        user, _, password = loose.group(2).partition(":")
        return [s for s in _userinfo_secrets(url.partition(":")[0], user, password) if s.strip()]
    found = _userinfo_secrets(parts.scheme, parts.username or "", parts.password or "")
    for name, _, value in (pair.partition("=") for pair in parts.query.split("&")):
        if _SECRET_QUERY.search(unquote_plus(name)):  # as written (how a URL shows in an
            found += [value, unquote_plus(value)]  # error) and as sent
    return [s for s in found if s.strip()]


#: The schemes whose URL's user name is no secret and is shown: a database connection
#: URL's names the role it connects as (``postgresql://app:***@db``, ``mysql://bob:***@h``),
#: which says which database login a message means; its password is the credential. A
#: driver suffix (``postgresql+psycopg``, ``mongodb+srv``) is read off.
_ROLE_SCHEMES = frozenset(
    {"postgresql", "postgres", "mysql", "mariadb", "mongodb", "redis", "rediss"}
)


def user_is_secret(scheme: str) -> bool:
    """Whether the user name of a ``scheme`` URL is a credential: in any but a database URL
    (:data:`_ROLE_SCHEMES`: an OTLP endpoint's, a base URL's, an MCP server's or a hook's)
    the user information is what HTTP Basic authentication sends, user and password alike,
    and a token is often the user name alone (``https://glc_...@otlp.example``, a git
    remote's ``https://TOKEN@github.com``)."""
    return scheme.lower().partition("+")[0] not in _ROLE_SCHEMES


def _userinfo_secrets(scheme: str, user: str, password: str) -> list[str]:
    """The credentials in a ``scheme`` URL's user information (``user`` and ``password``
    as written), as written and decoded: the password unless it repeats the user name,
    and the user name where it is one (:func:`user_is_secret`) and is long enough to be
    (:data:`MIN_CREDENTIAL`: ``https://git@host`` names no secret), even when the
    password repeats it (``https://TOKEN:TOKEN@host``)."""
    decoded = unquote(user)
    found = [] if unquote(password) == decoded else [password, unquote(password)]
    if user_is_secret(scheme) and len(decoded.strip()) >= MIN_CREDENTIAL:
        found += [user, decoded]
    return found


#: What stands for a credential in a URL shown (``user:***@host``, ``?password=***``).
MASK = "***"


def masked_url(url: str) -> str:
    """``url`` fit to show (``coord config``, messages, logs): its password as ``***``
    (``postgresql://user:***@host/db``) and each key, token or password query value too;
    in any but a database URL its whole user information (:func:`user_is_secret`:
    ``https://***@otlp.example``); the rest as written (several hosts, an IPv6 address in
    brackets). A URL that cannot be parsed is shown with that user information masked and
    its passwords redacted as any text is."""
    return _secrets_replaced(url, MASK)


def secretless_url(url: str) -> str:
    """``url`` for a command to run as it is (``coord resume``'s ``--db`` in ``--json``):
    :func:`masked_url` with each credential left out rather than masked
    (``postgresql://user@host/db``), so that libpq reads it where it keeps it (PGPASSWORD,
    ``~/.pgpass``) rather than trying ``***``."""
    return _secrets_replaced(url, None)


def _secrets_replaced(url: str, mask: str | None) -> str:
    """``url`` with its password and key, token or password query values as ``mask``
    (None: left out, each with its ``:`` or its ``name=value`` pair)."""
    try:
        parts = _split(url)
    except ValueError:
        if user_is_secret(url.partition("://")[0]):
            url = _LEADING_USERINFO.sub(rf"\1{mask}@" if mask else r"\1", url, count=1)
        return _url_passwords(url)
    userinfo, at, hosts = parts.netloc.rpartition("@")
    netloc = parts.netloc
    if at and user_is_secret(parts.scheme):
        netloc = hosts if mask is None else f"{mask}@{hosts}"
    elif at and ":" in userinfo:
        user = userinfo.partition(":")[0]
        netloc = f"{user}@{hosts}" if mask is None else f"{user}:{mask}@{hosts}"
    pairs = [pair.partition("=") for pair in parts.query.split("&")] if parts.query else []
    secret = [
        bool(sep and value and _SECRET_QUERY.search(unquote_plus(name)))
        for name, sep, value in pairs
    ]
    query = "&".join(
        (name + sep + value) if not hidden else f"{name}={mask}"
        for (name, sep, value), hidden in zip(pairs, secret, strict=True)
        if not (hidden and mask is None)
    )
    if (netloc, query) == (parts.netloc, parts.query):
        return url
    rebuilt = urlunsplit(parts._replace(netloc=netloc, query=query))
    if not netloc and url[len(parts.scheme) + 1 :].startswith("//"):  # (host from the query)
        # urlunsplit drops the "//" of a scheme it does not know when no host follows:
        # "postgresql:/db" is a file's path to coord, and no URL to libpq
        rebuilt = f"{parts.scheme}://{rebuilt[len(parts.scheme) + 1 :]}"
    return rebuilt


#: A URL's scheme (group 1) and user information (group 2: up to its last ``@`` before a
#: ``/``, ``?`` or ``#``, as ``urlsplit`` reads one: ``me@corp.com:TOKEN@``), bounded.
_LEADING_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]{0,32}://)([^\s/?#]{1,4096})@")
#: Where libpq ends a connection URL's user information: at its first ``@`` before a ``/``.
_USERINFO_END = re.compile(r"[@/]")


def _split(url: str) -> SplitResult:
    """``url``'s parts as libpq reads a connection URL, where a ``?`` or ``#`` in the user
    information is the password's (``postgresql://bob:p#ss@db``: split here with it
    percent-encoded, as libpq decodes it alike) and a ``#`` starts no fragment
    (``?password=a#b`` is ``a#b``); ``urlsplit`` would leave such a password in the host or
    the fragment, kept and shown. Raises ValueError as ``urlsplit`` does."""
    head, sep, tail = url.partition("://")
    stop = _USERINFO_END.search(tail)
    if sep and stop is not None and stop.group() == "@":
        userinfo = tail[: stop.start()].replace("?", "%3F").replace("#", "%23")
        url = f"{head}{sep}{userinfo}{tail[stop.start() :]}"
    return urlsplit(url, allow_fragments=False)


#: ``user:password@`` in a value that is no URL (``postgres//bob:pw@host``, a typo).
_USERINFO_PASSWORD = re.compile(r"(?<=:)[^:@/\s]+(?=@)")
#: A password in a libpq keyword connection string (``host=db password=pw``, ``password =
#: 'p w'``): its value, quoted or not.
_KEYWORD_PASSWORD = re.compile(r"(?i)(?<![\w-])((?:ssl)?password\s*=\s*)('(?:[^'\\]|\\.)*'?|\S+)")


def shown_secretless(value: str) -> str:
    """A value that was meant to be a URL, fit to show: :func:`masked_url` for a URL, and
    for anything else (a mistyped one, a keyword connection string) each ``user:password@``
    as ``user:***@`` and each ``password=pw`` as ``password=***``, whatever its length."""
    if "://" in value:
        return masked_url(value)
    return _KEYWORD_PASSWORD.sub(rf"\1{MASK}", _USERINFO_PASSWORD.sub(MASK, value))


def configured_secrets(environ: Mapping[str, str] | None = None) -> set[str]:
    """Every secret to scrub now: the environment's credentials and the registered ones."""
    env = os.environ if environ is None else environ
    found = {env[name] for name in SECRET_ENV if env.get(name, "").strip()}
    for name in URL_ENV:
        found.update(url_secrets(env.get(name)))
    return found | _registered


def _all_secrets() -> set[str]:
    """What is scrubbed: :func:`configured_secrets` and the registered credentials."""
    return configured_secrets() | _credentials


def scrub(text: str, extra: Iterable[str] = ()) -> str:
    """``text`` with every configured secret (and ``extra`` ones) replaced by ``[redacted]``."""
    extra = [s for s in extra if s]
    patterns = _patterns(frozenset(_all_secrets() | set(extra))) if extra else _current()
    return _scrub_with(text, patterns)


def scrubbed_line(text: str, limit: int) -> str:
    """``text`` with every configured secret redacted (:func:`scrub`), then on one line of at
    most ``limit`` characters (:func:`~coordinator.clip.clip`): scrubbed first, so a cut
    never leaves a secret's start unredacted. What a log, an error or the store keeps of
    text from elsewhere (a hook's output, a model's answer, a request)."""
    return clip(_stored_redacted(scrub(text)), limit)


def _scrub_with(text: str, patterns: tuple[str, ...]) -> str:
    if "sk-ant-" in text:
        text = _KEY_LIKE.sub(REDACTED, text)
    if "://" in text:
        text = _url_passwords(text)
    if _named and (spans := _named_spans(text)):
        text = "".join(_spans_redacted(text, spans))
    for pattern in patterns:
        if pattern in text:
            if pattern.isascii() and pattern.isdigit():
                text = _number_shape(pattern).sub(REDACTED, text)
            else:
                text = text.replace(pattern, REDACTED)
    if _own_grams():
        text = _redacted_spans(text, list(_own_spans(text)))
    return text


@functools.lru_cache(maxsize=64)
def _number_shape(secret: str) -> re.Pattern[str]:
    """Where the secret ``secret``, all digits (a user name such as an OTLP instance's
    ``12345678``, a PIN), stands as a number of its own: no digit next to it. Inside a
    longer number (``9123456789``, a count, an id, a time) it is another number, which
    scrubbing would mangle in every log line holding one."""
    return re.compile(rf"(?<![0-9]){secret}(?![0-9])")


_WATCHED = (*SECRET_ENV, *URL_ENV)
#: The watched names as keys of ``os.environ``'s own table (bytes on POSIX).
_WATCHED_KEYS = tuple(os.environ.encodekey(name) for name in _WATCHED)
_cache: dict[tuple[object, ...], tuple[str, ...]] = {}


def _current() -> tuple[str, ...]:
    """The patterns for the secrets configured now (recomputed only when they change):
    keyed by the watched variables' values and the number of registered secrets, read
    from the environment's own table when it has one (``os.environ.get`` raises and
    catches a KeyError for each variable unset: six times the cost)."""
    key = _config_key()
    patterns = _cache.get(key)
    if patterns is None:
        _cache.clear()
        patterns = _cache[key] = _patterns(frozenset(_all_secrets()))
    return patterns


def _config_key() -> tuple[object, ...]:
    """What the secrets configured now are known by (:func:`_current`)."""
    env = os.environ
    data = getattr(env, "_data", None)
    if isinstance(data, dict):
        return (*map(data.get, _WATCHED_KEYS), len(_registered), len(_credentials))
    return (*map(env.get, _WATCHED), len(_registered), len(_credentials))


def _patterns(secrets: frozenset[str]) -> tuple[str, ...]:
    """Each secret and its JSON-escaped form, longest first."""
    forms = set(secrets) | {_json_escaped(s) for s in secrets}
    return tuple(sorted(forms, key=len, reverse=True))


def _json_escaped(secret: str) -> str:
    """How ``secret`` appears inside a JSON string (quotes and backslashes escaped)."""
    return secret.replace("\\", "\\\\").replace('"', '\\"')


def clean_text(text: str) -> str:
    """``text`` encodable as UTF-8: surrogate pairs joined, lone surrogates -> U+FFFD."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text


def _encodable(text: str) -> bool:
    """True when ``text`` has no lone surrogate (it encodes as UTF-8)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def clean_json(value: Any) -> Any:
    """``value`` (parsed JSON) with :func:`clean_text` applied to every string and key.

    Returns ``value`` itself when nothing needed cleaning.
    """
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        items = [(clean_json(k), clean_json(v)) for k, v in value.items()]
        if all(k is k0 and v is v0 for (k, v), (k0, v0) in zip(items, value.items(), strict=True)):
            return value
        return dict(items)
    if isinstance(value, list):
        cleaned = [clean_json(v) for v in value]
        if all(c is v for c, v in zip(cleaned, value, strict=True)):
            return value
        return cleaned
    return value


#: The bidi controls (a character class's body): the marks (ALM, LRM, RLM), embeddings,
#: overrides and isolates, which reorder what a terminal shows around them.
BIDI_CONTROLS = r"\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
#: The line and paragraph separators: a terminal breaks no line at them, yet whatever
#: breaks lines by Unicode's rules does (a browser showing a CI log, a GUI, an editor,
#: Python's ``str.splitlines``), as at NEL, VT and FF (C1 and C0: U+FFFD already).
LINE_SEPARATORS = "\u2028\u2029"
#: What a terminal would take as a command, not text: C0 controls but tab and newline (a
#: carriage return too, unless it ends a line), DEL and C1 (``\x9b`` is a CSI); the bidi
#: controls; and the line separators, a line break only where the terminal's output is
#: read elsewhere.
_TERMINAL_CONTROL = re.compile(
    rf"\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{BIDI_CONTROLS}{LINE_SEPARATORS}]"
)


def printable(text: str) -> str:
    """``text`` as a terminal shows it and nothing more: an escape sequence an agent, a
    tool's output or a file wrote (colours, a window title, a clipboard write, a cursor
    move that hides what came before) becomes U+FFFD in place of each control character,
    and so does a line separator (a line of its own in a browser or a script's
    ``splitlines``, where it would fake one). For display only: what is stored and sent
    keeps the text as it was."""
    return _TERMINAL_CONTROL.sub("\ufffd", text)


#: What a name shown alone cannot hold as it is: a control character (a newline would fake
#: a line of the view, a carriage return overwrite one), a line or paragraph separator (a
#: model's new line), a bidi control, and the double quote and backslash that its escaped
#: form is written with.
_NAME_ESCAPED = re.compile(rf'[\x00-\x1f\x7f-\x9f{LINE_SEPARATORS}{BIDI_CONTROLS}"\\]')
_C_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r", '"': '\\"', "\\": "\\\\"}


def shown_name(name: str) -> str:
    """A file name as every view shows it: as it is, or, when it holds a control character,
    a bidi control, a double quote or a backslash, in double quotes with C escapes
    (``"a\\nb"``, ``"\\x1b[31m"``), as git shows such a name: one name, on one line, that
    no other text can be mistaken for. For display only, like :func:`printable`."""
    if _NAME_ESCAPED.search(name) is None:
        return name
    return '"' + _NAME_ESCAPED.sub(_c_escape, name) + '"'


def shown_word(name: str) -> str:
    """A file name as a word of a shell command shown to a person: quoted for the shell
    (:func:`shlex.quote`), or, when :func:`shown_name` escapes it, as that shows it."""
    import shlex

    shown = shown_name(name)
    return shlex.quote(name) if shown == name else shown


#: What :func:`escaped` writes as a C escape: :data:`_NAME_ESCAPED` but the quote and backslash.
_CONTROL = re.compile(rf"[\x00-\x1f\x7f-\x9f{LINE_SEPARATORS}{BIDI_CONTROLS}]")


def escaped(text: str) -> str:
    """``text`` with each control character, line separator and bidi control written as a
    C escape (``\\n``, ``\\x1b``), the rest as it is: a value quoted in a one-line
    message stays on its line (``--limit: '1\\n2' is not a whole number``)."""
    return _CONTROL.sub(_c_escape, text)


def _c_escape(found: re.Match[str]) -> str:
    char = found.group()
    code = ord(char)
    return _C_ESCAPES.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def safe_cut(text: str, limit: int) -> str:
    """The first ``limit`` characters of ``text``, scrubbed first when it is longer: a cut
    through a secret would keep its start, which no later scrub recognises (a text is cut
    for a line of the log, a tool's output, a hook's note), and never ending inside a
    character as a reader sees it (:func:`~coordinator.clip.whole_cut`)."""
    return text if len(text) <= limit else whole_cut(scrub(text), limit)


#: How many characters at the end of a text whose end was lost may be the start of a
#: secret no scrub recognises, besides a configured one (:func:`scrub_cut_off`): a URL's
#: user name and password, as far as :data:`_URL_USERINFO` reads them.
_UNRECOGNISED_SPAN = 256 + 1 + 4096


def scrub_cut_off(text: str) -> str:
    """``text``, whose end was lost (a capture stopped at its limit), scrubbed and without
    the characters at its end that may be a secret's start (as long as the longest secret
    configured, or a URL's password): the rest of that secret was never read, so nothing
    recognises what came of it. Scrubbing leaves such a start where it was, at the end."""
    span = secret_span()
    scrubbed = scrub(text)
    return scrubbed[: max(0, len(scrubbed) - span)]


def secret_span() -> int:
    """How many characters past a cut a secret begun before it may run on: the longest
    secret configured, or a URL's user name and password. Read that much further, a text
    holds whole every secret that begins before the cut, and a scrub finds it."""
    patterns = _current()
    return max(_UNRECOGNISED_SPAN, len(patterns[0]) if patterns else 0)


def safe_text(text: str) -> str:
    """:func:`clean_text` then :func:`scrub`: what may be stored or shown."""
    return _scrub_with(clean_text(text), _current())


def safe_json(value: Any) -> Any:
    """Parsed JSON with every string made :func:`safe_text`."""
    return _safe_json(value, _current())


def _safe_json(value: Any, patterns: tuple[str, ...]) -> Any:
    if isinstance(value, str):
        return _scrub_with(clean_text(value), patterns)
    if isinstance(value, dict):
        return {_safe_json(k, patterns): _safe_json(v, patterns) for k, v in value.items()}
    if isinstance(value, list):
        return [_safe_json(v, patterns) for v in value]
    return value


class SafeStream:
    """A text stream wrapper that writes :func:`safe_text` of everything it is given.

    The CLI puts its stdout and stderr behind one, so no secret or unencodable character
    reaches the terminal or a pipe, whichever view printed it.
    """

    def __init__(self, stream: IO[str]):
        self._stream = stream
        encoding = getattr(stream, "encoding", None) or "utf-8"
        self._narrow = None if _writes_unicode(encoding) else encoding

    def write(self, text: str) -> int:
        safe = stored_text(text)
        if self._narrow is not None:  # LANG=C with PYTHONUTF8=0, PYTHONIOENCODING=ascii
            safe = escape_unencodable(safe, self._narrow)
        self._stream.write(safe)
        return len(text)

    def write_credential(self, text: str) -> int:
        """Write ``text``, which shows a credential on purpose (one coord just made for the
        user), as :func:`safe_text` leaves it: its own credentials scrubbed, no other."""
        self._stream.write(safe_text(text))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def write_credential(stream: IO[str], text: str) -> None:
    """Write ``text``, showing a credential coord made for the user (a server's bearer
    token), to ``stream``: past :class:`SafeStream`'s scrub of credentials by their shape
    (:meth:`SafeStream.write_credential`), the rest of it as any text."""
    if isinstance(stream, SafeStream):
        stream.write_credential(text)
    else:
        stream.write(text)


def escape_unencodable(text: str, encoding: str) -> str:
    """``text`` with each character ``encoding`` cannot write as its JSON escape
    (``\\u00e9``; beyond U+FFFF its surrogate pair): what a stream in that encoding would
    refuse, a traceback and the rest of the output lost, printed as an escape instead. JSON
    keeps its value (non-ASCII stands only inside its strings), a text its reader can read."""
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return "".join(ch if _encodes(ch, encoding) else _json_escape(ch) for ch in text)
    return text


def _writes_unicode(encoding: str) -> bool:
    """Whether a stream in ``encoding`` writes every character (a UTF codec); an unknown
    codec's name is left to the stream."""
    import codecs

    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return True
    return name.startswith(("utf-8", "utf-16", "utf-32"))


def _encodes(ch: str, encoding: str) -> bool:
    if ch.isascii():
        return True
    try:
        ch.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _json_escape(ch: str) -> str:
    code = ord(ch)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


@contextmanager
def safe_streams() -> Iterator[None]:
    """Put ``sys.stdout`` and ``sys.stderr`` behind :class:`SafeStream` for the block."""
    saved = sys.stdout, sys.stderr
    sys.stdout = SafeStream(saved[0])
    sys.stderr = SafeStream(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def print_traceback(error: BaseException) -> None:
    """Print ``error``'s traceback on stderr as :func:`scrub_diagnostic`: a bug keeps its
    traceback, yet its message may hold a secret (a URL with its password, a key a library
    named, a short database password psycopg echoed), and it is printed once the CLI's
    streams are no longer behind :class:`SafeStream`."""
    import traceback

    sys.stderr.write(scrub_diagnostic("".join(traceback.format_exception(error))))
    sys.stderr.flush()


#: A URL in a diagnostic: its key, token or password query values masked by shape.
_URL_IN_TEXT = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s\"'<>`]+")
_tokens_shape: dict[frozenset[str], re.Pattern[str]] = {}


def scrub_diagnostic(text: str) -> str:
    """``text``, a library's error, a traceback or a log record, fit to show: :func:`safe_text`,
    each URL's key, token or password query values redacted by their shape
    (``?api_key=ab1``), and each credential coord knows whatever its length (a store's
    password, a named one: :func:`register_by_name`) where it stands as a whole token
    (``"pw"``), which in a library's words is the credential, not part of a word."""
    text = stored_text(text)
    if "://" in text:
        text = _URL_IN_TEXT.sub(lambda url: _secrets_replaced(url.group(), REDACTED), text)
    if _tokens:
        key = frozenset(_tokens)
        shape = _tokens_shape.get(key)
        if shape is None:
            _tokens_shape.clear()
            alternatives = "|".join(re.escape(t) for t in sorted(key, key=len, reverse=True))
            shape = _tokens_shape[key] = re.compile(
                rf"(?<![A-Za-z0-9_])(?:{alternatives})(?![A-Za-z0-9_])"
            )
        text = shape.sub(REDACTED, text)
    return text


#: A name and its separator in a log line (``'authorization': '``, ``X-Api-Key: ``,
#: ``token=``): the name (group 1), from a word's start or after ``_``, at most 256
#: characters (a long word is looked at once, not again from each of its letters: a line of
#: 64 KB without a separator took 150 s); its value follows (:data:`_VALUE_IN_LOG`).
_PAIR_IN_LOG = re.compile(
    r"(?<![A-Za-z0-9])([A-Za-z][\w-]{0,255})\\?['\"]?[ \t]*[:=][ \t]*\\?['\"]?"
)
#: An authorization scheme before a value (``Bearer ab1``), kept.
_SCHEME_IN_LOG = re.compile(r"(?i:bearer|basic|token)[ \t]+(?=[^\s'\",;&}\]\\)])")
#: A value in a log line: up to white space, a quote or a delimiter.
_VALUE_IN_LOG = re.compile(r"\[redacted\]|[^\s'\",;&}\]\\)]+")
#: The loggers of the libraries coord loads whose records :func:`scrub_logging` scrubs
#: (``client`` is the MCP SDK's client session's).
SCRUBBED_LOGGERS = frozenset(
    {"mcp", "client", "httpx", "httpx2", "httpcore", "httpcore2", "anthropic", "psycopg",
     "procrastinate", "opentelemetry", "uvicorn", "starlette", "sse_starlette", "asyncio",
     "coordinator"}
)  # fmt: skip


def scrubbed_log_line(text: str) -> str:
    """A log record's text as :func:`scrub_logging` keeps it: :func:`scrub_diagnostic`, and
    the value after every credential-named word (a header a library logs, ``token=``). The
    value of any other name is read on from its start, since it may be a pair of its own
    (``error: token=ab1``, ``url=https://h/?token=ab1``, ``failed: "api_key=ab1"``; audit102:
    a failing headersHelper's stderr reached the store this way)."""
    text = scrub_diagnostic(text)
    parts: list[str] = []
    kept = at = 0
    while (pair := _PAIR_IN_LOG.search(text, at)) is not None:
        at = pair.end()
        if not credential_name(pair.group(1)):
            continue
        scheme = _SCHEME_IN_LOG.match(text, at)
        start = at if scheme is None else scheme.end()
        value = _VALUE_IN_LOG.match(text, start)
        if value is None or value.group() == REDACTED:
            continue
        parts += [text[kept:start], REDACTED]
        kept = at = value.end()
    return "".join([*parts, text[kept:]]) if parts else text


_logging_scrubbed: list[bool] = []


def scrub_logging() -> None:
    """Scrub, from now on, every log record of the libraries coord loads
    (:data:`SCRUBBED_LOGGERS`): coord configures no handler, yet a user who turns on DEBUG
    logging (``logging.basicConfig``, an SDK's log-level variable) sees the URLs, headers
    and errors they log (``?api_key=``, ``Authorization``). Each record's text, exception
    and stack become :func:`scrubbed_log_line` when it is made (only for a level that is
    on). Called where those libraries are imported, never at start; once is enough."""
    import logging

    if _logging_scrubbed:
        return
    _logging_scrubbed.append(True)
    made = logging.getLogRecordFactory()

    def scrubbed(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = made(*args, **kwargs)
        if record.name.partition(".")[0] in SCRUBBED_LOGGERS:
            _scrub_record(record)
        return record

    logging.setLogRecordFactory(scrubbed)


def _scrub_record(record: Any) -> None:
    """``record`` (a ``logging.LogRecord``) with its message, exception and stack scrubbed.

    A message with nothing to scrub is left as it is; else its format and each argument are
    scrubbed, the arguments kept (a formatter may read them: uvicorn's access log), and
    only a secret split between them makes it the message formatted, without arguments."""
    try:
        message = record.getMessage()
    except Exception:  # a bad format: as logging would show it, scrubbed
        record.msg, record.args = scrubbed_log_line(str(record.msg)), ()
        message = record.msg
    shown = scrubbed_log_line(message)
    if shown != message:
        record.msg = _scrubbed_arg(record.msg)
        if isinstance(record.args, Mapping):
            record.args = {key: _scrubbed_arg(value) for key, value in record.args.items()}
        elif record.args:
            record.args = tuple(_scrubbed_arg(arg) for arg in record.args)
        try:
            again = record.getMessage()
        except Exception:
            again = message
        if again != shown:
            record.msg, record.args = shown, ()
    if record.exc_info and record.exc_info[1] is not None:
        import logging

        record.exc_text = scrubbed_log_line(logging.Formatter().formatException(record.exc_info))
    if record.stack_info:
        record.stack_info = scrubbed_log_line(record.stack_info)


def _scrubbed_arg(arg: Any) -> Any:
    """A log record's format or argument: itself when it shows no secret (a number, an
    object whose text holds none), else its text scrubbed (:func:`scrubbed_log_line`)."""
    if arg is None or isinstance(arg, int | float):
        return arg
    text = str(arg)
    shown = scrubbed_log_line(text)
    return arg if shown == text else shown


def scrub_thread_tracebacks() -> None:
    """Print the traceback of an exception another thread did not catch with
    :func:`print_traceback`, as :mod:`threading`'s own hook prints it otherwise."""
    import threading

    def in_thread(args: Any) -> None:
        if args.exc_type is SystemExit or args.exc_value is None:  # as threading's own
            return
        name = getattr(args.thread, "name", "")
        sys.stderr.write(f"Exception in thread {safe_text(str(name))}:\n")
        print_traceback(args.exc_value)

    threading.excepthook = in_thread


#: The secrets to scrub now, for :func:`safe_params` calls made in a row.
secret_patterns = _current


def safe_params(
    params: Sequence[Any] | Mapping[str, Any], patterns: tuple[str, ...] | None = None
) -> Any:
    """SQL parameters with every string :func:`safe_text` (for the store's writes).

    ``patterns`` (from :func:`secret_patterns`) saves looking the secrets up again when one
    transaction writes many rows.
    """
    if patterns is None:
        patterns = _current()
    named: Mapping[str, Any] | None = None
    values: Iterable[Any] = params
    if not isinstance(params, tuple) and isinstance(params, Mapping):  # tuples: the usual case
        named = params
        values = params.values()
    for v in values:  # one scan of each string; nothing to replace: the parameters themselves
        if isinstance(v, str):  # (:func:`_shaped` inline; a URL's password is left to safe_str)
            if "sk-ant-" in v or "://" in v or not (v.isascii() or _encodable(v)):
                break
            if _named and has_named_credential(v):
                break
            if has_stored_credential(v):
                break
            if patterns and _holds(v, patterns):
                break
    else:
        return params
    if named is not None:
        return {k: safe_str(v, patterns) if isinstance(v, str) else v for k, v in named.items()}
    return tuple([safe_str(v, patterns) if isinstance(v, str) else v for v in params])


def encodable_params(params: tuple[Any, ...]) -> tuple[Any, ...]:
    """SQL parameters of a read with every string :func:`clean_text`: a lone surrogate (a
    byte of an argument that was not UTF-8) cannot be bound, and matches nothing stored."""
    return tuple(clean_text(v) if isinstance(v, str) else v for v in params)


def _url_passwords(text: str) -> str:
    """``text`` with the password of every URL in it (``scheme://user:password@host``)
    redacted, and a user name alone that is a token by its shape (:func:`_token_user`:
    ``https://ghp_…@github.com``); one shown masked, ``***``, is left so; ``text`` itself
    when it has none. Each ``://`` is looked at once, so the cost grows with the text,
    never with the square of a long word."""
    parts: list[str] = []
    start = 0
    at = text.find("://")
    while at != -1:
        found = None
        if at and text[at - 1] in _SCHEME_CHARS:
            found = _URL_USERINFO.match(text, at + 3) or _token_user(text, at)
        if found is None or found.group(1).strip("*") in ("", REDACTED):  # none, or masked
            at = text.find("://", found.end() if found else at + 3)
            continue
        parts += [text[start : found.start(1)], REDACTED]
        start = found.end(1)
        at = text.find("://", start)
    return text if not parts else "".join(parts) + text[start:]


#: The shortest user name alone, holding letters and digits, a URL in free text is taken to
#: carry as a token (``https://ghp_…@github.com``, ``https://glc_…@otlp``): a login or a
#: team's name is rarely as long and mixed (``https://alice@bitbucket.org/team/x.git``).
MIN_TOKEN_USER = 16
#: A URL's user name alone (group 1) up to its ``@`` (or an empty password's ``:@``, as
#: ``https://TOKEN:@github.com``), as long as a token is: at least :data:`MIN_TOKEN_USER`
#: characters, bounded.
_URL_USER = re.compile(rf"([^\s/:@?#\[\]\\\"'<>`]{{{MIN_TOKEN_USER},256}}):?@")
#: The shortest user name holding a dot taken for a token: a login is written with dots
#: (``first.last2024``, an email's own part), a token with dots is far longer (a JWT).
MIN_DOTTED_TOKEN_USER = 40
#: The rest of a URL after its ``@``, as far as it is looked at (its path's first names).
_URL_REST = re.compile(r"[^\s\"'<>`]{0,512}")
#: The schemes whose user name is a login to a host, never a token: ``ssh://git@host``,
#: ``sftp://deploy@host``.
_LOGIN_SCHEMES = frozenset({"ssh", "sftp", "scp", "rsync", "git+ssh", "ssh+git"})
_SCHEME_BEFORE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{0,31}\Z")


def _token_user(text: str, at: int) -> re.Match[str] | None:
    """The user name alone of the URL whose ``://`` is at ``at`` in ``text``, when it is a
    token by its shape: of :data:`MIN_TOKEN_USER` characters or more, letters and digits
    both, in a URL whose user information is a credential (:func:`user_is_secret`; not a
    database URL's role, nor a login: :data:`_LOGIN_SCHEMES`); else None."""
    if text.find("@", at + 3 + MIN_TOKEN_USER, at + 260) == -1:  # (most URLs: a C scan)
        return None
    found = _URL_USER.match(text, at + 3)
    if found is None:
        return None
    user = found.group(1)
    if not any(c.isdigit() for c in user) or not any(c.isalpha() for c in user):
        return None
    if _a_login(user, text, found.end()):
        return None
    scheme = _SCHEME_BEFORE.search(text, max(0, at - 32), at)
    name = scheme.group().lower() if scheme is not None else ""
    return found if user_is_secret(name) and name not in _LOGIN_SCHEMES else None


def _a_login(user: str, text: str, after: int) -> bool:
    """Whether the URL user name ``user`` (its URL going on at ``after`` in ``text``) is a
    login or an account's name by its shape: written with dots and shorter than a dotted
    token (:data:`MIN_DOTTED_TOKEN_USER`), or named again in the URL's path, as Azure
    DevOps writes a clone URL (``https://ORG@dev.azure.com/ORG/project/_git/repo``)."""
    if "." in user and len(user) < MIN_DOTTED_TOKEN_USER:
        return True
    rest = _URL_REST.match(text, after)
    return rest is not None and user in rest.group().split("/")[1:3]


def _shaped(text: str) -> bool:
    """True when ``text`` holds a secret known by its shape (an Anthropic key, a URL's
    password, a credential after its name: :func:`register_by_name`)."""
    return (
        "sk-ant-" in text
        or ("://" in text and _url_passwords(text) is not text)
        or (bool(_named) and has_named_credential(text))
        or has_stored_credential(text)
    )


def named_credentials() -> bool:
    """Whether any credential is known by its name (:func:`register_by_name`)."""
    return bool(_named)


def has_named_credential(text: str) -> bool:
    """True when ``text`` holds a credential after its name (:func:`register_by_name`)."""
    return _holds(text, _named_values[0]) and next(_named_found(text), None) is not None


def _named_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` holds a credential after its name: each value's start and end."""
    return list(_named_found(text))


def _named_found(text: str) -> Iterator[tuple[int, int]]:
    """Each credential after its name in ``text``: found by a substring search for each
    value first (cheap; most texts hold none), then each value's place, and just before it
    its name (so a long text costs a scan for the values, not the shape's at each place)."""
    shape = _named_shape[0]
    if shape is None or not _holds(text, _named_values[0]):
        return
    values, before, reach = shape
    for found in values.finditer(text):
        start = found.start()
        if before.search(text, max(0, start - reach), start) is not None:
            yield start, found.end()


def _spans_redacted(text: str, spans: list[tuple[int, int]]) -> Iterator[str]:
    """``text`` in pieces, each of ``spans`` as ``[redacted]``."""
    at = 0
    for start, end in spans:
        yield text[at:start]
        yield REDACTED
        at = end
    yield text[at:]


def has_url_password(text: str) -> bool:
    """True when ``text`` holds a URL with a password (``scheme://user:password@host``), or
    a token as its user name (:func:`_token_user`), which :func:`safe_str` would redact."""
    return "://" in text and _url_passwords(text) is not text


def _holds(text: str, patterns: tuple[str, ...]) -> bool:
    """True when ``text`` contains one of the secrets."""
    for pattern in patterns:
        if pattern in text:
            return True
    return False


def safe_str(text: str, patterns: tuple[str, ...]) -> str:
    """:func:`safe_text` with the patterns given (from :func:`secret_patterns`); the
    common case, ASCII with no secret, returns ``text`` itself after three scans."""
    if text.isascii() and not _shaped(text):
        for pattern in patterns:
            if pattern in text:
                break
        else:
            return text
    return _stored_redacted(_scrub_with(clean_text(text), patterns))


# --- Credentials known by their shape, scrubbed where text is stored or shown -------------
#
# Policy (secrets115): the model gets what the workspace holds (an agent reading its own
# ``.env`` to do its work needs the values), less coord's own credentials; the store, the
# CLI's output (``coord log``, ``--json``, the transcript) and traces keep no credential
# known by its shape or by the name it is assigned to (:func:`stored_text`). Coord's own
# credentials are scrubbed everywhere also in pieces: any 19 or more characters of one, or
# of its base64 (each of the three alignments, either alphabet, wrapped or not), as in a
# key split over two shell variables or a ``\`` line break (:func:`_own_spans`).

#: Credentials by their shape, each bounded, at a token's start (:func:`_shape_spans`):
#: GitHub, GitLab, Slack, AWS access key ids, Google, OpenAI, Stripe, npm, Hugging Face,
#: JWTs. A match holding no digit is no token.
_SHAPE = re.compile(
    r"(?:"
    r"gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255}|glpat-[A-Za-z0-9_-]{20,255}"
    r"|xox[abposr]-[A-Za-z0-9-]{10,255}|(?:AKIA|ASIA)[A-Z0-9]{16}|AIza[A-Za-z0-9_-]{35}"
    r"|sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,255}|sk-[A-Za-z0-9]{32,255}|[sr]k_(?:live|test)_[A-Za-z0-9]{16,255}"
    r"|npm_[A-Za-z0-9]{36}|hf_[A-Za-z0-9]{34,255}"
    r"|eyJ[A-Za-z0-9_-]{8,4096}\.eyJ[A-Za-z0-9_-]{8,8192}\.[A-Za-z0-9_-]{8,4096}"
    r")(?![A-Za-z0-9_-])"
)
#: A value (group ``value``) after ``=`` or ``:`` (its name is read back from there:
#: :func:`_named_value_spans`), maybe quoted or after an authorization scheme; a value is
#: looked at only when it holds a digit (a credential nearly always does; a word never).
#: No ``=`` but base64's padding at its end, so that each separator's run is read once.
_VALUE = r"(?P<value>[A-Za-z0-9+/_.~%-]*[0-9][A-Za-z0-9+/_.~%-]*={0,2})"
#: A backslash only before a quote (``\\"`` in a JSON text): one before a letter is an
#: escape (``password:\\n``), whose letter is no value's start; a JSON text's ``\\t`` is
#: white space as a tab is.
_ASSIGNED = re.compile(
    r"[:=](?:[ \t]|\\t){0,8}(?:\\?['\"])?(?:(?i:bearer|basic|token)[ \t]{1,8})?" + _VALUE
)
#: A whole string that is a value (:func:`stored_field`).
_WHOLE_VALUE = re.compile(_VALUE)
#: A flag's name (group ``name``) and its value after white space (``--password v``).
_FLAG = re.compile(r"--(?P<name>[A-Za-z][A-Za-z0-9_-]{0,80})[ \t]{1,8}" + _VALUE)
#: What may stand between a name and its ``=`` or ``:`` (a quote, an escape, a space).
_BEFORE_SEPARATOR = frozenset("\\'\" \t")
_NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
#: Words that make a name a credential's on their own in stored text; ``KEY`` alone does
#: not (``sort_key``, ``primary_key``, ``key=lambda``), only after one of :data:`_KEY_KINDS`.
_STORED_WORDS = frozenset(
    {"TOKEN", "SECRET", "PASSWORD", "PASSWD", "PASS", "PWD", "APIKEY", "CREDENTIAL",
     "CREDENTIALS", "AUTHORIZATION", "AUTH", "BEARER", "PAT"}
)  # fmt: skip
_KEY_KINDS = frozenset(
    {"API", "ACCESS", "SECRET", "PRIVATE", "CLIENT", "MASTER", "SIGNING", "ENCRYPTION",
     "AUTH", "SERVICE", "ACCOUNT", "LICENSE", "ADMIN", "APP", "X"}
)  # fmt: skip
#: A dotted name (``self.token``, ``config.api_key_v2``): code, not a credential.
_DOTTED_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)+")
_HEX = re.compile(r"[0-9a-fA-F-]+")
#: What a credential's name (:func:`stored_credential_name`) holds, whatever its case: a
#: word of :data:`_STORED_WORDS`, one ending as :data:`_CREDENTIAL_ENDINGS` or ``KEY``.
_NAME_PARTS = ("token", "secret", "pass", "pwd", "key", "credential", "auth", "bearer", "pat")
_PEM_BEGIN = re.compile(r"-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY-----")
_PEM_END = "-----END "
#: A PEM body cut before its end: base64, white space and escaped line breaks.
_PEM_BODY = re.compile(r"[A-Za-z0-9+/=\s\\]*")


@functools.lru_cache(maxsize=1024)
def stored_credential_name(name: str) -> bool:
    """Whether ``name``, assigned a value in a text stored or shown (``export NAME=v``,
    ``NAME: v``, ``--name v``), names a credential: a word of it is one
    (:data:`_STORED_WORDS`), it ends as one (``PGPASSWORD``) or it names a kind of key
    (``API_KEY``, ``X-Api-Key``, ``AWS_SECRET_ACCESS_KEY``; ``sort_key`` is none)."""
    words = [w.upper() for w in _NAME_WORD.findall(name)]
    for i, word in enumerate(words):
        if word in _STORED_WORDS or word.endswith(_CREDENTIAL_ENDINGS):
            return True
        if word == "KEY" and i and words[i - 1] in _KEY_KINDS:
            return True
    return False


def _credential_value(text: str, found: re.Match[str]) -> bool:
    """Whether ``found``'s value in ``text``, assigned to a credential's name, is one:
    at least :data:`MIN_CREDENTIAL` characters of letters and digits both (``$TOKEN``,
    ``<token>``, ``YOUR_TOKEN``, ``12345678`` are none), not a path, a call or an index
    (``token=make(1)``), not hex alone (a git SHA, a UUID, a hash, coord's own rewake ids)
    and not a dotted name (``self.token_2``)."""
    value = found["value"].rstrip(".")
    if len(value) < MIN_CREDENTIAL or text[found.end() : found.end() + 1] in ("(", "[", "{"):
        return False
    if value.startswith("/") or not any(c.isalpha() for c in value):
        return False  # a path (``TOKEN_URL=/v1/oauth/token``) or a number
    return _HEX.fullmatch(value) is None and _DOTTED_NAME.fullmatch(value) is None


def _named_value_spans(text: str) -> Iterator[tuple[int, int]]:
    """Each value assigned to a credential's name in ``text``: after ``=`` or ``:``
    (:data:`_ASSIGNED`: ``export NAME=v``, ``"name": "v"``, ``Name: Bearer v``), or a
    flag's (:data:`_FLAG`: ``--password v``); none in an ASCII text holding no part of a
    credential's name (:data:`_NAME_PARTS`, perf116: most texts)."""
    if text.isascii():
        lowered = text.lower()
        for part in _NAME_PARTS:
            if part in lowered:
                break
        else:
            return
    for found in _ASSIGNED.finditer(text):
        if _credential_value(text, found):
            name = _name_before(text, found.start())
            if stored_credential_name(name):
                yield found.start("value"), found.start("value") + len(found["value"].rstrip("."))
    for found in _FLAG.finditer(text):
        if found.start() and text[found.start() - 1] in _NAME_CHARS:
            continue
        if stored_credential_name(found["name"]) and _credential_value(text, found):
            yield found.start("value"), found.start("value") + len(found["value"].rstrip("."))


def _name_before(text: str, at: int) -> str:
    """The name just before ``at`` (a separator) in ``text``: past a quote, an escape or
    white space, a word of name characters, without a flag's dashes or a JSON text's
    escaped line break (``\\nNAME``)."""
    end = at
    while end > 0 and at - end < 12 and text[end - 1] in _BEFORE_SEPARATOR:
        end -= 1
    head = end
    while head > 0 and end - head < 80 and text[head - 1] in _NAME_CHARS:
        head -= 1
    if head > 0 and text[head - 1] == "\\" and text[head : head + 1] in ("n", "r", "t"):
        head += 1
    return text[head:end].lstrip("-")


def _pem_spans(text: str) -> Iterator[tuple[int, int]]:
    """Each private key's body in ``text`` (a PEM block), up to its END line or, cut
    before it, as far as base64 runs."""
    at = 0
    while (begin := _PEM_BEGIN.search(text, at)) is not None:
        end = text.find(_PEM_END, begin.end())
        if end == -1:
            body = _PEM_BODY.match(text, begin.end())
            end = body.end() if body is not None else begin.end()
            yield begin.end(), end
            return
        yield begin.end(), end
        at = end


#: A run of token characters long enough to be one of :data:`_SHAPE`: a shape is looked
#: at only at such a run's start (or just past a JSON text's ``\\n`` there).
_TOKEN_RUN = re.compile(r"[A-Za-z0-9_-]{14,}")
_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
#: How each of :data:`_SHAPE` begins (found by substring search: far faster than a
#: regular expression reading every run of token characters, perf116).
_SHAPE_STARTS = (
    "gh", "glpat-", "xox", "AKIA", "ASIA", "AIza", "sk", "rk_", "npm_", "hf_", "eyJ"
)  # fmt: skip
#: A text this short is first looked at for a run at all (most of a row's strings).
_SHORT = 1024


def _shape_spans(text: str) -> list[tuple[int, int]]:
    """Each credential known by its shape in ``text`` (:data:`_SHAPE`), at the start of a
    run of :data:`_TOKEN_RUN` (after a JSON text's ``\\n`` too), in order; one without a
    digit is none."""
    spans: list[tuple[int, int]] = []
    if len(text) < _SHORT and _TOKEN_RUN.search(text) is None:
        return spans  # no run: no shape (one regex call, cheaper than a search for each)
    for at in sorted(_shape_starts(text)):
        found = _SHAPE.match(text, at)
        if found is not None and any(c.isdigit() for c in found.group()):
            spans.append(found.span())
    return spans


def _shape_starts(text: str) -> Iterator[int]:
    """Where a shape's beginning (:data:`_SHAPE_STARTS`) stands where :func:`_shape_spans`
    looks: a run's start, unless ``\\n``'s letter, or just past that letter."""
    for start in _SHAPE_STARTS:
        at = text.find(start)
        while at != -1:
            if _run_start(text, at):
                if not (at and text[at - 1] == "\\" and text[at] in "nrt"):
                    yield at
            elif (
                at > 1
                and text[at - 2] == "\\"
                and text[at - 1] in "nrt"
                and _run_start(text, at - 1)
            ):
                yield at
            at = text.find(start, at + 1)


def _run_start(text: str, at: int) -> bool:
    """Whether a run of :data:`_TOKEN_RUN` starts at ``at`` in ``text``."""
    if at and text[at - 1] in _TOKEN_CHARS:
        return False
    return _TOKEN_RUN.match(text, at, at + 14) is not None


#: A run of the characters a key or its base64 is written with, long enough to hold a
#: piece of one (:func:`_own_spans`).
_RUN = re.compile(r"[A-Za-z0-9+/_-]{19,}")
#: How long a piece of a coord credential is looked up (every :data:`_STEP`-th of a run's),
#: so that any piece of ``_GRAM + _STEP - 1`` characters is found.
_GRAM = 16
_STEP = 4
#: The shortest own credential looked for in pieces.
_MIN_PIECED = 24
_grams_cache: dict[tuple[object, ...], frozenset[str]] = {}


def _own_grams() -> frozenset[str]:
    """The pieces (:data:`_GRAM` characters) of coord's own credentials
    (:func:`configured_secrets`) and of their base64, each alignment and alphabet."""
    key = _config_key()
    grams = _grams_cache.get(key)
    if grams is None:
        own = frozenset(s for s in configured_secrets() if len(s) >= _MIN_PIECED)
        import base64

        forms: list[str] = []
        for secret in own:
            forms.append(secret)
            raw = secret.encode("utf-8", "surrogatepass")
            for align in range(3):
                middle = base64.b64encode(b"\0" * align + raw).decode()[4 if align else 0 : -4]
                forms += [middle, middle.replace("+", "-").replace("/", "_")]
        grams = frozenset(f[i : i + _GRAM] for f in forms for i in range(len(f) - _GRAM + 1))
        _grams_cache.clear()
        _grams_cache[key] = grams
    return grams


def _own_spans(text: str) -> Iterator[tuple[int, int]]:
    """Each run of key characters in ``text`` holding a piece of coord's own credential
    (:func:`_own_grams`): the run whole (a base64 line of it, one half of a split key)."""
    grams = _own_grams()
    if not grams:
        return
    for run in _RUN.finditer(text):
        word = run.group()
        if any(word[i : i + _GRAM] in grams for i in range(0, len(word) - _GRAM + 1, _STEP)):
            start = run.start()
            if start and text[start - 1] == "\\":  # ``\n`` in a JSON text: keep its ``n``
                start += 1
            yield start, run.end()


def _redacted_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with each of ``spans`` (overlapping or not) as ``[redacted]``; ``text``
    itself when there is none."""
    merged: list[tuple[int, int]] = []
    if "\\" in text:  # a JSON text: no escape cut in two (:func:`_escape_whole`)
        spans = [_escape_whole(text, start, end) for start, end in spans]
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return "".join(_spans_redacted(text, merged)) if merged else text


def _escape_whole(text: str, start: int, end: int) -> tuple[int, int]:
    """The span ``start``-``end`` of ``text`` widened over any JSON escape (``\\n``,
    ``\\"``, ``\\u001b``) it begins or ends inside, so that a JSON text stays JSON with it
    redacted (``password:\\n`` then a value: no ``\\[redacted]``)."""
    at = text.rfind("\\", max(0, start - 5), start)
    if at != -1 and _escaping(text, at) and at + _escape_length(text, at) > start:
        start = at
    at = text.rfind("\\", max(0, end - 5), end)
    if at != -1 and _escaping(text, at):
        end = min(len(text), max(end, at + _escape_length(text, at)))
    return start, end


def _escaping(text: str, at: int) -> bool:
    """Whether the backslash at ``at`` begins an escape (an odd run of them ends there)."""
    head = at
    while head > 0 and text[head - 1] == "\\":
        head -= 1
    return (at - head) % 2 == 0


def _escape_length(text: str, at: int) -> int:
    """How long the JSON escape at ``at`` is: ``\\uXXXX`` 6, any other 2."""
    return 6 if text[at + 1 : at + 2] == "u" else 2


def stored_field(name: str, value: str, patterns: tuple[str, ...]) -> str:
    """:func:`safe_str` of a JSON object's string ``value`` under the key ``name``, and
    ``[redacted]`` (remembered) when ``name`` names a credential (:func:`stored_credential_name`)
    and ``value`` is one whole (``{"api_key": "v"}`` scrubbed value by value)."""
    found = _WHOLE_VALUE.fullmatch(value)
    if found is not None and stored_credential_name(name) and _credential_value(value, found):
        _learn(value, [(0, len(value))])
        return REDACTED
    return safe_str(value, patterns)


def _stored_spans(text: str) -> list[tuple[int, int]]:
    """Every credential in ``text`` found by its shape, name or PEM block."""
    spans = list(_shape_spans(text))
    spans += _named_value_spans(text)
    if "PRIVATE KEY-----" in text:
        spans += _pem_spans(text)
    return spans


#: Credentials found by their shape or name (:func:`_stored_spans`), scrubbed from then on
#: wherever they stand in a stored or shown text (``export X_SECRET=v`` then ``echo $X_SECRET``
#: prints ``v`` alone); at most :data:`MAX_LEARNED` of them.
_learned: set[str] = set()
_learned_values: list[tuple[str, ...]] = [()]
MAX_LEARNED = 256
#: The longest credential remembered (a PEM block's body is not: its lines are found).
_LONGEST_LEARNED = 1024


def _learn(text: str, spans: list[tuple[int, int]]) -> None:
    """Remember each credential of ``spans`` in ``text`` (:data:`_learned`)."""
    for start, end in spans:
        value = text[start:end]
        if len(_learned) >= MAX_LEARNED or value in _learned:
            continue
        if "\\" in value:  # a JSON text's escape: a PEM body's lines, not one credential
            continue
        if MIN_CREDENTIAL <= len(value) <= _LONGEST_LEARNED and not any(c.isspace() for c in value):
            _learned.add(value)
            _learned_values[0] = tuple(sorted(_learned, key=len, reverse=True))


def _learned_spans(text: str) -> Iterator[tuple[int, int]]:
    """Where ``text`` holds a credential found before (:data:`_learned`)."""
    for value in _learned_values[0]:
        at = text.find(value)
        while at != -1:
            yield at, at + len(value)
            at = text.find(value, at + len(value))


#: Long texts found to hold no credential by shape, name or from before (perf116), each
#: with :data:`_learned_values` as it was then: a message's JSON text is checked by the
#: store and then scrubbed, a tool's result stored twice. At most :data:`_CLEAN_MOST`.
_clean: dict[str, tuple[str, ...]] = {}
_CLEAN_LEAST = 256
_CLEAN_MOST = 16


def _known_clean(text: str) -> bool:
    """Whether ``text`` was found clean (:data:`_clean`) with nothing learned since."""
    return len(text) >= _CLEAN_LEAST and _clean.get(text) is _learned_values[0]


def _found_clean(text: str, learned: tuple[str, ...]) -> None:
    """Remember that ``text`` holds no credential but those of ``learned`` (none)."""
    if len(text) >= _CLEAN_LEAST:
        if len(_clean) >= _CLEAN_MOST:
            _clean.clear()
        _clean[text] = learned


def _stored_redacted(text: str) -> str:
    """``text`` (scrubbed of coord's own credentials already) with every credential
    known by its shape, its name or from before redacted; ``text`` itself when none."""
    if _known_clean(text):
        return text
    learned = _learned_values[0]
    spans = _stored_spans(text)
    if spans:
        _learn(text, spans)
    if _learned_values[0]:
        spans += _learned_spans(text)
    if not spans:
        _found_clean(text, learned)
    return _redacted_spans(text, spans)


def has_stored_credential(text: str) -> bool:
    """True when ``text`` holds a credential known by its shape, its name or from before
    (what :func:`stored_text` scrubs beyond :func:`safe_text`) or a piece of coord's own."""
    if len(text) < MIN_CREDENTIAL:  # shorter than any of them (most of a row's strings)
        return False
    if not _known_clean(text):
        learned = _learned_values[0]
        if _holds(text, learned) or _stored_spans(text):
            return True
        _found_clean(text, learned)
    return bool(_own_grams()) and next(_own_spans(text), None) is not None


def stored_text(text: str) -> str:
    """:func:`safe_text`, and every credential known by its shape or its name redacted:
    what the store, the CLI's output and traces keep (the model's request is
    :func:`safe_json`: the workspace's own credentials are the agent's to use)."""
    return _stored_redacted(safe_text(text))
