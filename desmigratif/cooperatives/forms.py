"""Forms validate shape only; the cooperative rules live in cooperatives.services."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.cooperatives.models import Account, CollectibilityClass, MemberStatus, SavingsKind, ShuAllocation
from desmigratif.cooperatives.services import DEFAULT_SHU
from desmigratif.core.forms import RupiahField

PERIOD_ORDER = _("The start of the period must come before its end.")
SHU_SUM = _("The SHU shares must add up to 100%% (now %(total)s%%).")


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


MONTHS = [(i, datetime.date(2000, i, 1).strftime("%m")) for i in range(1, 13)]


class AdArtForm(forms.Form):
    """The AD/ART parameters a cooperative may change after setup (services.cooperative_update)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    legal_entity_number = forms.CharField(label=_("Legal entity number"), max_length=100, required=False)
    principal_savings_amount = RupiahField(label=_("Simpanan pokok amount"))
    mandatory_savings_amount = RupiahField(label=_("Simpanan wajib amount"))
    mandatory_savings_period_months = forms.IntegerField(
        label=_("Simpanan wajib every (months)"), min_value=1, max_value=12, initial=1
    )
    jasa_modal_counts_voluntary = forms.BooleanField(label=_("Voluntary savings count for jasa modal"), required=False)

    def __init__(self, *args: Any, shu_initial: dict[str, Decimal] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        shares = DEFAULT_SHU if shu_initial is None else shu_initial
        for pool in ShuAllocation.Pool:
            self.fields[f"shu_{pool.value}"] = forms.DecimalField(
                label=pool.label,
                min_value=0,
                max_value=100,
                max_digits=5,
                decimal_places=2,
                initial=shares.get(pool, Decimal(0)),
                widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
            )

    def shu_fields(self) -> list[Any]:
        return [self[f"shu_{pool.value}"] for pool in ShuAllocation.Pool]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        shares: list[Decimal] = [
            data[f"shu_{pool.value}"] for pool in ShuAllocation.Pool if data.get(f"shu_{pool.value}") is not None
        ]
        if len(shares) == len(ShuAllocation.Pool):
            total = sum(shares, Decimal(0))
            if total != 100:
                raise forms.ValidationError(SHU_SUM % {"total": total.normalize()})
        return data

    def shu(self) -> dict[str, Decimal]:
        return {
            pool.value: self.cleaned_data[f"shu_{pool.value}"]
            for pool in ShuAllocation.Pool
            if self.cleaned_data[f"shu_{pool.value}"]
        }


class CooperativeForm(AdArtForm):
    """Setup: the AD/ART parameters plus what is fixed once the books start."""

    village = forms.ChoiceField(label=_("Village"))
    founded_on = forms.DateField(label=_("Founded on"), widget=_date_widget())
    fiscal_year_start_month = forms.TypedChoiceField(
        label=_("Fiscal year starts in month"), coerce=int, choices=MONTHS, initial=1
    )

    def __init__(self, *args: Any, villages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["village"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(v.code, f"{v.name} ({v.code})") for v in villages]


class CollectibilityForm(forms.Form):
    """The thresholds of one collectibility scheme: from how many days past due each class applies."""

    def __init__(self, *args: Any, classes: list[CollectibilityClass], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.classes = classes
        for cls in classes:
            self.fields[f"days_{cls.rank}"] = forms.IntegerField(
                label=_("From days past due"),
                min_value=0,
                max_value=36500,
                initial=cls.min_days_past_due,
                disabled=cls.rank == 1,
            )
            self.fields[f"npl_{cls.rank}"] = forms.BooleanField(
                label=_("Counts as non-performing (NPL)"), required=False, initial=cls.non_performing
            )

    def rows(self) -> list[tuple[CollectibilityClass, Any, Any]]:
        return [(cls, self[f"days_{cls.rank}"], self[f"npl_{cls.rank}"]) for cls in self.classes]

    def thresholds(self) -> dict[int, tuple[int, bool]]:
        return {
            cls.rank: (self.cleaned_data[f"days_{cls.rank}"], self.cleaned_data[f"npl_{cls.rank}"])
            for cls in self.classes
        }


class MemberFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name or member number"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *MemberStatus.choices]
    )


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name"), required=False, max_length=100, widget=forms.TextInput(attrs={"type": "search"})
    )


class JoinForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    date = forms.DateField(label=_("Date"), widget=_date_widget(), initial=timezone.localdate)


class SavingsForm(forms.Form):
    kind = forms.ChoiceField(label=_("Savings"), choices=SavingsKind.choices)
    amount = RupiahField(label=_("Amount (Rp)"))
    date = forms.DateField(label=_("Date"), widget=_date_widget(), initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class WithdrawForm(SavingsForm):
    kind = forms.ChoiceField(label=_("Savings"), choices=[(SavingsKind.VOLUNTARY.value, SavingsKind.VOLUNTARY.label)])


class LeaveForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=_date_widget(), initial=timezone.localdate)


class EntryForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=_date_widget(), initial=timezone.localdate)
    description = forms.CharField(label=_("Description"), max_length=300)
    debit_account = forms.ModelChoiceField(label=_("Debit account"), queryset=Account.objects.none())
    credit_account = forms.ModelChoiceField(label=_("Credit account"), queryset=Account.objects.none())
    amount = RupiahField(label=_("Amount (Rp)"))

    def __init__(self, *args: Any, accounts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("debit_account", "credit_account"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = accounts
            field.label_from_instance = lambda obj: f"{obj.code} {obj.name}"  # type: ignore[method-assign]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("debit_account") and data.get("debit_account") == data.get("credit_account"):
            raise forms.ValidationError(_("Debit and credit accounts must differ."))
        return data


class ReverseForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=_date_widget(), initial=timezone.localdate)


class CloseMonthForm(forms.Form):
    month = forms.CharField(label=_("Month"), widget=forms.TextInput(attrs={"type": "month"}), max_length=7)

    def clean_month(self) -> tuple[int, int]:
        text = self.cleaned_data["month"]
        match = re.fullmatch(r"(\d{4})-(\d{2})", text)
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise forms.ValidationError(_("Choose a month."))
        return int(match.group(1)), int(match.group(2))


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=_date_widget())
    end = forms.DateField(label=_("To"), widget=_date_widget())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(PERIOD_ORDER)
        return data


class AsOfForm(forms.Form):
    date = forms.DateField(label=_("As of"), widget=_date_widget())


class EntryHeadForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=_date_widget(), initial=timezone.localdate)
    description = forms.CharField(label=_("Description"), max_length=300)


class EntryLineForm(forms.Form):
    account = forms.ModelChoiceField(label=_("Account"), queryset=Account.objects.none(), required=False)
    debit = RupiahField(label=_("Debit (Rp)"), required=False)
    credit = RupiahField(label=_("Credit (Rp)"), required=False)

    def __init__(self, *args: Any, accounts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["account"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = accounts
        field.label_from_instance = lambda obj: f"{obj.code} {obj.name}"  # type: ignore[method-assign]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        debit, credit = data.get("debit"), data.get("credit")
        if data.get("account") is None:
            if debit or credit:
                raise forms.ValidationError(_("Choose the account of this line."))
        elif bool(debit) == bool(credit):
            raise forms.ValidationError(_("Write either a debit or a credit on each line."))
        return data


EntryLineFormSet = forms.formset_factory(EntryLineForm, extra=4, max_num=12, absolute_max=12)
