from django.urls import path

from desmigratif.cooperatives import loan_views as views

app_name = "loans"

urlpatterns = [
    path("", views.loan_list, name="list"),
    path("products/new/", views.product_create, name="product_create"),
    path("apply/", views.loan_apply, name="apply"),
    path("<int:loan_id>/", views.loan_detail, name="detail"),
    path("<int:loan_id>/decide/", views.loan_decide, name="decide"),
    path("<int:loan_id>/disburse/", views.loan_disburse, name="disburse"),
    path("<int:loan_id>/repay/", views.loan_repay, name="repay"),
]
