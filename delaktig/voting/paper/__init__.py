"""Paper ballots: double entry by two officials, voting stations, the reconciliation.

- `services`: every write of the double-entry flow and the stations;
- `rules`: who may enter paper ballots and when, and who may vote on paper
  (loaded by `VotingConfig.ready`, beside the app's `rules.py`);
- `views`, `forms`: the officials' pages (URLs in `voting/manage_urls.py`).
"""
