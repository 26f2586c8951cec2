from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(request: HttpRequest, queryset: QuerySet, per_page: int = 50) -> Page:
    """The requested page, or the nearest real one for a page number out of range or not a number."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
