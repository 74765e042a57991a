"""Every write to the roll, one module per job. Import the module that does the job:

- `guards`: who may change the roll and when (frozen once voting opens, four eyes);
- `round_settings`: how a round decides who votes (`save_settings`);
- `census`: replacing the census from a file, the voter of a personnummer;
- `invitation_list`: adding people to the invitation list from a file;
- `roll_files`: files the task queue reads (census, invitations) and makes (code sheets);
- `issuing`: voting codes issued, re-issued, revoked, reprinted;
- `sending`: invitations e-mailed, each with a new code;
- `code_use`: a typed code, its invitation and its voter;
- `personal_data`: the round's purge, forgetting a person, their data export.
"""

# The privacy app asks for these by the package's name (its purge, export and account
# deletion): the one contract kept here until the apps' common `forget_user`/`purge` lands.
from .census import CENSUS_DOMAIN
from .personal_data import forget_user, personal_data_for, purge_round
from .roll_files import purge_roll_files

__all__ = ["CENSUS_DOMAIN", "forget_user", "personal_data_for", "purge_roll_files", "purge_round"]
