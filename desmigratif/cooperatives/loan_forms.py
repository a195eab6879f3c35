from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desmigratif.cooperatives.models import InterestMethod, LoanProduct, LoanStatus, Member
from desmigratif.core.forms import RupiahField


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LoanProductForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    method = forms.ChoiceField(label=_("Interest method"), choices=InterestMethod.choices, widget=forms.RadioSelect)
    annual_rate = forms.DecimalField(label=_("Interest per year (%)"), min_value=0, max_value=100, decimal_places=3)
    min_term_months = forms.IntegerField(label=_("Shortest term (months)"), min_value=1, max_value=360, initial=1)
    max_term_months = forms.IntegerField(label=_("Longest term (months)"), min_value=1, max_value=360, initial=36)
    fee_percent = forms.DecimalField(label=_("Fee (percent of the loan)"), min_value=0, max_value=100, initial=0)
    penalty_percent_per_month = forms.DecimalField(
        label=_("Penalty per month late (percent of the amount overdue)"), min_value=0, max_value=100, initial=0
    )
    allocation_order = forms.ChoiceField(
        label=_("A repayment pays first"),
        choices=[
            ("penalty,interest,principal", _("penalty, then interest, then principal")),
            ("interest,penalty,principal", _("interest, then penalty, then principal")),
            ("interest,principal,penalty", _("interest, then principal, then penalty")),
            ("principal,interest,penalty", _("principal, then interest, then penalty")),
        ],
    )


class MemberChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number} · {obj.person.full_name}"


class LoanApplyForm(forms.Form):
    member = MemberChoiceField(label=_("Member"), queryset=Member.objects.none())
    product = forms.ModelChoiceField(label=_("Loan product"), queryset=LoanProduct.objects.none())
    principal = RupiahField(label=_("Amount"))
    term_months = forms.IntegerField(label=_("Term (months)"), min_value=1, max_value=360)
    purpose = forms.CharField(label=_("Purpose"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=_date_widget())

    def __init__(self, *args: Any, members: QuerySet[Member], products: QuerySet[LoanProduct], **kwargs: Any):
        super().__init__(*args, **kwargs)
        member = self.fields["member"]
        product = self.fields["product"]
        assert isinstance(member, forms.ModelChoiceField) and isinstance(product, forms.ModelChoiceField)
        member.queryset = members
        product.queryset = products
        self.fields["date"].initial = timezone.localdate()


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Reject"))], widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class DateForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=_date_widget())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()


class RepayForm(DateForm):
    amount = RupiahField(label=_("Amount paid"))


class LoanFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All")), *LoanStatus.choices], required=False)
