from django import template

register = template.Library()


@register.inclusion_tag("lessons/includes/programme_lessons.html", takes_context=True)
def programme_lessons(context, programme, limit: int = 5) -> dict:
    """The lessons that best fit a programme, as the reader may see them, for the programme page
    (the programmes app may not import this one: the template composes them)."""
    from panorama.lessons.selectors import lessons_for_programme

    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "programme": programme,
        "picks": lessons_for_programme(programme=programme, user=user, limit=limit),
    }
