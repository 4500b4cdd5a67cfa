"""Make ``--dist loadgroup`` group again under pytest 9 (a pytest plugin of the suite).

pytest-xdist (3.8) puts a test in its ``xdist_group`` by renaming it in each worker
(``item._nodeid = f"{nodeid}@{group}"``); pytest 9 reads a test's id from ``item._id``
instead, so the rename is lost and every test is scheduled alone: the PostgreSQL tests then
start a cluster in every worker. This hook, run after xdist's, gives xdist's id to pytest.
Nothing changes where the rename takes effect, or where xdist renames nothing.
"""

from __future__ import annotations

import pytest


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Each test xdist renamed (``path::name@group``) gets that id."""
    from _pytest.nodeid import NodeId

    for item in items:
        renamed = item.__dict__.get("_nodeid")
        if isinstance(renamed, str) and renamed != item.nodeid and "_id" in dir(item):
            item._id = NodeId.parse(renamed)  # type: ignore[attr-defined]
