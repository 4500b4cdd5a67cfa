"""Running chains: the engine loop, one agent's conversation, consults, run state, batches."""
