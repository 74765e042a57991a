"""Sections a higher app adds to a lower app's page, without the lower app naming it.

The result page (results) shows the political decision and the proposal page (proposals)
links to the project carrying the proposal out; both are the follow-up's, which sits above
them in the layers. The page asks `sections(page, **context)`; the higher app registers a
function for that page in its `AppConfig.ready()`, which returns (template name, context) or
None. Each function should read a fixed number of queries.
"""

from collections.abc import Callable

# Page keys: "results.detail" (process=, user=), "proposals.detail" (proposal=, user=).
_SECTIONS: dict[str, list[Callable]] = {}


def register(page: str, function: Callable) -> None:
    functions = _SECTIONS.setdefault(page, [])
    if function not in functions:
        functions.append(function)


def sections(page: str, **context) -> list[tuple[str, dict]]:
    found = [function(**context) for function in _SECTIONS.get(page, ())]
    return [section for section in found if section]
