"""``{% export_links %}``: the XLSX and CSV links of the page's table, keeping the page's filters
(the page's own URL with ``?format=``, core.exports)."""

from __future__ import annotations

from django import template
from django.template.defaulttags import querystring
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from desmigratif.core.exports import FORMATS

register = template.Library()


@register.simple_tag(takes_context=True)
def export_links(context: template.Context) -> SafeString:
    # Django's {% querystring %} builds the links, as it does the pager's: the page's query with
    # the format set and the page number dropped (a download holds every page).
    return format_html_join(
        " ",
        '<a class="btn btn-secondary" href="{}" title="{}" download>{}</a>',
        (
            (
                querystring(context, format=fmt, page=None),
                _("Download this table as %(format)s") % {"format": fmt.upper()},
                fmt.upper(),
            )
            for fmt in FORMATS
        ),
    )
