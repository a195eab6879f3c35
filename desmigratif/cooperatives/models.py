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

from desmigratif.core.models import ChoiceLabels, LocalizedName
from desmigratif.core.paths import object_path
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


class AccountTemplate(ChoiceLabels, LocalizedName, models.Model):
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


class ShuAllocation(ChoiceLabels, models.Model):
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


class Account(ChoiceLabels, LocalizedName, models.Model):
    # Indexed by the unique (cooperative, code) constraint: no index of its own.
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="accounts", db_index=False)
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


# The source of the year-end closing entry, which empties the income and expense accounts into
# undistributed surplus: the income statement of a closed year leaves it out.
SHU_CLOSING_SOURCE = "shu.closing"


class JournalEntry(models.Model):
    # Indexed by coop_entry_date_idx (cooperative, date): no index of its own to keep up on every posting.
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="entries", db_index=False)
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
    # Indexed by coop_line_account_idx (account, entry): no index of its own.
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="lines", db_index=False)
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


class Member(ChoiceLabels, models.Model):
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

    def get_absolute_url(self) -> str:
        return object_path("cooperatives:member", self.cooperative_id, self.pk)


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


class SavingsAccount(ChoiceLabels, models.Model):
    # Indexed by the unique (member, kind) constraint: no index of its own.
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="savings_accounts", db_index=False)
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


class SavingsTransaction(ChoiceLabels, models.Model):
    class Kind(models.TextChoices):
        DEPOSIT = "deposit", _("Deposit")
        WITHDRAWAL = "withdrawal", _("Withdrawal")

    # Indexed by coop_savings_tx_idx (account, date): no index of its own.
    account = models.ForeignKey(SavingsAccount, on_delete=models.PROTECT, related_name="transactions", db_index=False)
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


# --- Loans (issue 4, capability 4) ------------------------------------------------------------------


class InterestMethod(models.TextChoices):
    FLAT = "flat", _("Flat")
    ANNUITY = "annuity", _("Annuity (declining balance)")


DEFAULT_ALLOCATION_ORDER = "penalty,interest,principal"


class LoanProduct(ChoiceLabels, models.Model):
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="loan_products")
    name = models.CharField(_("name"), max_length=120)
    method = models.CharField(_("interest method"), max_length=10, choices=InterestMethod.choices)
    annual_rate = models.DecimalField(_("interest per year (%)"), max_digits=6, decimal_places=3)
    min_term_months = models.PositiveSmallIntegerField(_("shortest term (months)"), default=1)
    max_term_months = models.PositiveSmallIntegerField(_("longest term (months)"), default=36)
    fee_percent = models.DecimalField(
        _("fee (percent of the loan)"), max_digits=5, decimal_places=2, default=Decimal(0)
    )
    penalty_percent_per_month = models.DecimalField(
        _("penalty per month late (percent of the amount overdue)"), max_digits=5, decimal_places=2, default=Decimal(0)
    )
    # The order a repayment pays what is due (the cooperative's policy): a comma-separated
    # permutation of penalty, interest, principal.
    allocation_order = models.CharField(_("repayment order"), max_length=40, default=DEFAULT_ALLOCATION_ORDER)
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("loan product")
        verbose_name_plural = _("loan products")
        ordering = ["cooperative", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(annual_rate__gte=0, annual_rate__lte=100), name="coop_rate_range"
            ),
            models.CheckConstraint(
                condition=models.Q(min_term_months__gte=1, max_term_months__gte=models.F("min_term_months")),
                name="coop_term_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class LoanStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    DISBURSED = "disbursed", _("Disbursed")
    CLOSED = "closed", _("Repaid")


class Loan(ChoiceLabels, models.Model):
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="loans")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="loans")
    product = models.ForeignKey(LoanProduct, on_delete=models.PROTECT, related_name="loans")
    principal = money_field(_("amount"))
    # Copied from the product when applying, so a later product change never alters a loan.
    method = models.CharField(_("interest method"), max_length=10, choices=InterestMethod.choices)
    annual_rate = models.DecimalField(_("interest per year (%)"), max_digits=6, decimal_places=3)
    term_months = models.PositiveSmallIntegerField(_("term (months)"))
    fee = money_field(_("fee"), default=ZERO)
    purpose = models.CharField(_("purpose"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=LoanStatus.choices, default=LoanStatus.APPLIED)
    applied_on = models.DateField(_("applied on"))
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decision_note = models.CharField(_("decision note"), max_length=300, blank=True)
    disbursed_on = models.DateField(_("disbursed on"), null=True, blank=True)
    closed_on = models.DateField(_("repaid on"), null=True, blank=True)
    outstanding_principal = money_field(_("outstanding principal"), default=ZERO)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        ordering = ["-applied_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(principal__gt=0), name="coop_loan_positive"),
            models.CheckConstraint(condition=models.Q(outstanding_principal__gte=0), name="coop_loan_outstanding"),
        ]
        indexes = [models.Index(fields=["cooperative", "status"], name="coop_loan_status_idx")]

    def __str__(self) -> str:
        return f"{self.cooperative_id}/{self.pk}"


class Instalment(models.Model):
    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="instalments")
    number = models.PositiveSmallIntegerField(_("number"))
    due_on = models.DateField(_("due on"))
    principal_due = money_field(_("principal due"))
    interest_due = money_field(_("interest due"))
    principal_paid = money_field(_("principal paid"), default=ZERO)
    interest_paid = money_field(_("interest paid"), default=ZERO)
    penalty_paid = money_field(_("penalty paid"), default=ZERO)
    paid_on = models.DateField(_("fully paid on"), null=True, blank=True)

    class Meta:
        ordering = ["loan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["loan", "number"], name="coop_instalment_once"),
            models.CheckConstraint(
                condition=models.Q(principal_paid__lte=models.F("principal_due"))
                & models.Q(interest_paid__lte=models.F("interest_due")),
                name="coop_instalment_not_overpaid",
            ),
        ]
        # Days past due: the oldest unpaid instalment of each loan.
        indexes = [models.Index(fields=["loan", "paid_on", "due_on"], name="coop_instalment_due_idx")]

    def __str__(self) -> str:
        return f"{self.loan_id}#{self.number}"

    @property
    def amount_due(self) -> Decimal:
        return self.principal_due + self.interest_due

    @property
    def unpaid(self) -> Decimal:
        return self.principal_due - self.principal_paid + self.interest_due - self.interest_paid


class Repayment(models.Model):
    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="repayments")
    date = models.DateField(_("date"))
    amount = money_field(_("amount"))
    principal = money_field(_("principal"), default=ZERO)
    interest = money_field(_("interest"), default=ZERO)
    penalty = money_field(_("penalty"), default=ZERO)
    entry = models.OneToOneField(JournalEntry, on_delete=models.PROTECT, related_name="repayment")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount=models.F("principal") + models.F("interest") + models.F("penalty")),
                name="coop_repayment_split_adds_up",
            )
        ]

    def __str__(self) -> str:
        return f"{self.loan_id} {self.date} {self.amount}"


class CollectibilityScheme(models.TextChoices):
    BANK = "bank5", _("Bank, 5 classes (OJK)")
    COOPERATIVE = "coop4", _("Cooperative, 4 classes")


class CollectibilityClass(ChoiceLabels, models.Model):
    """A collectibility class and the days past due from which it applies, per cooperative.

    Created from ``COLLECTIBILITY_DEFAULTS`` when the cooperative is set up (DOMAIN-RULES B13,
    B14) and changed by the cooperative to its own policy: thresholds are configuration.
    """

    cooperative = models.ForeignKey(Cooperative, on_delete=models.CASCADE, related_name="collectibility_classes")
    scheme = models.CharField(_("scheme"), max_length=5, choices=CollectibilityScheme.choices)
    rank = models.PositiveSmallIntegerField(_("class"))
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=60)
    min_days_past_due = models.PositiveIntegerField(_("from days past due"))
    non_performing = models.BooleanField(_("counts as non-performing"), default=False)
    basis = models.CharField(_("basis"), max_length=300)

    class Meta:
        ordering = ["cooperative", "scheme", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "scheme", "rank"], name="coop_collectibility_rank_once")
        ]

    def __str__(self) -> str:
        return f"{self.scheme} {self.rank} {self.code}"


BANK5_BASIS = "PBI 14/15/PBI/2012 Pasal 10; POJK asset quality (DOMAIN-RULES B14)"
COOP4_BASIS = (
    "Kepmenkop 194/KEP/M/IX/1998 month-based criteria for monthly loans (kurang lancar > 3 months; macet 21 months "
    "after diragukan), as days; thresholds not confirmed (DOMAIN-RULES B13): set your own"
)
COLLECTIBILITY_DEFAULTS = [
    # scheme, rank, code, name, from days past due, non-performing, basis
    (CollectibilityScheme.BANK, 1, "lancar", "Lancar", 0, False, BANK5_BASIS),
    (CollectibilityScheme.BANK, 2, "dpk", "Dalam Perhatian Khusus", 1, False, BANK5_BASIS),
    (CollectibilityScheme.BANK, 3, "kurang_lancar", "Kurang Lancar", 91, True, BANK5_BASIS),
    (CollectibilityScheme.BANK, 4, "diragukan", "Diragukan", 121, True, BANK5_BASIS),
    (CollectibilityScheme.BANK, 5, "macet", "Macet", 181, True, BANK5_BASIS),
    (CollectibilityScheme.COOPERATIVE, 1, "lancar", "Lancar", 0, False, COOP4_BASIS),
    (CollectibilityScheme.COOPERATIVE, 2, "kurang_lancar", "Kurang Lancar", 91, True, COOP4_BASIS),
    (CollectibilityScheme.COOPERATIVE, 3, "diragukan", "Diragukan", 181, True, COOP4_BASIS),
    (CollectibilityScheme.COOPERATIVE, 4, "macet", "Macet", 811, True, COOP4_BASIS),
]


# --- Year-end SHU (issue 4, capability 6; DOMAIN-RULES B6-B9) ---------------------------------------


class ShuDistribution(models.Model):
    """A fiscal year's SHU: the year closed into undistributed surplus, then split by the AD/ART."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="shu_distributions")
    year_start = models.DateField(_("fiscal year from"))
    year_end = models.DateField(_("fiscal year to"))
    surplus = money_field(_("SHU for the year"))
    member_transactions_total = money_field(_("members' transactions (jasa usaha base)"))
    member_savings_total = money_field(_("members' savings (jasa modal base)"))
    closing_entry = models.OneToOneField(JournalEntry, on_delete=models.PROTECT, related_name="+", null=True)
    distribution_entry = models.OneToOneField(JournalEntry, on_delete=models.PROTECT, related_name="+", null=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-year_end"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "year_end"], name="coop_shu_once_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.cooperative_id} {self.year_end.year}"


class ShuPoolAmount(ChoiceLabels, models.Model):
    distribution = models.ForeignKey(ShuDistribution, on_delete=models.CASCADE, related_name="pools")
    pool = models.CharField(_("pool"), max_length=20, choices=ShuAllocation.Pool.choices)
    percent = models.DecimalField(_("percent"), max_digits=5, decimal_places=2)
    amount = money_field(_("amount"))

    class Meta:
        ordering = ["pool"]

    def __str__(self) -> str:
        return f"{self.pool} {self.amount}"


class ShuMemberShare(models.Model):
    distribution = models.ForeignKey(ShuDistribution, on_delete=models.CASCADE, related_name="member_shares")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="shu_shares")
    savings = money_field(_("savings counted"))
    transactions = money_field(_("transactions counted"))
    jasa_modal = money_field(_("jasa modal"))
    jasa_usaha = money_field(_("jasa usaha"))

    class Meta:
        ordering = ["member__number"]
        constraints = [
            models.UniqueConstraint(fields=["distribution", "member"], name="coop_shu_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.total}"

    @property
    def total(self) -> Decimal:
        return self.jasa_modal + self.jasa_usaha
