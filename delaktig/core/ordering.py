"""Things officials put in order with "Flytta upp" / "Flytta ned" buttons (a survey's sections
and questions, a report's blocks): rows with a `position` field."""


def move_one_place(items: list, pk, up: bool) -> None:
    """Move the item `pk` one place up or down in `items` (at an end: nothing to do)."""
    index = next(i for i, item in enumerate(items) if item.pk == pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]


def renumber(items) -> None:
    """Save `position` 0, 1, 2 … in the order of `items`, writing only the rows that change."""
    for position, item in enumerate(items):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
