"""Recording remittances and putting part of one into the family member's cooperative savings."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from babel.numbers import is_currency
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.accounts.roles import Perm
from desmigratif.accounts.scope import scope_for
from desmigratif.cooperatives import services as cooperatives
from desmigratif.cooperatives.ledger import money
from desmigratif.cooperatives.models import Member, MemberStatus, SavingsAccount, SavingsKind
from desmigratif.lib.countries import is_country
from desmigratif.people.models import Person
from desmigratif.remittances.models import Channel, CorridorBenchmark, IntendedUse, Remittance

PERCENT = Decimal("0.01")

REMIT_PERSON_OUT_OF_SCOPE = _("You cannot record a remittance for this person.")
REMIT_POSITIVE = _("Must be more than zero.")
REMIT_FEE = _("The fee cannot be negative or more than the amount sent.")
REMIT_CURRENCY = _("Enter a currency code such as MYR, HKD, TWD or SAR.")
REMIT_COUNTRY = _("Choose the country the money was sent from.")
REMIT_FUTURE = _("The date cannot be in the future.")
REMIT_RATE_ABOVE_MID = _("The applied rate is better than the mid-market rate; check both rates.")
REMIT_NOT_MEMBER = _("%(name)s is not an active member of a cooperative; register them first.")
REMIT_DEPOSIT_TOO_MUCH = _("You can deposit at most the rupiah received (%(amount)s).")
REMIT_ALREADY_DEPOSITED = _("Part of this remittance has already been deposited.")


def total_cost_percent(amount_sent: Decimal, fee: Decimal, applied_rate: Decimal, mid_rate: Decimal) -> Decimal:
    """DOMAIN-RULES C7: (fee + (mid − applied) / mid × amount) / amount × 100, to 0.01 %."""
    margin = (mid_rate - applied_rate) / mid_rate * amount_sent
    return ((fee + margin) / amount_sent * 100).quantize(PERCENT, rounding=ROUND_HALF_UP)


def benchmark_for(country: str) -> CorridorBenchmark | None:
    """The latest published corridor average for the sending country (shown with its period)."""
    return CorridorBenchmark.objects.filter(sending_country=country).order_by("-period").first()


@dataclass
class RemittanceData:
    recipient: Person
    received_on: datetime.date
    sending_country: str
    amount_sent: Decimal
    currency_sent: str
    fee: Decimal
    mid_rate: Decimal
    amount_received: Decimal
    channel: str
    intended_use: str
    applied_rate: Decimal | None = None
    sender: Person | None = None


@transaction.atomic
def remittance_record(*, data: RemittanceData, actor: Any, is_demo: bool = False) -> Remittance:
    """Record a remittance. The fee is what the sender paid on top of the amount sent (as in the
    World Bank's method); without an applied rate on the receipt it is rupiah received ÷ amount sent."""
    if not scope_for(actor, Perm.REMITTANCES_CHANGE).contains(data.recipient.domicile_village_id):
        raise PermissionDenied
    errors: dict[str, list[Any]] = {}
    currency = data.currency_sent.strip().upper()
    country = data.sending_country.strip().upper()
    if not is_currency(currency) or currency == "IDR":
        errors["currency_sent"] = [ValidationError(REMIT_CURRENCY)]
    if not is_country(country) or country == "ID":
        errors["sending_country"] = [ValidationError(REMIT_COUNTRY)]
    if data.received_on > timezone.localdate():
        errors["received_on"] = [ValidationError(REMIT_FUTURE)]
    amount_sent, received = money(data.amount_sent), money(data.amount_received)
    fee = money(data.fee)
    for field, value in (("amount_sent", amount_sent), ("amount_received", received), ("mid_rate", data.mid_rate)):
        if value <= 0:
            errors[field] = [ValidationError(REMIT_POSITIVE)]
    if fee < 0 or (amount_sent > 0 and fee > amount_sent):
        errors["fee"] = [ValidationError(REMIT_FEE)]
    if data.channel not in Channel.values:
        errors["channel"] = [ValidationError(_("Choose how the money came."))]
    if data.intended_use not in IntendedUse.values:
        errors["intended_use"] = [ValidationError(_("Choose what the money is for."))]
    if errors:
        raise ValidationError(errors)
    applied = data.applied_rate if data.applied_rate else (received / amount_sent).quantize(Decimal("0.000001"))
    if applied <= 0:
        raise ValidationError({"applied_rate": [ValidationError(REMIT_POSITIVE)]})
    if applied > data.mid_rate * Decimal("1.02"):
        # A provider does not pay better than the market by more than rounding: a typo is likelier.
        raise ValidationError({"applied_rate": [ValidationError(REMIT_RATE_ABOVE_MID)]})
    return Remittance.objects.create(
        village_id=data.recipient.domicile_village_id,
        recipient=data.recipient,
        sender=data.sender,
        received_on=data.received_on,
        sending_country=country,
        amount_sent=amount_sent,
        currency_sent=currency,
        fee=fee,
        applied_rate=applied,
        mid_rate=data.mid_rate,
        amount_received=received,
        channel=data.channel,
        intended_use=data.intended_use,
        total_cost_percent=total_cost_percent(amount_sent, fee, applied, data.mid_rate),
        benchmark=benchmark_for(country),
        created_by=actor,
        is_demo=is_demo,
    )


@transaction.atomic
def remittance_deposit(*, remittance: Remittance, amount: Decimal, date: datetime.date, actor: Any) -> Remittance:
    """Put part of a remittance into the recipient's voluntary savings at their cooperative:
    the savings deposit and its journal entry are the cooperative's, in the same transaction."""
    remittance = Remittance.objects.select_for_update().select_related("recipient").get(pk=remittance.pk)
    if remittance.savings_deposit_id is not None:
        raise ValidationError(REMIT_ALREADY_DEPOSITED)
    amount = money(amount)
    if amount > remittance.amount_received:
        raise ValidationError({"amount": [REMIT_DEPOSIT_TOO_MUCH % {"amount": remittance.amount_received}]})
    member = (
        Member.objects.filter(person=remittance.recipient, status=MemberStatus.ACTIVE)
        .select_related("cooperative")
        .order_by("joined_on")
        .first()
    )
    if member is None:
        raise ValidationError(REMIT_NOT_MEMBER % {"name": remittance.recipient.full_name})
    account = SavingsAccount.objects.select_related("member__cooperative").get(
        member=member, kind=SavingsKind.VOLUNTARY
    )
    deposit = cooperatives.savings_deposit(
        account=account,
        amount=amount,
        date=date,
        actor=actor,
        note=str(_("From remittance %(number)s") % {"number": remittance.pk}),
        is_demo=remittance.is_demo,
    )
    remittance.savings_deposit = deposit
    remittance.save(update_fields=["savings_deposit"])
    return remittance
