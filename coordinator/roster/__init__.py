"""What an agent file says: frontmatter, triggers, the roster and its sources."""
