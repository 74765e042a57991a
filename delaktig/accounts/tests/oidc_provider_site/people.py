"""Who can sign in at the test provider, and the claims the provider releases about them.

Plain data with no Django imports, so the tests can read the expected values too.
"""

PASSWORD = "provider-password-123"
CLIENT_ID = "delaktig"
CLIENT_SECRET = "delaktig-test-secret"

PEOPLE = {
    # Skatteverket's well-known example number, written with a separator in the claim.
    "anna": {
        "personal_number": "19121212-1212",
        "given_name": "Anna",
        "family_name": "Andersson",
        "email": "anna@example.se",
        "email_verified": True,
        "groups": ["Samhällsbyggnadssektorn", "Ingen sådan enhet"],
    },
    # The same person written as 10 digits ("+": aged 100 or more): the same keyed hash.
    "anna-kort": {"personal_number": "121212+1212", "name": "Anna Andersson"},
    # No personnummer claim at all (an employee account without one, a misconfigured broker).
    "utan": {"given_name": "Utan", "family_name": "Nummer", "email": "utan@example.se"},
    # A wrong check digit.
    "fel": {"personal_number": "19121212-1213", "name": "Fel Siffra"},
}
