"""A cooperative ready to lend, built through the real services: cash from a grant, a loan product,
a member and a loan. The defaults are the loan most tests use; a test names only what it varies."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from conftest import VILLAGE_A, make_person
from desmigratif.cooperatives import loans, services
from desmigratif.cooperatives.ledger import Line
from desmigratif.cooperatives.models import Cooperative, InterestMethod, Loan, LoanProduct, Member


def fund(cooperative: Cooperative, actor: Any, *, date: datetime.date, amount: str = "50000000") -> None:
    """Cash to lend: a grant posted to the books."""
    services.manual_entry(
        cooperative=cooperative,
        date=date,
        description="Hibah modal",
        lines=[Line("cash", debit=Decimal(amount)), Line("grants", credit=Decimal(amount))],
        actor=actor,
    )


def make_product(
    cooperative: Cooperative,
    actor: Any,
    *,
    name: str = "Usaha purna PMI",
    method: str = InterestMethod.ANNUITY,
    annual_rate: str = "12",
    **terms: Any,
) -> LoanProduct:
    """A loan product; ``terms`` are the service's other settings (fee, penalty, order, terms)."""
    return loans.loan_product_create(
        cooperative=cooperative, name=name, method=method, annual_rate=Decimal(annual_rate), actor=actor, **terms
    )


def make_member(cooperative: Cooperative, actor: Any, *, date: datetime.date, **person: Any) -> Member:
    """A person of village A who joins; ``person`` overrides the person's data (``full_name``)."""
    return services.member_join(
        cooperative=cooperative, person=make_person(actor, VILLAGE_A, **person), date=date, actor=actor
    )


def make_loan(
    member: Member,
    product: LoanProduct,
    actor: Any,
    *,
    date: datetime.date,
    principal: str,
    term_months: int,
    purpose: str = "Usaha",
    approver: Any = None,
) -> Loan:
    """An application entered by ``actor``; given an ``approver``, also approved by them (four eyes)
    and paid out by ``actor``, all on ``date``."""
    loan = loans.loan_apply(
        member=member,
        product=product,
        principal=Decimal(principal),
        term_months=term_months,
        purpose=purpose,
        date=date,
        actor=actor,
    )
    if approver is None:
        return loan
    loans.loan_decide(loan=loan, approve=True, date=date, actor=approver)
    return loans.loan_disburse(loan=loan, date=date, actor=actor)


def ready_to_lend(
    cooperative: Cooperative,
    actor: Any,
    *,
    date: datetime.date,
    grant: str = "50000000",
    full_name: str = "Sri Rahayu",
    **product: Any,
) -> tuple[LoanProduct, Member]:
    """Funded books, a product (``product`` as for :func:`make_product`) and a member, all on ``date``."""
    fund(cooperative, actor, date=date, amount=grant)
    return make_product(cooperative, actor, **product), make_member(cooperative, actor, date=date, full_name=full_name)
