"""Public ids made in time order (version 7 UUIDs), one at a time and in bulk."""

import uuid

from panorama.core.ids import uuid7, uuid7_hexes


def test_an_id_made_one_at_a_time_is_a_version_7_uuid_and_later_ones_sort_after_it():
    made = [uuid7() for _ in range(2000)]
    assert all(u.version == 7 and u.variant == uuid.RFC_4122 for u in made)
    assert made == sorted(made) and len(set(made)) == len(made)


def test_ids_made_in_bulk_are_version_7_in_the_order_they_were_made_and_never_repeat():
    stream = uuid7_hexes()
    made = [next(stream) for _ in range(10_000)]  # more than one chunk of random bytes
    assert all(uuid.UUID(h).version == 7 and uuid.UUID(h).variant == uuid.RFC_4122 for h in made)
    assert made == sorted(made) and len(set(made)) == len(made)
    assert all(len(h) == 32 for h in made)


def test_two_bulk_writes_do_not_make_the_same_ids():
    first, second = uuid7_hexes(), uuid7_hexes()
    assert not {next(first) for _ in range(1000)} & {next(second) for _ in range(1000)}
