from django.core import mail

from panorama.core.models import Notification
from panorama.core.notify import PUBLIC, notify


def test_notification_is_given_once_in_app_and_by_email(world):
    first = notify(
        recipients=[world.editor_a, world.viewer_a],
        may_see=PUBLIC,
        key="lesson:1",
        subject="A lesson for you",
        url="/",
    )
    again = notify(
        recipients=[world.editor_a], may_see=PUBLIC, key="lesson:1", subject="A lesson for you", url="/"
    )
    assert len(first) == 2
    assert again == []
    assert Notification.objects.filter(key="lesson:1").count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["editor@a.test", "viewer@a.test"]


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, world):
    (notification,) = notify(
        recipients=[world.editor_a], may_see=PUBLIC, key="k", subject="Read me", url="/organisations/"
    )
    client.force_login(world.editor_a)
    assert b"Read me" in client.get("/notifications/").content
    response = client.post(f"/notifications/{notification.public_id}/read/")
    assert response["Location"] == "/organisations/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_nobody_opens_someone_elses_notification(client, world):
    (notification,) = notify(recipients=[world.editor_a], may_see=PUBLIC, key="k", subject="Private", url="/")
    client.force_login(world.editor_b)
    assert client.post(f"/notifications/{notification.public_id}/read/").status_code == 404


def test_nobody_who_may_no_longer_see_the_object_is_notified(world):
    created = notify(
        recipients=[world.editor_a, world.editor_b],
        may_see=lambda person: person == world.editor_a,
        key="k",
        subject="Body A only",
    )
    assert [n.recipient for n in created] == [world.editor_a]
    assert [m.to for m in mail.outbox] == [[world.editor_a.email]]
