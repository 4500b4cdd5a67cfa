"""The offline demo: a sample FastAPI workspace and a scripted two-specialist scenario."""
