"""``{% export_links %}``: the XLSX and CSV links of the page's table, keeping the page's filters
(the page's own URL with ``?format=``, core.exports)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from desmigratif.core.exports import FORMATS, export_query

register = template.Library()


@register.simple_tag(takes_context=True)
def export_links(context: template.Context) -> SafeString:
    request = context.get("request")
    query = export_query(request) if request is not None else ""
    prefix = f"?{query}&format=" if query else "?format="
    return format_html_join(
        " ",
        '<a class="btn btn-secondary" href="{}" title="{}" download>{}</a>',
        (
            (f"{prefix}{fmt}", _("Download this table as %(format)s") % {"format": fmt.upper()}, fmt.upper())
            for fmt in FORMATS
        ),
    )
