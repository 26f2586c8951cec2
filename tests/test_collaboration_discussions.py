import pytest
from django.core import mail
from django.urls import reverse

from panorama.collaboration import services
from panorama.collaboration.models import Post
from panorama.collaboration.services.forums import notify_about_post
from panorama.core.models import AuditEvent, Notification
from tests.conftest import make_person


@pytest.fixture
def forum(world):
    forum = services.forum_create(actor=world.analyst, name="Data Forum", purpose="Data.")
    services.forum_member_add(
        actor=world.analyst, forum=forum, person=world.editor_a, organisation=world.body_a, role="chair"
    )
    services.forum_member_add(
        actor=world.analyst, forum=forum, person=world.viewer_a, organisation=world.body_a
    )
    services.forum_member_add(
        actor=world.analyst, forum=forum, person=world.editor_b, organisation=world.body_b
    )
    return forum


def test_mentions_by_email_and_by_handle_notify_members_in_app_and_by_email_once(world, forum):
    Notification.objects.all().delete()
    mail.outbox.clear()
    thread = services.thread_create(
        actor=world.editor_a,
        forum=forum,
        title="Open data",
        body=f"Thoughts @{world.viewer_a.email} and @editor?",
    )
    # "@editor" is the handle of both editor@a.test and editor@b.test: ambiguous, so nobody.
    mentioned = Notification.objects.filter(key__startswith="mention:")
    assert [n.recipient for n in mentioned] == [world.viewer_a]
    assert [m.to for m in mail.outbox] == [[world.viewer_a.email]]
    notify_about_post(actor=world.editor_a, post=thread.posts.get())  # a retried trigger
    assert Notification.objects.filter(key__startswith="mention:").count() == 1


def test_a_handle_that_is_unique_notifies_its_member(world, forum):
    services.thread_create(actor=world.editor_a, forum=forum, title="Hello", body="Welcome @viewer.")
    assert Notification.objects.filter(recipient=world.viewer_a, key__startswith="mention:").exists()


def test_mentioning_someone_outside_the_forum_tells_them_nothing(world, forum):
    stranger = make_person("stranger@c.test")
    services.thread_create(actor=world.editor_a, forum=forum, title="Secret", body="@stranger@c.test look")
    assert not Notification.objects.filter(recipient=stranger).exists()


def test_a_reply_notifies_earlier_posters_in_app(world, forum):
    thread = services.thread_create(
        actor=world.editor_a, forum=forum, title="Identity", body="Who uses ScotAccount?"
    )
    services.post_create(actor=world.editor_b, thread=thread, body="We do.")
    assert Notification.objects.filter(recipient=world.editor_a, key__startswith="reply:").count() == 1


def test_a_removed_member_hears_no_more_replies_or_mentions(world, forum):
    thread = services.thread_create(
        actor=world.editor_b, forum=forum, title="Identity", body="Who uses ScotAccount?"
    )
    services.forum_member_remove(actor=world.analyst, seat=forum.members.get(person=world.editor_b))
    Notification.objects.all().delete()
    mail.outbox.clear()
    services.post_create(actor=world.editor_a, thread=thread, body="Secret plans @editor@b.test")
    assert not Notification.objects.filter(recipient=world.editor_b).exists()
    assert not mail.outbox


def test_posts_render_markdown_without_scripts(client, world, forum):
    thread = services.thread_create(
        actor=world.editor_a,
        forum=forum,
        title="Markdown",
        body="**bold** <script>alert(1)</script> [link](javascript:alert(1)) <img src=x onerror=alert(1)>",
    )
    client.force_login(world.viewer_a)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "<strong>bold</strong>" in page
    assert "<script>alert" not in page and "javascript:alert" not in page and "onerror" not in page


def test_chair_hides_a_post_with_a_reason_and_the_trail_records_it(client, world, forum):
    thread = services.thread_create(
        actor=world.viewer_a, forum=forum, title="Off topic", body="Buy my product"
    )
    post = thread.posts.get()
    client.force_login(world.editor_a)
    response = client.post(
        reverse("collaboration:post-hide", kwargs={"public_id": post.public_id}), {"reason": "Advertising"}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.hidden and post.hidden_by == world.editor_a and post.hidden_reason == "Advertising"
    event = AuditEvent.objects.get(action="collaboration.post.hidden")
    assert event.actor == world.editor_a and event.note == "Advertising"
    client.force_login(world.viewer_a)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Buy my product" not in page and "Advertising" in page


def test_a_member_who_is_not_chair_cannot_moderate(client, world, forum):
    thread = services.thread_create(actor=world.editor_a, forum=forum, title="T", body="B")
    client.force_login(world.viewer_a)
    response = client.post(
        reverse("collaboration:post-hide", kwargs={"public_id": thread.posts.get().public_id}),
        {"reason": "No"},
    )
    assert response.status_code == 403
    assert not Post.objects.filter(hidden=True).exists()


def test_outsider_gets_404_for_a_forums_discussion(client, world):
    forum = services.forum_create(actor=world.analyst, name="Closed", purpose="x")
    services.forum_member_add(
        actor=world.analyst, forum=forum, person=world.editor_a, organisation=world.body_a
    )
    thread = services.thread_create(actor=world.editor_a, forum=forum, title="Private plans", body="x")
    client.force_login(world.editor_b)
    response = client.get(thread.get_absolute_url())
    assert response.status_code == 404
    assert b"Private plans" not in response.content


def test_an_empty_reply_is_refused_with_a_message(client, world, forum):
    thread = services.thread_create(actor=world.editor_a, forum=forum, title="T", body="B")
    client.force_login(world.viewer_a)
    response = client.post(thread.get_absolute_url(), {"body": "  "})
    assert response.status_code == 400
    assert b"There is a problem" in response.content
    assert thread.posts.count() == 1
