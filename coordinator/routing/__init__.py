"""Which agent a request goes to: text normalisation, the lexical router, the LLM tie-breaker."""
