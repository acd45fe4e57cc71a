"""Pages of the reports app: the dashboard and the council's documents."""

app_name = "reports"

urlpatterns = []
