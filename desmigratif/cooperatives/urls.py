from django.urls import path

from desmigratif.cooperatives import views

app_name = "cooperatives"

urlpatterns = [
    path("", views.cooperative_list, name="list"),
    path("new/", views.cooperative_create, name="create"),
    path("<int:cooperative_id>/", views.cooperative_detail, name="detail"),
    path("<int:cooperative_id>/settings/", views.cooperative_settings, name="settings"),
    path(
        "<int:cooperative_id>/settings/collectibility/<str:scheme>/",
        views.collectibility_settings,
        name="collectibility",
    ),
    # Members and savings
    path("<int:cooperative_id>/members/", views.member_list, name="members"),
    path("<int:cooperative_id>/members/join/", views.member_join, name="join"),
    path("<int:cooperative_id>/members/wajib-due/", views.mandatory_due, name="mandatory_due"),
    path("<int:cooperative_id>/members/<int:member_id>/", views.member_detail, name="member"),
    path("<int:cooperative_id>/members/<int:member_id>/passbook.pdf", views.member_passbook_pdf, name="passbook_pdf"),
    path("<int:cooperative_id>/members/<int:member_id>/deposit/", views.savings_deposit, name="deposit"),
    path("<int:cooperative_id>/members/<int:member_id>/withdraw/", views.savings_withdraw, name="withdraw"),
    path("<int:cooperative_id>/members/<int:member_id>/leave/", views.member_leave, name="leave"),
    # Journal
    path("<int:cooperative_id>/journal/", views.journal, name="journal"),
    path("<int:cooperative_id>/journal/new/", views.entry_create, name="entry_create"),
    path("<int:cooperative_id>/journal/new/lines/", views.entry_lines_create, name="entry_lines_create"),
    path("<int:cooperative_id>/journal/<int:entry_id>/reverse/", views.entry_reverse, name="entry_reverse"),
    path("<int:cooperative_id>/journal/close/", views.period_close, name="period_close"),
    # Reports
    path("<int:cooperative_id>/reports/trial-balance/", views.trial_balance, name="trial_balance"),
    path("<int:cooperative_id>/reports/balance-sheet/", views.balance_sheet, name="balance_sheet"),
    path("<int:cooperative_id>/reports/income-statement/", views.income_statement, name="income_statement"),
]
