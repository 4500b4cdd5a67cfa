"""The coordinator as a service for other programs (``coord mcp``): above the runtime."""
