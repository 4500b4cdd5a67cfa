"""What an agent file says: ``spec`` (AgentSpec, domains), ``frontmatter`` (reading a file),
``fields`` (what each frontmatter field does here), ``triggers``, ``loader`` (sources,
precedence, problems), ``registry`` (lookups) and ``cache`` (the parse cache)."""
