"""Sign-in through OpenID Connect (mozilla-django-oidc underneath), with register roles from the provider's groups.

- `config`: the settings and the provider's discovery document (cached);
- `backend`: the authentication backend, which checks the id token's issuer, audience and MFA claims, and
  matches users on (issuer, subject);
- `roles`: memberships follow the groups at every sign-in;
- `views`: the sign-in start, the callback (refusals audited, with a clear page), the back-channel logout;
- `mapping`: the controller's page that maps groups to roles;
- `housekeeping`: the daily removal of roles the provider has not vouched for in a while, and of ended sessions.
"""
