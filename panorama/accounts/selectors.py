from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import ApiToken, Membership, User


def people_list(*, query: str = "") -> QuerySet[User]:
    people = User.objects.prefetch_related("memberships__organisation")
    if query:
        people = people.filter(email__icontains=query) | people.filter(full_name__icontains=query)
    return people.order_by("full_name", "email")


def person_get(*, public_id) -> User:
    return get_object_or_404(User, public_id=public_id)


def token_for_person(*, person: User, public_id) -> ApiToken:
    # Reached through its owner: nobody can revoke, or even find, someone else's token.
    return get_object_or_404(person.api_tokens, public_id=public_id)


def membership_for_person(*, person: User, public_id) -> Membership:
    return get_object_or_404(person.memberships, public_id=public_id)
