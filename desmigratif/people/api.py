"""People endpoints of the JSON API: thin wrappers around people.selectors and people.services."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import has_perm
from desmigratif.api.auth import require_write
from desmigratif.api.schemas import InputSchema, PageQuery, paged
from desmigratif.people import selectors, services
from desmigratif.people.models import Consent, Education, MaritalStatus, MigrantStatus, Person, Sex
from desmigratif.people.selectors import PeopleFilter

router = Router(tags=["people"])


class VillageOut(Schema):
    code: str
    name: str


class PersonOut(Schema):
    id: int
    nik_masked: str
    full_name: str
    sex: Sex
    birth_date: datetime.date
    birth_place: str
    phone: str
    domicile_village: VillageOut
    address: str
    education: str
    marital_status: str
    migrant_status: MigrantStatus
    created_at: datetime.datetime
    updated_at: datetime.datetime


class PersonWriteOut(Schema):
    person: PersonOut
    warnings: list[str]


class PersonPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[PersonOut]


class PeopleQuery(PageQuery):
    q: str = Field("", max_length=100, description="Name, or the start of a NIK")
    migrant_status: MigrantStatus | None = None
    sex: Sex | None = None
    village: str = Field("", max_length=13, description="Village code, e.g. 35.07.33.2006")


class ConsentIn(InputSchema):
    given_by: Consent.GivenBy = Consent.GivenBy.SELF
    guardian_name: str = Field("", max_length=200)
    guardian_relation: str = Field("", max_length=100)


class PersonIn(InputSchema):
    nik: str = Field(..., max_length=24)
    full_name: str = Field(..., min_length=1, max_length=200)
    sex: Sex
    birth_date: datetime.date
    domicile_village: str = Field(..., max_length=13)
    birth_place: str = Field("", max_length=100)
    phone: str = Field("", max_length=20)
    address: str = Field("", max_length=300)
    education: Education | None = None
    marital_status: MaritalStatus | None = None
    migrant_status: MigrantStatus = MigrantStatus.NONE
    consent: ConsentIn = Field(..., description="The person's (or guardian's) consent to registration.")


class PersonPatch(InputSchema):
    nik: str | None = Field(None, max_length=24)
    full_name: str | None = Field(None, min_length=1, max_length=200)
    sex: Sex | None = None
    birth_date: datetime.date | None = None
    domicile_village: str | None = Field(None, max_length=13)
    birth_place: str | None = Field(None, max_length=100)
    phone: str | None = Field(None, max_length=20)
    address: str | None = Field(None, max_length=300)
    education: Education | None = None
    marital_status: MaritalStatus | None = None
    migrant_status: MigrantStatus | None = None


def _out(person: Person) -> dict[str, Any]:
    return {
        "id": person.pk,
        "nik_masked": person.nik_masked,
        "full_name": person.full_name,
        "sex": person.sex,
        "birth_date": person.birth_date,
        "birth_place": person.birth_place,
        "phone": person.phone,
        "domicile_village": {
            "code": person.domicile_village.code,
            "name": person.domicile_village.name,
        },
        "address": person.address,
        "education": person.education,
        "marital_status": person.marital_status,
        "migrant_status": person.migrant_status,
        "created_at": person.created_at,
        "updated_at": person.updated_at,
    }


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


@router.get("/", response=PersonPage, summary="List people in your area")
def list_people(request: HttpRequest, query: Query[PeopleQuery]) -> dict[str, Any]:
    user = _user(request)
    if not has_perm(user, Perm.PEOPLE_VIEW):
        raise PermissionDenied
    filters = PeopleFilter(
        q=query.q,
        migrant_status=query.migrant_status or "",
        sex=query.sex or "",
        village=query.village,
    )
    people, count = selectors.people_to_list(user, filters)
    return paged(people, query, _out, count=count, recount=lambda: selectors.count_people(user, filters))


@router.get("/{int:person_id}", response=PersonOut, summary="One person")
def get_person(request: HttpRequest, person_id: int) -> dict[str, Any]:
    return _out(selectors.get_person_for_user(_user(request), person_id))


@router.post("/", response={201: PersonWriteOut}, summary="Register a person")
def create_person(request: HttpRequest, payload: PersonIn) -> Status[dict[str, Any]]:
    require_write(request)
    user = _user(request)
    if not has_perm(user, Perm.PEOPLE_CHANGE):
        raise PermissionDenied
    data = payload.dict()
    consent = data.pop("consent")
    data["education"] = data["education"] or ""
    data["marital_status"] = data["marital_status"] or ""
    result = services.person_register(
        data=services.PersonData(**data),
        consent=services.ConsentData(given=True, **consent),
        actor=user,
        via="api",
    )
    person = selectors.get_person_for_user(user, result.person.pk)
    return Status(201, {"person": _out(person), "warnings": result.warnings})


@router.patch("/{int:person_id}", response=PersonWriteOut, summary="Change a person")
def update_person(request: HttpRequest, person_id: int, payload: PersonPatch) -> dict[str, Any]:
    require_write(request)
    user = _user(request)
    person = selectors.get_person_for_user(user, person_id, for_write=True)
    # A null in the patch means "leave as is"; blank text fields are sent as "".
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    data = dataclasses.replace(services.person_data_of(person), **changes)
    result = services.person_update(person=person, data=data, actor=user, via="api")
    person = selectors.get_person_for_user(user, result.person.pk)
    return {"person": _out(person), "warnings": result.warnings}
