"""Pillar 3, rumah belajar Desmigratif: the community learning house of a programme village, the
migrant workers' children it serves and the relatives who care for them, and its learning and
community-parenting sessions.

Children's records are specific personal data (UU 27/2022 Pasal 4 and 25): a child is registered
only with the recorded consent of a parent or guardian, lists show them masked, every read of a
child's record or of a concern note is audited, and nothing here reaches partners or exports with
names. Every record carries the village it belongs to, so the one scope rule applies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.core.models import ChoiceLabels
from desmigratif.regions.models import Village

if TYPE_CHECKING:
    from desmigratif.people.models import Person


class LearningHouse(models.Model):
    """The rumah belajar of one programme village."""

    village = models.OneToOneField(
        Village, on_delete=models.PROTECT, related_name="learning_house", verbose_name=_("village")
    )
    name = models.CharField(_("name"), max_length=150)
    place = models.CharField(_("place"), max_length=200, help_text=_("Where the sessions are held."))
    schedule = models.CharField(_("schedule"), max_length=200, help_text=_("E.g. every Saturday 15:00–17:00."))
    volunteers: models.ManyToManyField[Person, Volunteer] = models.ManyToManyField(
        "people.Person", through="Volunteer", related_name="learning_houses", verbose_name=_("volunteers")
    )
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("learning house")
        verbose_name_plural = _("learning houses")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Volunteer(models.Model):
    house = models.ForeignKey(LearningHouse, on_delete=models.PROTECT, related_name="volunteer_rows")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="learning_volunteering")
    since = models.DateField(_("since"), default=timezone.localdate)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        constraints = [models.UniqueConstraint(fields=["house", "person"], name="learning_volunteer_once")]

    def __str__(self) -> str:
        return f"{self.house_id}/{self.person_id}"


class SchoolLevel(models.TextChoices):
    NOT_YET = "not_yet", _("Not yet at school")
    PAUD = "paud", _("Early childhood (PAUD/TK)")
    SD = "sd", _("Primary school (SD)")
    SMP = "smp", _("Junior secondary (SMP)")
    SMA = "sma", _("Senior secondary (SMA/SMK)")


class SchoolStatus(models.TextChoices):
    ENROLLED = "enrolled", _("At school")
    NOT_ENROLLED = "not_enrolled", _("Not at school")
    DROPPED_OUT = "dropped_out", _("Dropped out")


class CaregiverRelation(models.TextChoices):
    GRANDPARENT = "grandparent", _("Grandparent")
    PARENT = "parent", _("Parent at home")
    AUNT_UNCLE = "aunt_uncle", _("Aunt or uncle")
    SIBLING = "sibling", _("Older sibling")
    OTHER = "other", _("Other relative")


class Child(ChoiceLabels, models.Model):
    """A child (a person under 18) of a migrant worker, registered in a village's learning house."""

    village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="+", verbose_name=_("village"))
    house = models.ForeignKey(
        LearningHouse, on_delete=models.PROTECT, related_name="children", verbose_name=_("learning house")
    )
    person = models.OneToOneField(
        "people.Person", on_delete=models.PROTECT, related_name="learning_child", verbose_name=_("child")
    )
    caregiver = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="cared_children", verbose_name=_("caregiver")
    )
    caregiver_relation = models.CharField(_("caregiver's relation"), max_length=15, choices=CaregiverRelation.choices)
    parents: models.ManyToManyField[Person, ChildParent] = models.ManyToManyField(
        "people.Person", through="ChildParent", related_name="children_at_home", verbose_name=_("parents abroad")
    )
    school_level = models.CharField(_("school level"), max_length=10, choices=SchoolLevel.choices)
    school_status = models.CharField(_("school status"), max_length=15, choices=SchoolStatus.choices)
    # The parent's or guardian's consent this registration rests on (UU 27/2022 Pasal 25).
    consent = models.ForeignKey(
        "people.Consent", on_delete=models.PROTECT, related_name="+", verbose_name=_("guardian's consent")
    )
    registered_on = models.DateField(_("registered on"), default=timezone.localdate)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(caregiver=models.F("person")), name="learning_child_caregiver_not_self"
            ),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True) | models.Q(left_on__gte=models.F("registered_on")),
                name="learning_child_left_after_registered",
            ),
        ]
        indexes = [
            # Children list: the scope (village) in registration order, newest first.
            models.Index(fields=["village", "-registered_on"], name="learning_child_village_idx"),
            # Attendance sheet and parenting sessions: a house's children.
            models.Index(fields=["house", "left_on"], name="learning_child_house_idx"),
        ]

    def __str__(self) -> str:
        return f"child #{self.pk}"


class ChildParent(models.Model):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="parent_rows")
    parent = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["child", "parent"], name="learning_child_parent_once")]

    def __str__(self) -> str:
        return f"{self.child_id}/{self.parent_id}"


class SessionKind(models.TextChoices):
    LEARNING = "learning", _("Learning session (children)")
    PARENTING = "parenting", _("Community parenting (caregivers)")


class Session(ChoiceLabels, models.Model):
    village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="+", verbose_name=_("village"))
    house = models.ForeignKey(
        LearningHouse, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("learning house")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=SessionKind.choices)
    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    led_by = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("facilitator or volunteer")
    )
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [
            # Sessions list: the scope (village), newest first; also the monthly indicator.
            models.Index(fields=["village", "-held_on"], name="learning_session_village_idx"),
            models.Index(fields=["held_on"], name="learning_session_held_idx"),  # indicator by month
        ]

    def __str__(self) -> str:
        return self.topic


class Attendance(models.Model):
    """One attendee of a session: a registered child (learning) or a caregiver (parenting)."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="attendances")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, null=True, blank=True, related_name="attendances")
    caregiver = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(child__isnull=True, caregiver__isnull=False)
                | models.Q(child__isnull=False, caregiver__isnull=True),
                name="learning_attendance_one_attendee",
            ),
            models.UniqueConstraint(
                fields=["session", "child"], condition=models.Q(child__isnull=False), name="learning_child_once"
            ),
            models.UniqueConstraint(
                fields=["session", "caregiver"],
                condition=models.Q(caregiver__isnull=False),
                name="learning_caregiver_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.child_id or self.caregiver_id}"


class ConcernCategory(models.TextChoices):
    HEALTH = "health", _("Health")
    SCHOOLING = "schooling", _("Schooling")
    PROTECTION = "protection", _("Protection (violence, neglect, exploitation)")
    OTHER = "other", _("Other")


class ConcernStatus(models.TextChoices):
    OPEN = "open", _("Open")
    REFERRED = "referred", _("Referred")
    CLOSED = "closed", _("Closed")


class Concern(ChoiceLabels, models.Model):
    """A restricted note that a child needs help, and where it was referred. Only the village's
    facilitators and the regency officer read it (Perm.CHILD_CONCERNS); every read is audited."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="concerns")
    category = models.CharField(_("category"), max_length=12, choices=ConcernCategory.choices)
    note = models.TextField(_("note"), max_length=4000)
    status = models.CharField(_("status"), max_length=10, choices=ConcernStatus.choices, default=ConcernStatus.OPEN)
    referred_to = models.CharField(
        _("referred to"), max_length=200, blank=True, help_text=_("E.g. Puskesmas Pagelaran, P2TP2A, the school.")
    )
    referred_on = models.DateField(_("referred on"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="referred") | ~models.Q(referred_to=""),
                name="learning_concern_referred_somewhere",
            ),
        ]
        indexes = [
            # Concerns list: open ones first within a child (joined through the child's village).
            models.Index(fields=["child", "status"], name="learning_concern_child_idx"),
        ]

    def __str__(self) -> str:
        return f"concern #{self.pk}"
