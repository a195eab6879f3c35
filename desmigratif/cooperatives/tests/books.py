"""A small hand-made set of books whose statements are worked out by hand in the tests."""

import datetime
from decimal import Decimal

from conftest import VILLAGE_A, make_person
from desmigratif.cooperatives import services
from desmigratif.cooperatives.ledger import Line
from desmigratif.cooperatives.models import SavingsAccount, SavingsKind


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def make_books(cooperative, treasurer):
    """Oct: join (pokok 100.000), sukarela in 250.000, other income 75.000,50.
    Nov: wajib in 20.000, admin expense 30.000,25, sukarela out 50.000."""
    person = make_person(treasurer, VILLAGE_A, full_name="Siti Aminah")
    member = services.member_join(cooperative=cooperative, person=person, date=d("2026-10-05"), actor=treasurer)
    voluntary = SavingsAccount.objects.get(member=member, kind=SavingsKind.VOLUNTARY)
    mandatory = SavingsAccount.objects.get(member=member, kind=SavingsKind.MANDATORY)
    services.savings_deposit(account=voluntary, amount=Decimal("250000"), date=d("2026-10-10"), actor=treasurer)
    services.manual_entry(
        cooperative=cooperative,
        date=d("2026-10-20"),
        description="Sewa tenda",
        lines=[Line("cash", debit=Decimal("75000.50")), Line("other_income", credit=Decimal("75000.50"))],
        actor=treasurer,
    )
    services.savings_deposit(account=mandatory, amount=Decimal("20000"), date=d("2026-11-02"), actor=treasurer)
    services.manual_entry(
        cooperative=cooperative,
        date=d("2026-11-03"),
        description="Alat tulis",
        lines=[Line("admin_expense", debit=Decimal("30000.25")), Line("cash", credit=Decimal("30000.25"))],
        actor=treasurer,
    )
    services.savings_withdraw(account=voluntary, amount=Decimal("50000"), date=d("2026-11-05"), actor=treasurer)
    return member
