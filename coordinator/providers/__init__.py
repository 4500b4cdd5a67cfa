"""Model providers. Import submodules directly; ``anthropic`` is loaded only when a run starts."""
