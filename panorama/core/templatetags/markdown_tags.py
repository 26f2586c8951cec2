from django import template
from django.utils.safestring import SafeString

from panorama.core.markdown import render

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    return render(text)
