"""Samples for the foundation's URLs: site, people and access, public bodies."""

from collections.abc import Callable

from panorama.core import audit
from tests.conftest import World, make_person


def _deleted_membership(w: World) -> dict:
    from panorama.accounts.models import Membership
    from panorama.accounts.services import membership_set

    spare = make_person("spare@a.test")
    membership = membership_set(actor=None, person=spare, organisation=w.body_a, role="viewer")
    assert isinstance(membership, Membership)
    event = audit.delete(actor=w.admin, action="accounts.membership.deleted", obj=membership)
    return {"public_id": event.public_id}


def _editor_token(w: World) -> dict:
    from panorama.accounts.services import token_create

    token, _ = token_create(person=w.editor_a, name="sample")
    return {"public_id": token.public_id}


def _body_a_event(w: World) -> dict:
    event = audit.record(
        actor=w.analyst,
        action="organisations.organisation.changed",
        obj=w.body_a,
        before={"name": "Old name"},
    )
    return {"public_id": event.public_id}


def _editor_notification(w: World) -> dict:
    from panorama.core.notify import PUBLIC, notify

    (notification,) = notify(
        recipients=[w.editor_a], may_see=PUBLIC, key="sample", subject="A sample", url="/"
    )
    return {"public_id": notification.public_id}


def _editor_job(w: World) -> dict:
    from panorama.core import jobs
    from panorama.picture.tasks import opendata_regenerate

    return {"public_id": jobs.enqueue(opendata_regenerate, label="sample", actor=w.editor_a).public_id}


SAMPLES: dict[str, Callable[[World], dict]] = {
    "api:trailing-slash": lambda w: {"rest": "organisations"},
    "site:audit-detail": _body_a_event,
    "site:notification-read": _editor_notification,
    "site:job": _editor_job,
    "site:audit-restore": _deleted_membership,
    "accounts:token-revoke": _editor_token,
    "accounts:password-reset-confirm": lambda w: {"uidb64": "MQ", "token": "not-a-token"},
    "accounts:person": lambda w: {"public_id": w.editor_a.public_id},
    "accounts:membership-remove": lambda w: {
        "public_id": w.viewer_a.public_id,
        "membership_id": w.viewer_a.memberships.get().public_id,
    },
    "organisations:detail": lambda w: {"slug": w.body_a.slug},
    "organisations:edit": lambda w: {"slug": w.body_a.slug},
}
POST_DATA: dict[str, dict] = {
    "accounts:token-create": {"name": "from the roles test", "scope": "read", "days": 30},
}
