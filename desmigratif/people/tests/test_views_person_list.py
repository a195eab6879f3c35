import pytest
from django.urls import reverse

from conftest import VILLAGE_A, VILLAGE_B, VILLAGE_C, login, make_person
from desmigratif.core.testing import assert_access, list_row, list_rows
from desmigratif.regions.models import ProgramVillage

URL = reverse("people:list")


def _body(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_it_matrix(
    client, person_a, facilitator_a, regency_officer, ministry_staff, treasurer, partner, sysadmin, no_role_user
):
    # A partner sees aggregates only, and a system administrator reads no personal data: the list
    # is refused outright (403), since there is no record whose existence it could confirm.
    assert_access(
        client,
        URL,
        allowed=[facilitator_a, regency_officer, ministry_staff, treasurer],
        forbidden=[partner, sysadmin, no_role_user],
        secrets=[person_a.full_name, person_a.nik_masked],
    )


def test_it_rejects_post(client, facilitator_a):
    assert login(client, facilitator_a).post(URL).status_code == 405


def test_it_shows_only_people_in_scope(
    client, person_a, person_b, person_c, facilitator_a, facilitator_c, regency_officer, ministry_staff, treasurer
):
    expected = {
        facilitator_a: {person_a},
        treasurer: {person_a},
        facilitator_c: {person_c},
        regency_officer: {person_a, person_b},
        ministry_staff: {person_a, person_b, person_c},
    }
    for user, visible in expected.items():
        body = login(client, user).get(URL).content.decode()
        for person in (person_a, person_b, person_c):
            assert (person.full_name in body) == (person in visible), (user.username, person.full_name)


def test_it_shows_the_nik_masked_never_in_full(client, person_a, facilitator_a):
    body = login(client, facilitator_a).get(URL).content.decode()
    assert person_a.nik_masked in body and person_a.nik not in body


@pytest.mark.parametrize(
    ("language", "siti_labels", "budi_labels"),
    [
        ("id", "Perempuan · Calon PMI", "Laki-laki · PMI purna"),
        ("en", "Female · Prospective migrant worker (calon PMI)", "Male · Returned migrant worker (PMI purna)"),
    ],
)
def test_each_row_shows_the_persons_link_masked_nik_labels_and_village(
    client, facilitator_a, language, siti_labels, budi_labels
):
    siti = make_person(facilitator_a, full_name="Siti Aminah")
    budi = make_person(facilitator_a, full_name="Budi Santoso", sex="M", migrant_status="returnee", is_demo=True)
    client.cookies["desmigratif_language"] = language
    body = _body(login(client, facilitator_a))
    for person, labels in ((siti, siti_labels), (budi, budi_labels)):
        row = list_row(body, person.full_name)
        url = reverse("people:detail", args=[person.pk])
        assert f'<a class="name" href="{url}">{person.full_name}</a>' in row
        assert person.nik_masked != person.nik and person.nik not in body
        assert f'<div class="meta"><span class="nik">{person.nik_masked}</span> · {labels}</div>' in row
        assert '<div class="meta">Brongkal, Pagelaran</div>' in row  # village A and its district
    assert "badge-demo" not in list_row(body, siti.full_name)
    assert '<span class="badge badge-demo">demo</span>' in list_row(body, budi.full_name)


def test_it_searches_by_part_of_the_name_ignoring_case(client, facilitator_a):
    make_person(facilitator_a, full_name="Siti Aminah")
    make_person(facilitator_a, full_name="Budi Santoso", sex="M")
    body = _body(login(client, facilitator_a), q="AMIN")
    assert "Siti Aminah" in body and "Budi Santoso" not in body


def test_it_searches_by_the_start_of_a_nik_as_typed_from_a_ktp(client, facilitator_a):
    siti = make_person(facilitator_a, full_name="Siti Aminah")
    budi = make_person(facilitator_a, full_name="Budi Santoso", sex="M")
    login(client, facilitator_a)
    body = _body(client, q=budi.nik[:12])
    assert "Budi Santoso" in body and "Siti Aminah" not in body
    spaced = f"{siti.nik[:4]} {siti.nik[4:8]} {siti.nik[8:12]}"
    body = _body(client, q=spaced)
    assert "Siti Aminah" in body and "Budi Santoso" not in body
    # The middle of a NIK is not its start.
    assert "Siti Aminah" not in _body(client, q=siti.nik[2:14])


def test_a_nik_search_does_not_reach_outside_the_scope(client, facilitator_a, person_b):
    body = _body(login(client, facilitator_a), q=person_b.nik)
    assert person_b.full_name not in body and person_b.nik_masked not in body


def test_it_filters_by_migrant_status_and_sex(client, facilitator_a):
    make_person(facilitator_a, full_name="Siti Aminah", migrant_status="abroad")
    make_person(facilitator_a, full_name="Budi Santoso", sex="M", migrant_status="returnee")
    login(client, facilitator_a)
    body = _body(client, migrant_status="returnee")
    assert "Budi Santoso" in body and "Siti Aminah" not in body
    body = _body(client, sex="F")
    assert "Siti Aminah" in body and "Budi Santoso" not in body
    body = _body(client, sex="F", migrant_status="returnee")
    assert "Siti Aminah" not in body and "Budi Santoso" not in body


def test_it_filters_by_a_programme_village_of_the_regency(client, person_a, person_b, regency_officer):
    for code in (VILLAGE_A, VILLAGE_B, VILLAGE_C):
        ProgramVillage.objects.create(village_id=code, cohort_year=2017)
    login(client, regency_officer)
    page = client.get(URL).content.decode()
    assert f'value="{VILLAGE_A}"' in page and f'value="{VILLAGE_B}"' in page and VILLAGE_C not in page
    body = _body(client, village=VILLAGE_B)
    assert person_b.full_name in body and person_a.full_name not in body


def test_a_forged_village_filter_never_widens_the_scope(
    client, person_a, person_b, person_c, facilitator_a, regency_officer
):
    for code in (VILLAGE_A, VILLAGE_B, VILLAGE_C):
        ProgramVillage.objects.create(village_id=code, cohort_year=2017)
    body = _body(login(client, facilitator_a), village=VILLAGE_B)
    assert person_b.full_name not in body
    body = _body(login(client, regency_officer), village=VILLAGE_C)
    assert person_c.full_name not in body


def test_an_empty_result_says_so(client, facilitator_a, person_a):
    body = _body(login(client, facilitator_a), q="nobody-has-this-name")
    assert person_a.full_name not in body and 'id="results"' in body


def test_an_htmx_request_gets_only_the_results_partial(client, person_a, facilitator_a):
    response = login(client, facilitator_a).get(URL, {"q": "siti"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="results"') and body.rstrip().endswith("</section>")
    assert "<html" not in body and 'role="search"' not in body
    assert person_a.full_name in body


def test_a_boosted_htmx_request_gets_the_whole_page(client, person_a, facilitator_a):
    response = login(client, facilitator_a).get(URL, headers={"HX-Request": "true", "HX-Boosted": "true"})
    body = response.content.decode()
    assert "<html" in body and 'role="search"' in body and person_a.full_name in body


def test_it_paginates_and_keeps_the_filters_in_the_page_links(client, facilitator_a, settings):
    settings.PAGE_SIZE = 2
    for index in range(5):
        make_person(facilitator_a, full_name=f"Orang {index}")
    make_person(facilitator_a, full_name="Lain", sex="M")
    login(client, facilitator_a)
    first = _body(client, sex="F")
    assert "Orang 0" in first and "Orang 1" in first and "Orang 2" not in first
    assert 'href="?sex=F&amp;page=2"' in first
    third = _body(client, sex="F", page=3)
    assert "Orang 4" in third and "Orang 0" not in third and "Lain" not in third
    # Past the end shows the last page; garbage shows the first.
    assert "Orang 4" in _body(client, sex="F", page=99)
    assert "Orang 0" in _body(client, sex="F", page="x")


def test_the_htmx_results_keep_every_filter_in_the_page_links(client, facilitator_a, settings):
    settings.PAGE_SIZE = 2
    for index in range(5):
        make_person(facilitator_a, full_name=f"Orang {index}")
    login(client, facilitator_a)
    params = {"q": "Orang", "sex": "F", "page": 2}
    body = client.get(URL, params, headers={"HX-Request": "true"}).content.decode()
    assert body.lstrip().startswith('<section id="results"')
    assert 'href="?q=Orang&amp;sex=F&amp;page=1"' in body
    assert 'href="?q=Orang&amp;sex=F&amp;page=3"' in body


@pytest.mark.parametrize(
    ("actor_name", "villages", "expected", "searching"),
    [
        # session, user with role assignments, programme villages for the filter, count, page rows;
        # a name search within a regency reads its count with its rows (people_to_list)
        ("facilitator_a", [VILLAGE_A], 5, 4),
        ("treasurer", [VILLAGE_A], 5, 4),
        ("regency_officer", [VILLAGE_A, VILLAGE_B], 5, 4),
        # National staff get no village filter (search instead), so one query fewer; their search
        # counts first.
        ("ministry_staff", [VILLAGE_A, VILLAGE_B, VILLAGE_C], 4, 4),
    ],
)
def test_the_query_count_does_not_grow_with_the_number_of_people(
    client,
    request,
    actor_name,
    villages,
    expected,
    searching,
    facilitator_a,
    facilitator_b,
    facilitator_c,
    django_assert_num_queries,
):
    registrar = {VILLAGE_A: facilitator_a, VILLAGE_B: facilitator_b, VILLAGE_C: facilitator_c}
    for code in (VILLAGE_A, VILLAGE_B):
        ProgramVillage.objects.create(village_id=code, cohort_year=2017)

    def register(count):
        for index in range(count):
            village = villages[index % len(villages)]
            make_person(registrar[village], village, full_name=f"Orang {village} {index}")

    register(3)
    login(client, request.getfixturevalue(actor_name))
    client.get(URL)  # the first request of a session touches it; pin the steady state
    with django_assert_num_queries(expected):
        assert "Orang" in client.get(URL).content.decode()
    register(30)
    with django_assert_num_queries(expected):
        assert "Orang" in client.get(URL).content.decode()
    with django_assert_num_queries(searching):
        assert client.get(URL, {"q": "orang", "sex": "F", "page": 2}).status_code == 200


@pytest.mark.parametrize("actor_name", ["regency_officer", "ministry_staff"])  # counted with the rows / first
def test_a_name_search_pages_through_its_matches_in_name_order(client, request, settings, facilitator_a, actor_name):
    settings.PAGE_SIZE = 4
    names = [f"Siti Orang {n:02d}" for n in range(10)]
    for name in reversed(names):
        make_person(facilitator_a, VILLAGE_A, full_name=name)
    make_person(facilitator_a, VILLAGE_A, full_name="Bambang Lain")
    login(client, request.getfixturevalue(actor_name))

    def shown(params):
        body = client.get(URL, params).content.decode()
        return [n for row in list_rows(body) for n in names if n in row], body

    assert shown({"q": "siti"})[0] == names[:4]
    assert shown({"q": "siti", "page": 2})[0] == names[4:8]
    last, body = shown({"q": "siti", "page": 3})
    assert last == names[8:]
    assert "10 orang" in body
    # Past the end, or not a number: the last and the first page, as every list answers.
    assert shown({"q": "siti", "page": 9})[0] == names[8:]
    assert shown({"q": "siti", "page": "x"})[0] == names[:4]
    nobody, body = shown({"q": "tidakada"})
    assert nobody == [] and "0 orang" in body
