from conftest import login


def test_facilitator_sees_own_person_and_not_other_village(client, facilitator_a, person_a, person_b):
    login(client, facilitator_a)
    assert client.get(f"/people/{person_a.pk}/").status_code == 200
    response = client.get(f"/people/{person_b.pk}/")
    assert response.status_code == 404
    assert person_b.full_name not in response.content.decode()
