"""The people registry: persons keyed by NIK, households (KK), links to migrant workers, consent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.core.models import ChoiceLabels
from desmigratif.core.paths import object_path
from desmigratif.lib import nik as nik_lib
from desmigratif.regions.models import Village, regency_key


class Sex(models.TextChoices):
    MALE = nik_lib.SEX_MALE, _("Male")
    FEMALE = nik_lib.SEX_FEMALE, _("Female")


class Education(models.TextChoices):
    NONE = "none", _("No schooling")
    SD = "sd", _("Primary school (SD)")
    SMP = "smp", _("Junior secondary (SMP)")
    SMA = "sma", _("Senior secondary (SMA/SMK)")
    DIPLOMA = "diploma", _("Diploma (D1–D3)")
    BACHELOR = "bachelor", _("Bachelor (D4/S1)")
    POSTGRADUATE = "postgraduate", _("Postgraduate (S2/S3)")


class MaritalStatus(models.TextChoices):
    SINGLE = "single", _("Single")
    MARRIED = "married", _("Married")
    DIVORCED = "divorced", _("Divorced")
    WIDOWED = "widowed", _("Widowed")


class MigrantStatus(models.TextChoices):
    PROSPECTIVE = "prospective", _("Prospective migrant worker (calon PMI)")
    ABROAD = "abroad", _("Working abroad (PMI)")
    RETURNEE = "returnee", _("Returned migrant worker (PMI purna)")
    FAMILY = "family", _("Family of a migrant worker")
    NONE = "none", _("None of these")


class Person(ChoiceLabels, models.Model):
    nik = models.CharField(_("NIK"), max_length=16, unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("birth date"))
    birth_place = models.CharField(_("birth place"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    domicile_village = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="+", verbose_name=_("village of domicile")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    education = models.CharField(_("education"), max_length=20, choices=Education.choices, blank=True)
    marital_status = models.CharField(_("marital status"), max_length=10, choices=MaritalStatus.choices, blank=True)
    migrant_status = models.CharField(
        _("migrant status"),
        max_length=12,
        choices=MigrantStatus.choices,
        default=MigrantStatus.NONE,
    )
    nik_region_unknown = models.BooleanField(
        _("NIK region not in the current list"),
        default=False,
        help_text=_("Set when the NIK's district code was not found; kept as a warning to check the KTP."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(sex__in=["M", "F"]), name="people_person_sex_valid"),
        ]
        indexes = [
            # People list: a village's people in name order (the facilitator's default page).
            models.Index(
                fields=["domicile_village", "full_name", "id"],
                name="people_person_village_name_idx",
            ),
            # People list filter by migrant status within a scope.
            models.Index(fields=["migrant_status", "domicile_village"], name="people_person_status_idx"),
            # People list in name order for the national scope.
            models.Index(fields=["full_name", "id"], name="people_person_name_idx"),
            # People list in name order for a regency (people.selectors._visible_people): a page
            # reads its 25 entries, where the name index is walked until 25 of the regency's persons
            # turn up (1,500 entries for Kabupaten Malang at 1M people; 100 ms with a status filter).
            models.Index(
                regency_key("domicile_village"),
                models.F("full_name"),
                models.F("id"),
                name="people_person_regency_name_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return object_path("people:detail", self.pk)

    @property
    def nik_masked(self) -> str:
        return nik_lib.mask(self.nik)


class VillagePeopleCount(models.Model):
    """How many persons are domiciled in a village, kept by PostgreSQL triggers on the person table.

    A people list without a search or a filter counts its scope from these rows (a regency's forty
    villages, the nation's few thousand) instead of counting a million persons on every page
    (``selectors.count_people``). The triggers (migration 0004) add the rows an INSERT or COPY
    wrote, subtract those a DELETE removed, and move a person whose village changes; the counts
    are part of the writing transaction, so they are exact. Not kept on SQLite, where the list
    counts the persons themselves: a SQLite install holds a village or a few.
    """

    village_code = models.CharField(max_length=13, primary_key=True)
    people = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.village_code}: {self.people}"


class Household(models.Model):
    """A family card (Kartu Keluarga)."""

    kk_number = models.CharField(_("KK number"), max_length=16, unique=True)
    village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="+", verbose_name=_("village"))
    address = models.CharField(_("address"), max_length=300, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        indexes = [
            # Household list within a village.
            models.Index(fields=["village", "kk_number"], name="people_household_village_idx"),
        ]

    def __str__(self) -> str:
        return self.kk_number


class Relationship(models.TextChoices):
    HEAD = "head", _("Head of household")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    CHILD_IN_LAW = "child_in_law", _("Child-in-law")
    GRANDCHILD = "grandchild", _("Grandchild")
    PARENT = "parent", _("Parent")
    PARENT_IN_LAW = "parent_in_law", _("Parent-in-law")
    SIBLING = "sibling", _("Sibling")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    OTHER = "other", _("Other")


class HouseholdMember(ChoiceLabels, models.Model):
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="members")
    # A person is on one family card at a time.
    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="household_membership")
    relationship = models.CharField(_("relationship to the head"), max_length=20, choices=Relationship.choices)

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=models.Q(relationship="head"),
                name="people_household_one_head",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household_id}: {self.person_id} ({self.relationship})"


class FamilyRelation(models.TextChoices):
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Sibling")
    GRANDPARENT = "grandparent", _("Grandparent")
    GRANDCHILD = "grandchild", _("Grandchild")
    OTHER = "other", _("Other relative")


class MigrantFamilyLink(ChoiceLabels, models.Model):
    """A "family of migrant worker X" link: who at home belongs to which migrant worker."""

    family_member = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="migrant_links")
    migrant = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="family_links")
    relation = models.CharField(_("relation to the migrant worker"), max_length=12, choices=FamilyRelation.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("link to a migrant worker")
        verbose_name_plural = _("links to migrant workers")
        constraints = [
            models.UniqueConstraint(fields=["family_member", "migrant"], name="people_family_link_unique"),
            models.CheckConstraint(
                condition=~models.Q(family_member=models.F("migrant")),
                name="people_family_link_not_self",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family_member_id} → {self.migrant_id} ({self.relation})"


class ConsentPurpose(models.TextChoices):
    REGISTRY = "registry", _("Registration in the Desmigratif people registry")
    MIGRATION_SERVICES = "migration_services", _("Migration services and case handling")
    COOPERATIVE = "cooperative", _("Cooperative membership")
    LEARNING_HOUSE = "learning_house", _("Learning house (children)")


class ConsentText(ChoiceLabels, models.Model):
    """A versioned consent text shown to the person (UU 27/2022: consent must be provable)."""

    purpose = models.CharField(_("purpose"), max_length=30, choices=ConsentPurpose.choices)
    version = models.PositiveSmallIntegerField(_("version"))
    body_id = models.TextField(_("text (Indonesian)"))
    body_en = models.TextField(_("text (English)"))
    valid_from = models.DateField(_("valid from"))

    class Meta:
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        constraints = [
            models.UniqueConstraint(fields=["purpose", "version"], name="people_consent_text_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} v{self.version}"


class Consent(ChoiceLabels, models.Model):
    class GivenBy(models.TextChoices):
        SELF = "self", _("The person")
        GUARDIAN = "guardian", _("Parent or guardian")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="consents")
    text = models.ForeignKey(ConsentText, on_delete=models.PROTECT, related_name="+", verbose_name=_("consent text"))
    given_by = models.CharField(_("given by"), max_length=10, choices=GivenBy.choices)
    guardian_name = models.CharField(_("guardian's name"), max_length=200, blank=True)
    guardian_relation = models.CharField(_("guardian's relation"), max_length=100, blank=True)
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(given_by="guardian") | ~models.Q(guardian_name=""),
                name="people_consent_guardian_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.text}"
