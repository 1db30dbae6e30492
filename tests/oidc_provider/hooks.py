"""What the test provider says about a user: groups from its Django groups, MFA from membership of "mfa"."""

MFA_GROUP = "mfa"


def _groups(user) -> list[str]:
    return sorted(g for g in user.groups.values_list("name", flat=True) if g != MFA_GROUP)


def id_token_claims(id_token, user, **kwargs):
    id_token["groups"] = _groups(user)
    id_token["preferred_username"] = user.username
    id_token["amr"] = ["pwd", "mfa"] if user.groups.filter(name=MFA_GROUP).exists() else ["pwd"]
    return id_token


def userinfo(claims, user):
    claims["email"] = user.email
    claims["preferred_username"] = user.username
    return claims
