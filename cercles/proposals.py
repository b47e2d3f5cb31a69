"""What a proposal's answers add up to: the counts the chart and the table show, the
blocks everyone must see at once, the quorum. Reads answers already loaded (no query)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from cercles.enums import FORM_VALUES, OPTION_FORMS, AnswerValue, ProposalForm
from qic import charts


@dataclass
class ResultRow:
    label: str
    counts: dict[str, int]  # value → count, in the form's order
    total: int = 0

    @property
    def cells(self) -> list[int]:
        return list(self.counts.values())


@dataclass
class Results:
    values: list[tuple[str, str]]  # (value, label) columns of the table
    rows: list[ResultRow]
    bars: list[tuple[str, int]]
    respondents: int  # members who answered
    blocks: list = field(default_factory=list)  # blocking answers (consentement)
    named: list = field(default_factory=list)  # answers with their member, unless anonymous

    def chart(self, proposal):
        return charts.bar_chart(
            self.bars,
            chart_id=f"proposition-{proposal.pk}",
            title=_("Réponses à « %(title)s »") % {"title": proposal.title},
            description=", ".join(f"{label} : {count}" for label, count in self.bars),
        )


def tally(proposal, options, answers) -> Results:
    """``options`` and ``answers`` as loaded (answers with ``member__personne``)."""
    labels = dict(AnswerValue.choices)
    values = FORM_VALUES[proposal.form]
    columns = [(v, labels[v]) for v in values]
    respondents = len({a.member_id for a in answers})
    blocks = [a for a in answers if a.value == AnswerValue.BLOCAGE]
    if proposal.form in OPTION_FORMS:
        rows = []
        for option in options:
            mine = [a for a in answers if a.option_id == option.pk]
            counts = {v: sum(1 for a in mine if a.value == v) for v in values}
            rows.append(ResultRow(str(option), counts, len(mine)))
        first = values[0]  # « choisi », « oui »
        bars = [(row.label, row.counts[first]) for row in rows]
    else:
        counts = {v: sum(1 for a in answers if a.value == v) for v in values}
        rows = [ResultRow(_("Réponses"), counts, len(answers))]
        bars = [(labels[v], counts[v]) for v in values]
    named = [] if proposal.anonymous else list(answers)
    if proposal.form == ProposalForm.DATE:
        named = sorted(named, key=lambda a: (a.member_id, a.option_id or 0))
    return Results(columns, rows, bars, respondents, blocks, named)
