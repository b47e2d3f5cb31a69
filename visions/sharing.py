"""Writes that share what sites learned: the indicator library and vision templates.

``definition_propose`` turns a site's own indicator into a proposed library definition;
``template_from_vision`` keeps the shape of an adopted vision (objectives, their
indicators with definition, unit, direction, frequency, the action themes — never a
value, a name or the words of a person); ``vision_start_from_template`` gives a new site
those objectives and indicators to adapt.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from visions.enums import DefinitionStatus
from visions.models import (
    Action,
    Indicator,
    IndicatorDefinition,
    Objective,
    TemplateActionTheme,
    TemplateIndicator,
    TemplateObjective,
    Vision,
    VisionTemplate,
)


@transaction.atomic
def definition_propose(*, indicator: Indicator, author) -> IndicatorDefinition:
    """Propose a site's own indicator to the library; the indicator then uses it."""
    if indicator.definition_id is not None:
        raise ValidationError(_("Cet indicateur utilise déjà une définition de la bibliothèque."))
    if IndicatorDefinition.objects.filter(name__iexact=indicator.name).exists():
        raise ValidationError(
            _("La bibliothèque a déjà une définition « %(name)s » : choisissez-la.")
            % {"name": indicator.name}
        )
    definition = IndicatorDefinition.objects.create(
        name=indicator.name,
        definition=indicator.name,
        unit=indicator.unit,
        direction=indicator.direction,
        source=indicator.source,
        frequency=indicator.frequency,
        maintainer=indicator.objective.vision.site.name,
        status=DefinitionStatus.PROPOSEE,
        proposed_by=author,
    )
    indicator.definition = definition
    indicator.save()
    return definition


@transaction.atomic
def template_from_vision(*, vision: Vision, name: str, description: str, author) -> VisionTemplate:
    if vision.adopted_on is None:
        raise ValidationError(_("Seule une vision adoptée peut servir de modèle."))
    objectives = list(
        Objective.objects.filter(vision=vision)
        .order_by("position", "pk")
        .prefetch_related(Prefetch("indicators", queryset=Indicator.objects.order_by("name", "pk")))
    )
    if not objectives:
        raise ValidationError(_("Cette vision n'a pas encore d'objectif."))
    template = VisionTemplate.objects.create(name=name, description=description, created_by=author)
    for rank, objective in enumerate(objectives, start=1):
        line = TemplateObjective.objects.create(
            template=template,
            position=rank,
            title=objective.title,
            description=objective.description,
        )
        TemplateIndicator.objects.bulk_create(
            TemplateIndicator(
                objective=line,
                name=indicator.name,
                definition_id=indicator.definition_id,
                unit=indicator.unit,
                source=indicator.source,
                direction=indicator.direction,
                frequency=indicator.frequency,
            )
            for indicator in objective.indicators.all()
        )
    themes = (
        Action.objects.filter(site_id=vision.site_id)
        .order_by("title")
        .values_list("title", flat=True)
        .distinct()
    )
    TemplateActionTheme.objects.bulk_create(
        TemplateActionTheme(template=template, title=title) for title in themes
    )
    return template


@transaction.atomic
def vision_start_from_template(
    *, site, template: VisionTemplate, statement: str = "", horizon: int | None = None
) -> Vision:
    """The site's vision gets the template's objectives and indicators. Indicators start
    at a baseline of 0 on today's date: the site writes its own values."""
    vision = Vision.objects.select_for_update().filter(site=site).first()
    if vision is None:
        if not statement or not horizon:
            raise ValidationError(_("Écrivez l'énoncé de la vision et son horizon."))
        vision = Vision.objects.create(site=site, statement=statement, horizon=horizon)
    elif vision.objectives.exists():
        raise ValidationError(
            _("La vision de ce site a déjà des objectifs : un modèle sert à démarrer.")
        )
    today = timezone.localdate()
    lines = template.objectives.order_by("position", "pk").prefetch_related(
        Prefetch("indicators", queryset=TemplateIndicator.objects.order_by("name", "pk"))
    )
    for rank, line in enumerate(lines, start=1):
        objective = Objective.objects.create(
            vision=vision, position=rank, title=line.title, description=line.description
        )
        for item in line.indicators.all():
            Indicator.objects.create(
                objective=objective,
                name=item.name,
                definition_id=item.definition_id,
                unit=item.unit,
                source=item.source,
                direction=item.direction,
                frequency=item.frequency,
                baseline_value=0,
                baseline_date=today,
            )
    return vision
