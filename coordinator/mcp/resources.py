"""Claude Code's ``ListMcpResourcesTool`` and ``ReadMcpResourceTool`` over a run's MCP
servers (imports the ``mcp`` SDK, through :mod:`coordinator.mcp.client`).

They are offered to a run with at least one server connected whose ``tools``/
``disallowedTools`` and the settings' bare deny rules leave them (:func:`resource_tools`),
and go through the run's connections as its ``mcp__`` tools do (:meth:`Served.request`:
the same confinement, timeout and failure messages); PreToolUse/PostToolUse hooks and the
permission rules see them by these names, as every call. A server that an agent's
``disallowedTools``, a deny rule or an ask rule takes whole (``mcp__srv``) is not listed
nor read.

Listing follows the server's pages up to :data:`MAX_RESOURCES` resources, its resource
templates (``resources/templates/list``) after them, each with its ``uriTemplate`` (read
by a URI filling it, by the tool or an ``@`` mention), its JSON cut at
:data:`MAX_LISTING_CHARS` (its notes kept after it); a read's text is the model's, each
part bounded as an MCP tool's answer (bounds115: ``MAX_MCP_OUTPUT_TOKENS``, 50,000
characters, :func:`~coordinator.mcp.output_limit.bounded`, as Claude Code bounds this
MCP tool's), a blob is summarised (its MIME type and size), never decoded nor written
anywhere. What they answer is a tool result as any other: bounded by the toolset,
scrubbed of secrets as it is stored.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

import anyio
import mcp.types as mt

from coordinator.mcp import output_limit
from coordinator.mcp.client import Served
from coordinator.mcp.config import resource_tool_names, server_denied
from coordinator.roster.fields import ResourceTool
from coordinator.roster.spec import AgentSpec
from coordinator.tools.base import JSON, ToolContext, ToolError, ToolResult
from coordinator.tools.command_hints import protected_note
from coordinator.tools.workspace import MAX_OUTPUT_CHARS, cap_text

#: The most resources one listing gives (over every server), and pages read of one server.
MAX_RESOURCES, MAX_PAGES = 500, 20
#: The most characters of a listing's JSON (cut there: the notes after it, which say what
#: was left out and how a template is read, stay within the toolset's bound on a result).
MAX_LISTING_CHARS = 2 * MAX_OUTPUT_CHARS
#: What a listing with resource templates says of them.
TEMPLATES_NOTE = (
    "(an entry with uriTemplate is a resource template: read one with ReadMcpResourceTool, "
    "its {placeholders} filled in the uri)"
)
#: What a listing finding none says (Claude Code's words).
NONE_FOUND = (
    "No resources found. MCP servers may still provide tools even if they have no resources."
)


def resource_tools(
    agent: AgentSpec,
    served: Sequence[Served],
    denied: Iterable[str] = (),
    asked: Iterable[str] = (),
    tokens: int | None = None,
) -> list[ListResources | ReadResource]:
    """The resource tools ``agent`` is offered over ``served`` (its run's started servers):
    none without a server it may use (one its ``disallowedTools``, a bare deny rule or an
    ask rule, ``asked``: nobody can confirm, takes whole is not); each one its ``tools``
    (missing: every tool) lists, its ``disallowedTools`` and the bare deny rules
    (``denied``: their tool names) leave; ``tokens``: the run's ``MAX_MCP_OUTPUT_TOKENS``
    (None: coord's environment's), which bounds a read's text."""
    denied = list(denied)
    whole = [*denied, *asked, *agent.disallowed_tools]
    usable = [s for s in served if not any(server_denied(p, s.name) for p in whole)]
    if not usable:
        return []
    names = resource_tool_names(agent, denied)
    chosen: list[ListResources | ReadResource] = [
        ListResources(usable),
        ReadResource(usable, tokens),
    ]
    return [t for t in chosen if t.name in names]


class _OverServers:
    """What both tools share: the servers they reach, by name."""

    name: str
    _SCHEMA: ClassVar[JSON]

    def __init__(self, served: Sequence[Served]):
        self._served = {s.name: s for s in served}
        self.input_schema = copy.deepcopy(self._SCHEMA)

    def _server(self, name: object) -> Served:
        """The server called ``name``; a ToolError naming those there are when none is."""
        found = self._served.get(name) if isinstance(name, str) else None
        if found is None:
            there = ", ".join(self._served) or "none"
            raise ToolError(f'Server "{name}" not found. Available servers: {there}')
        return found


class ListResources(_OverServers):
    """``ListMcpResourcesTool``: the resources of one server or of every one."""

    name = ResourceTool.LIST.value
    description = (
        "Lists available resources from configured MCP servers. Each resource object "
        "includes a 'server' field indicating which server it's from.\n\nUsage examples:\n"
        "- List all resources from all servers: `listMcpResources`\n"
        '- List resources from a specific server: `listMcpResources({ server: "myserver" })`'
    )
    _SCHEMA: ClassVar[JSON] = {
        "type": "object",
        "properties": {
            "server": {
                "type": "string",
                "description": "Optional server name to filter resources by",
            }
        },
        "additionalProperties": False,
    }

    async def run(self, args: JSON, ctx: ToolContext) -> ToolResult:
        """The resources as a JSON list (``uri``, ``name``, ``mimeType``, ``description``,
        ``server``); a server named and failing is an error, one of all failing a line."""
        del ctx  # the servers have their own view of the world
        named = args.get("server")
        servers = [self._server(named)] if named is not None else list(self._served.values())
        found: list[JSON] = []
        notes: list[str] = []
        for served in servers:
            if named is None and not served.offers_resources():
                continue  # (as Claude Code: a server without resources is not asked)
            try:
                room = MAX_RESOURCES - len(found)
                listed, undone = await served.request(functools.partial(_listing, served, room))
            except ToolError as exc:
                if named is not None:
                    raise
                notes.append(str(exc))
                continue
            described, more = listed
            found += described
            notes += [protected_note(undone)] if undone else []
            if more:
                notes.append(
                    f"(more resources of '{served.name}' not listed: {MAX_RESOURCES} at most)"
                )
        listing = json.dumps(found, ensure_ascii=False, indent=2)
        text = cap_text(listing, MAX_LISTING_CHARS, what="listing") if found else NONE_FOUND
        if any("uriTemplate" in f for f in found):
            notes.insert(0, TEMPLATES_NOTE)
        return ToolResult("\n".join([text, *notes]))


class ReadResource(_OverServers):
    """``ReadMcpResourceTool``: one resource's contents."""

    name = ResourceTool.READ.value
    description = (
        "Reads a specific resource from an MCP server, identified by server name and "
        "resource URI.\n\nParameters:\n- server (required): The name of the MCP server from "
        "which to read the resource\n- uri (required): The URI of the resource to read"
    )
    _SCHEMA: ClassVar[JSON] = {
        "type": "object",
        "properties": {
            "server": {"type": "string", "description": "The MCP server name"},
            "uri": {"type": "string", "description": "The resource URI to read"},
        },
        "required": ["server", "uri"],
        "additionalProperties": False,
    }

    def __init__(self, served: Sequence[Served], tokens: int | None = None):
        super().__init__(served)
        #: The token limit of its text (:func:`~coordinator.mcp.output_limit.bounded`).
        self.tokens = tokens

    async def run(self, args: JSON, ctx: ToolContext) -> ToolResult:
        """``{"contents": [{uri, mimeType, text}]}``: a text part as it is (bounded as an
        MCP tool's answer), a blob's size and type in place of its bytes."""
        del ctx
        served = self._server(args["server"])
        if not served.offers_resources():
            raise ToolError(f'Server "{served.name}" does not support resources')
        uri = str(args["uri"])

        async def read(seconds: float) -> mt.ReadResourceResult:
            return await served.session.send_request(
                mt.ReadResourceRequest(params=mt.ReadResourceRequestParams(uri=uri)),
                mt.ReadResourceResult,
                request_read_timeout_seconds=seconds,
            )

        result, undone = await served.request(read)
        contents = [_content(part, self.tokens) for part in result.contents]
        text = json.dumps({"contents": contents}, ensure_ascii=False, indent=2)
        return ToolResult(f"{text}\n{protected_note(undone)}" if undone else text)


#: How one kind of listing is asked: its request, its result and the result's field.
_RESOURCES = (mt.ListResourcesRequest, mt.ListResourcesResult, "resources")
_TEMPLATES = (mt.ListResourceTemplatesRequest, mt.ListResourceTemplatesResult, "resource_templates")


async def _listing(served: Served, room: int, seconds: float) -> tuple[list[JSON], bool]:
    """Up to ``room`` resources of ``served``, then its resource templates in the room
    left (each kind's pages followed, at most :data:`MAX_PAGES`), described, and whether it
    has more. ``seconds`` bounds the whole listing, not each page (a server slow on every
    page would wait out :data:`MAX_PAGES` timeouts). A server that cannot list templates
    (most do not implement ``resources/templates/list``) lists its resources alone."""
    deadline = anyio.current_time() + seconds
    found, more = await _pages(served, room, deadline, _RESOURCES)
    listed = [_described(r, served.name) for r in found]
    if more:
        return listed, more
    try:  # (room 0, resources filling it: one page asked, to say if templates are left out)
        templates, more = await _pages(served, room - len(listed), deadline, _TEMPLATES)
    except Exception:  # (the server's own failure: its resources are still listed)
        return listed, False
    return listed + [_templated(t, served.name) for t in templates], more


async def _pages(
    served: Served, room: int, deadline: float, kind: tuple[Any, Any, str]
) -> tuple[list[Any], bool]:
    """Up to ``room`` items of one ``kind`` of listing of ``served`` by ``deadline``, and
    whether it has more."""
    request, result, field = kind
    found: list[Any] = []
    cursor: str | None = None
    for _ in range(MAX_PAGES):
        params = mt.PaginatedRequestParams(cursor=cursor) if cursor else None
        page = await served.session.send_request(
            request(params=params),
            result,
            request_read_timeout_seconds=max(deadline - anyio.current_time(), 0.0),
        )
        found += getattr(page, field)
        cursor = page.next_cursor
        if len(found) >= room or not cursor:
            break
    return found[:room], len(found) > room or cursor is not None


def _described(resource: mt.Resource, server: str) -> JSON:
    """A listed resource as Claude Code gives it: its MCP fields and its ``server``."""
    shown: dict[str, Any] = {"uri": str(resource.uri), "name": resource.name}
    if resource.mime_type:
        shown["mimeType"] = resource.mime_type
    if resource.description:
        shown["description"] = cap_text(resource.description, 2000, what="description")
    return {**shown, "server": server}


def _templated(template: mt.ResourceTemplate, server: str) -> JSON:
    """A listed resource template: its ``uriTemplate`` where a resource has its ``uri``."""
    shown: dict[str, Any] = {"uriTemplate": template.uri_template, "name": template.name}
    if template.mime_type:
        shown["mimeType"] = template.mime_type
    if template.description:
        shown["description"] = cap_text(template.description, 2000, what="description")
    return {**shown, "server": server}


def _content(part: mt.TextResourceContents | mt.BlobResourceContents, tokens: int | None) -> JSON:
    """One part of a read: its text (bounded by ``tokens`` and 50,000 characters, as an MCP
    tool's answer), or what its blob is."""
    shown: dict[str, Any] = {"uri": str(part.uri)}
    if part.mime_type:
        shown["mimeType"] = part.mime_type
    if isinstance(part, mt.TextResourceContents):
        return {**shown, "text": output_limit.bounded(part.text, None, tokens)}
    kind = part.mime_type or "unknown type"
    size = blob_size(part.blob)
    return {**shown, "text": f"[binary resource: {size:,} bytes of {kind}, not shown]"}


def blob_size(blob: str) -> int:
    """The bytes a base64 ``blob`` holds, counted without decoding it."""
    body = "".join(blob.split())
    return len(body) * 3 // 4 - len(body) + len(body.rstrip("="))
