"""A site's shared vision and its measurement and action plan.

One module per concept; import models from here (``from visions.models import Indicator``).
"""

from visions.models.actions import Action, Milestone
from visions.models.assessments import SelfAssessment
from visions.models.imports import MeasurementImport
from visions.models.indicators import Indicator, Measurement, TurnTheCurve
from visions.models.library import (
    IndicatorDefinition,
    TemplateActionTheme,
    TemplateIndicator,
    TemplateObjective,
    VisionTemplate,
)
from visions.models.vision import Objective, Vision, VisionVersion

__all__ = [
    "Action",
    "Indicator",
    "IndicatorDefinition",
    "Measurement",
    "MeasurementImport",
    "Milestone",
    "Objective",
    "SelfAssessment",
    "TemplateActionTheme",
    "TemplateIndicator",
    "TemplateObjective",
    "TurnTheCurve",
    "Vision",
    "VisionTemplate",
    "VisionVersion",
]
