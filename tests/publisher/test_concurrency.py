"""Concurrent requests: different kommuner all kept; one kommune's state changed once per version."""

from __future__ import annotations


from publisher_support import HVIDOVRE, KOEBENHAVN, at_once


def _pending(server, make_submission, kommune=HVIDOVRE, who="indsender_hvidovre") -> int:
    path, _ = make_submission(kommune, count=1)
    answer = server.submit(who, kommune, path)
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def test_concurrent_submissions_from_different_kommuner_are_all_kept(server, make_submission):
    files = [
        (who, kommune, make_submission(kommune, count=2)[0])
        for who, kommune in (("indsender_hvidovre", HVIDOVRE), ("indsender_koebenhavn", KOEBENHAVN))
        for _ in range(3)
    ]
    answers = at_once([lambda f=f: server.submit(*f) for f in files])
    assert [a.status_code for a in answers] == [201] * 6, [a.text for a in answers]
    stored = server.store.submissions()
    assert sorted(s.id for s in stored) == sorted(a.json()["id"] for a in answers)
    assert sorted(s.kommunekode for s in stored) == [KOEBENHAVN] * 3 + [HVIDOVRE] * 3
    for submission in stored:
        assert len(server.store.submission_features(submission.id)) == 2


def test_two_approvals_of_one_kommune_at_the_same_version_one_wins(server, make_submission):
    ids = [_pending(server, make_submission) for _ in range(2)]
    answers = at_once(
        [
            lambda i=i: server.post(
                f"/submissions/{i}/approve", "godkender", json={"expected_version": 0}
            )
            for i in ids
        ]
    )
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [200, 409], [a.text for a in answers]
    winner = next(a.json() for a in answers if a.status_code == 200)
    loser_id = next(i for i, a in zip(ids, answers) if a.status_code == 409)
    loser = next(a for a in answers if a.status_code == 409).json()["error"]
    # SQLite serialises the two (the loser then sees its base is stale); PostgreSQL may let both
    # read version 0 and refuse the second at the pointer.
    assert loser["code"] in ("konflikt", "foraeldet_grundlag") and loser["message_da"]
    state = server.store.kommune_state(HVIDOVRE)
    assert (state.release_id, state.version) == (winner["release"]["id"], 1)
    assert len(server.store.releases(HVIDOVRE)) == 1
    assert server.store.submission(loser_id).status == "til_godkendelse"
    approvals = [e for e in server.store.audit_log(HVIDOVRE) if e.action == "godkendt"]
    assert [e.release_id for e in approvals] == [winner["release"]["id"]]
    # The loser can be approved against the new release once it has been seen: nothing was lost.
    retry = server.post(
        f"/submissions/{loser_id}/approve",
        "godkender",
        json={"expected_version": 1, "against_release_id": winner["release"]["id"]},
    )
    assert retry.status_code == 200 and retry.json()["kommune_state"]["version"] == 2


def test_the_same_submission_approved_twice_at_once_gives_one_release(server, make_submission):
    submission_id = _pending(server, make_submission)
    answers = at_once(
        [
            lambda: server.post(f"/submissions/{submission_id}/approve", "godkender", json={})
            for _ in range(2)
        ]
    )
    assert sorted(a.status_code for a in answers) == [200, 409]
    assert len(server.store.releases(HVIDOVRE)) == 1


def test_two_rollbacks_at_the_same_version_one_wins(server, make_submission):
    releases = []
    for _ in range(3):
        submission_id = _pending(server, make_submission)
        answer = server.post(f"/submissions/{submission_id}/approve", "godkender", json={})
        releases.append(answer.json()["release"]["id"])
    version = server.store.kommune_state(HVIDOVRE).version
    answers = at_once(
        [
            lambda r=r: server.post(
                f"/kommuner/{HVIDOVRE}/rollback",
                "godkender",
                json={"release_id": r, "expected_version": version, "confirm_republish": True},
            )
            for r in releases[:2]
        ]
    )
    assert sorted(a.status_code for a in answers) == [200, 409], [a.text for a in answers]
    winner = next(a.json() for a in answers if a.status_code == 200)
    state = server.store.kommune_state(HVIDOVRE)
    assert state.release_id == winner["kommune_state"]["release_id"]
    assert state.version == version + 1
    rollbacks = [e for e in server.store.audit_log(HVIDOVRE) if e.action == "rullet_tilbage"]
    assert len(rollbacks) == 1


def test_approvals_in_different_kommuner_do_not_conflict(server, make_submission):
    ids = [
        _pending(server, make_submission),
        _pending(server, make_submission, KOEBENHAVN, "indsender_koebenhavn"),
    ]
    answers = at_once(
        [
            lambda i=i: server.post(
                f"/submissions/{i}/approve", "godkender", json={"expected_version": 0}
            )
            for i in ids
        ]
    )
    assert [a.status_code for a in answers] == [200, 200], [a.text for a in answers]
    assert {s.kommunekode for s in server.store.kommune_states()} == {HVIDOVRE, KOEBENHAVN}
