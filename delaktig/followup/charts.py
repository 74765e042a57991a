"""The money chart of the follow-up overview: budgeted and spent per status, as bars whose
widths are computed here. The same numbers are always in the table beside it."""

from dataclasses import dataclass


@dataclass
class Bar:
    label: str
    budgeted: int
    spent: int
    budgeted_width: int  # per mille of the widest bar (the template's widthratio takes it)
    spent_width: int


def money_by_status(by_status) -> list[Bar]:
    widest = max((money.budgeted for *_rest, money in by_status), default=0)
    widest = max(widest, max((money.spent for *_rest, money in by_status), default=0), 1)
    return [
        Bar(
            label=str(label),
            budgeted=money.budgeted,
            spent=money.spent,
            budgeted_width=round(1000 * money.budgeted / widest),
            spent_width=round(1000 * money.spent / widest),
        )
        for _status, label, _count, money in by_status
    ]
