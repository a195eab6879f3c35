"""Village cooperatives and their double-entry ledger (DOMAIN-RULES B).

Every money movement posts one balanced journal entry (two or more lines, debits = credits,
positive amounts) in the same transaction as the business record. Entries are immutable:
corrections are reversals. Account balances are kept on the account row and changed only by
``services.post_entry`` under row locks; on PostgreSQL the database itself also refuses an
unbalanced entry and any change to a posted line (migration 0003).

Money is ``Decimal`` rupiah with two decimal places, everywhere.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.core.models import LocalizedName
from desmigratif.regions.models import Village


def money_field(verbose_name: Any, **kwargs: Any) -> models.DecimalField[Decimal, Decimal]:
    """A rupiah amount: 18 digits, two decimals."""
    return models.DecimalField(verbose_name, max_digits=18, decimal_places=2, **kwargs)


ZERO = Decimal("0.00")


class AccountType(models.TextChoices):
    ASSET = "asset", _("Asset")
    LIABILITY = "liability", _("Liability")
    EQUITY = "equity", _("Equity")
    INCOME = "income", _("Income")
    EXPENSE = "expense", _("Expense")


# Accounts whose balance grows with debits; the others grow with credits.
DEBIT_NORMAL = frozenset({AccountType.ASSET, AccountType.EXPENSE})


class AccountTemplate(LocalizedName, models.Model):
    """The standard chart of accounts a new cooperative starts with (data, migration 0002).

    ``role`` is the stable name services post to ("cash", "savings_voluntary", …); codes and
    names may differ between cooperatives, roles do not.
    """

    code = models.CharField(_("code"), max_length=20, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    type = models.CharField(_("type"), max_length=10, choices=AccountType.choices)
    role = models.CharField(_("role"), max_length=40, unique=True)
    contra = models.BooleanField(_("contra account"), default=False)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Cooperative(models.Model):
    village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="+", verbose_name=_("village"))
    name = models.CharField(_("name"), max_length=200)
    legal_entity_number = models.CharField(_("legal entity number"), max_length=100, blank=True)
    founded_on = models.DateField(_("founded on"))
    fiscal_year_start_month = models.PositiveSmallIntegerField(_("fiscal year starts in month"), default=1)
    # AD/ART parameters (DOMAIN-RULES B2, B3, B9).
    principal_savings_amount = money_field(_("simpanan pokok amount"))
    mandatory_savings_amount = money_field(_("simpanan wajib amount"))
    mandatory_savings_period_months = models.PositiveSmallIntegerField(_("simpanan wajib every (months)"), default=1)
    jasa_modal_counts_voluntary = models.BooleanField(
        _("voluntary savings count for jasa modal"),
        default=False,
        help_text=_("Principal and mandatory savings always count; the AD/ART decides on voluntary savings."),
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("cooperative")
        verbose_name_plural = _("cooperatives")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["village", "name"], name="coop_village_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fiscal_year_start_month__gte=1, fiscal_year_start_month__lte=12),
                name="coop_fiscal_month_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(principal_savings_amount__gte=0, mandatory_savings_amount__gte=0),
                name="coop_savings_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ShuAllocation(models.Model):
    """One share of the year's SHU, as a percentage set by the AD/ART (B7, B8); they sum to 100."""

    class Pool(models.TextChoices):
        RESERVE = "reserve", _("Reserve fund (dana cadangan)")
        JASA_MODAL = "jasa_modal", _("Members: return on savings (jasa modal)")
        JASA_USAHA = "jasa_usaha", _("Members: return on transactions (jasa usaha)")
        MANAGEMENT = "management", _("Management (pengurus)")
        EMPLOYEES = "employees", _("Employees")
        EDUCATION = "education", _("Cooperative education")
        SOCIAL = "social", _("Social fund")
        REGIONAL = "regional", _("Regional development")

    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE, related_name="shu_allocations")
    pool = models.CharField(_("pool"), max_length=20, choices=Pool.choices)
    percent = models.DecimalField(_("percent"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["pool"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "pool"], name="coop_shu_pool_once"),
            models.CheckConstraint(condition=models.Q(percent__gte=0, percent__lte=100), name="coop_shu_percent_range"),
        ]

    def __str__(self) -> str:
        return f"{self.pool} {self.percent}%"


class Account(LocalizedName, models.Model):
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="accounts")
    code = models.CharField(_("code"), max_length=20)
    name_id = models.CharField(_("name (Indonesian)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    type = models.CharField(_("type"), max_length=10, choices=AccountType.choices)
    role = models.CharField(_("role"), max_length=40, blank=True)
    contra = models.BooleanField(_("contra account"), default=False)
    # Debits minus credits of every posted line, kept by services.post_entry under a row lock.
    balance = money_field(_("balance (debit − credit)"), default=ZERO)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["cooperative", "code"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "code"], name="coop_account_code_once"),
            models.UniqueConstraint(
                fields=["cooperative", "role"], condition=~models.Q(role=""), name="coop_account_role_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def normal_balance(self) -> Decimal:
        """The balance on the account's normal side (positive for a healthy asset or liability)."""
        debit_normal = (self.type in DEBIT_NORMAL) != self.contra
        return self.balance if debit_normal else -self.balance


class JournalEntry(models.Model):
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="entries")
    date = models.DateField(_("date"))
    description = models.CharField(_("description"), max_length=300)
    # What business record the entry belongs to, e.g. "savings.deposit" (empty for a manual entry).
    source = models.CharField(_("source"), max_length=40, blank=True)
    reversal_of = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )
    posted_at = models.DateTimeField(default=timezone.now)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["cooperative", "date"], name="coop_entry_date_idx")]

    def __str__(self) -> str:
        return f"{self.cooperative_id}#{self.pk}"


class JournalLine(models.Model):
    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="lines")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="lines")
    debit = money_field(_("debit"), default=ZERO)
    credit = money_field(_("credit"), default=ZERO)

    class Meta:
        ordering = ["id"]
        constraints = [
            # Exactly one side, positive.
            models.CheckConstraint(
                condition=(models.Q(debit__gt=0) & models.Q(credit=0)) | (models.Q(debit=0) & models.Q(credit__gt=0)),
                name="coop_line_one_positive_side",
            ),
        ]
        indexes = [models.Index(fields=["account", "entry"], name="coop_line_account_idx")]

    def __str__(self) -> str:
        return f"{self.account_id} D{self.debit} C{self.credit}"


class ClosedPeriod(models.Model):
    """A closed month: no entry may be dated in it any more (corrections go in an open month)."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="closed_periods")
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    closed_at = models.DateTimeField(default=timezone.now)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["year", "month"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "year", "month"], name="coop_period_closed_once"),
            models.CheckConstraint(condition=models.Q(month__gte=1, month__lte=12), name="coop_period_month_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.cooperative_id} {self.year}-{self.month:02d}"


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("Member")
    LEFT = "left", _("Left")


class Member(models.Model):
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="members")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cooperative_memberships")
    number = models.CharField(_("member number"), max_length=20)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=MemberStatus.choices, default=MemberStatus.ACTIVE)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["cooperative", "number"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "number"], name="coop_member_number_once"),
            models.UniqueConstraint(
                fields=["cooperative", "person"], condition=models.Q(status="active"), name="coop_member_once_active"
            ),
        ]
        indexes = [models.Index(fields=["cooperative", "status", "number"], name="coop_member_list_idx")]

    def __str__(self) -> str:
        return self.number


class SavingsKind(models.TextChoices):
    PRINCIPAL = "principal", _("Principal savings (simpanan pokok)")
    MANDATORY = "mandatory", _("Mandatory savings (simpanan wajib)")
    VOLUNTARY = "voluntary", _("Voluntary savings (simpanan sukarela)")


# The ledger account (by role) that holds each kind of savings (DOMAIN-RULES B2-B4).
SAVINGS_ACCOUNT_ROLE = {
    SavingsKind.PRINCIPAL: "savings_principal",
    SavingsKind.MANDATORY: "savings_mandatory",
    SavingsKind.VOLUNTARY: "savings_voluntary",
}


class SavingsAccount(models.Model):
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="savings_accounts")
    kind = models.CharField(_("kind"), max_length=10, choices=SavingsKind.choices)
    balance = money_field(_("balance"), default=ZERO)

    class Meta:
        ordering = ["member", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["member", "kind"], name="coop_savings_kind_once"),
            # Savings never go below zero, whatever the code above does.
            models.CheckConstraint(condition=models.Q(balance__gte=0), name="coop_savings_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.kind}"


class SavingsTransaction(models.Model):
    class Kind(models.TextChoices):
        DEPOSIT = "deposit", _("Deposit")
        WITHDRAWAL = "withdrawal", _("Withdrawal")

    account = models.ForeignKey(SavingsAccount, on_delete=models.PROTECT, related_name="transactions")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    amount = money_field(_("amount"))
    balance_after = money_field(_("balance after"))
    entry = models.OneToOneField(JournalEntry, on_delete=models.PROTECT, related_name="savings_transaction")
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["date", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="coop_savings_amount_positive")]
        indexes = [models.Index(fields=["account", "date"], name="coop_savings_tx_idx")]

    def __str__(self) -> str:
        return f"{self.account_id} {self.kind} {self.amount}"
