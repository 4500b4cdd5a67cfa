"""The mixed English/Ukrainian requests ``bench_routing.py`` times and ``routing_same.py``
also compares (no imports: ``routing_same`` must find ``coordinator`` in the tree it checks)."""

REQUESTS = [
    "Створи endpoint для списку користувачів",
    "Add a composite index for the reports query",
    "Write the Dockerfile for the worker service",
    "Зверстай картку задачі з кнопками редагування",
    "Improve the retrieval step of our RAG pipeline",
    "Design a GraphQL schema for the catalogue",
    "Set up Terraform for an S3 bucket with versioning",
    "Review this Go code for race conditions",
    "Write a poem about autumn",
    "Profile the slow checkout page and fix the memory leak",
]
