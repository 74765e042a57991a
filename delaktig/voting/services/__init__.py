"""Every write in the voting app, one module per job. Import the module that does the job:

- `design`: ballot design by officials (boxes, kind, limits, counting rule, proposals), locked
  once voting opens;
- `casting`: a voter's ballot checked and stored, receipts, the voter's own ballot;
- `sealing`: after the close, locators cleared and ballots rewritten in random order.

Paper ballots are the `voting.paper` subpackage.
"""
