"""The tests' own OpenID Connect provider: django-oidc-provider in a second Django process, on its own database.

`tests.oidc_idp.IdentityProvider` starts it; `control` changes its users, groups, client and key between
sign-ins, as an organisation's administrator would at a real provider.
"""
