from django.conf import settings

from panorama.organisations.models import Organisation

from . import services
from .models import GlobalRole, User

# Demo sign-ins, one for each persona. All share PANORAMA_DEMO_PASSWORD.
GLOBAL_PEOPLE = [
    ("analyst@demo.scot", "Alex Analyst", GlobalRole.ANALYST),
    ("auditor@demo.scot", "Avery Auditor", GlobalRole.AUDITOR),
    ("admin@demo.scot", "Ada Administrator", GlobalRole.ADMIN),
]
# (short name, email domain part, digital lead's name, viewer's name)
BODY_PEOPLE = [
    ("SSS", "sss", "Morag Editor", "Hamish Viewer"),
    ("DS", "ds", "Iain Editor", "Kirsty Viewer"),
    ("NHS24", "nhs24", "Fiona Editor", "Callum Viewer"),
    ("EDC", "edc", "Eilidh Editor", "Ruaridh Viewer"),
    ("SIS", "sis", "Innes Partner", "Lorna Partner"),
]


def demo_people() -> list[tuple[str, str]]:
    """(email, what they can do) for every demo sign-in, for `make run` to print."""
    rows = [(email, role.label) for email, _, role in GLOBAL_PEOPLE]
    for short, domain, _, _ in BODY_PEOPLE:
        rows.append((f"editor@{domain}.demo.scot", f"editor of {short}"))
        rows.append((f"viewer@{domain}.demo.scot", f"viewer of {short}"))
    return rows


def _person(email: str, name: str, role: str = "") -> User:
    person = User.objects.filter(email=email).first()
    if person is None:
        person = services.user_create(
            actor=None,
            email=email,
            full_name=name,
            password=settings.PANORAMA_DEMO_PASSWORD,
            global_role=role,
            check_password=False,
        )
    return person


def load(*, scale: str, stdout) -> None:
    for email, name, role in GLOBAL_PEOPLE:
        _person(email, name, role)
    for short, domain, editor, viewer in BODY_PEOPLE:
        body = Organisation.objects.filter(short_name=short).first()
        if body is None:
            continue
        services.membership_set(
            actor=None, person=_person(f"editor@{domain}.demo.scot", editor), organisation=body, role="editor"
        )
        services.membership_set(
            actor=None, person=_person(f"viewer@{domain}.demo.scot", viewer), organisation=body, role="viewer"
        )
    stdout.write(
        f"  demo people: {len(GLOBAL_PEOPLE)} with a global role, an editor and a viewer of each demo body"
    )
