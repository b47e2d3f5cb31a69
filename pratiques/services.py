"""Writes on practices that touch several rows or send something."""

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pratiques.enums import PracticeStatus
from pratiques.models import Practice, PracticeAdoption, PracticeComment, PracticeDocument
from quartiers import events
from visions.enums import ActionStatus
from visions.models import Action


def initial_from_action(action: Action) -> dict:
    """What an action already says, to start a practice from it."""
    duration = ""
    if action.start_date and action.end_date:
        months = max(
            1,
            (action.end_date.year - action.start_date.year) * 12
            + action.end_date.month
            - action.start_date.month,
        )
        duration = _("%(months)d mois") % {"months": months}
    return {
        "title": action.title,
        "what_was_done": action.description,
        "partners": list(action.partners.all()),
        "cost": action.budget,
        "funders": action.funders,
        "duration": duration,
        "indicators": [i for o in action.objectives.all() for i in o.indicators.all()],
    }


@transaction.atomic
def practice_submit(*, practice: Practice, author) -> Practice:
    """Brouillon → proposée: the reviewers may now read it and publish it."""
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if practice.status != PracticeStatus.BROUILLON:
        raise ValidationError(_("Seule une pratique en brouillon peut être proposée."))
    if practice.contact_id is None or not practice.contact_agreed:
        raise ValidationError(
            _("Nommez un contact qui a accepté de l'être avant de proposer la pratique.")
        )
    practice.status = PracticeStatus.PROPOSEE
    practice.save(update_fields=["status", "updated_at"])
    return practice


@transaction.atomic
def practice_review(*, practice: Practice, reviewer, publish: bool, comment: str = "") -> Practice:
    """Proposée → publiée, or back to brouillon with a comment saying why."""
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if practice.status != PracticeStatus.PROPOSEE:
        raise ValidationError(_("Cette pratique n'est pas en attente de relecture."))
    if not publish and not comment.strip():
        raise ValidationError({"comment": _("Dites au site ce qui manque avant de publier.")})
    if comment.strip():
        PracticeComment.objects.create(practice=practice, author=reviewer, text=comment.strip())
    if publish:
        practice.status = PracticeStatus.PUBLIEE
        practice.published_at = timezone.now()
        practice.published_by = reviewer
    else:
        practice.status = PracticeStatus.BROUILLON
    with events.acting(reviewer):
        practice.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    return practice


@transaction.atomic
def practice_adopt(*, practice: Practice, site, author) -> PracticeAdoption:
    """Copy a published practice into ``site``'s action plan, linked to its origin."""
    if not practice.is_published:
        raise ValidationError(_("Seule une pratique publiée peut être adoptée."))
    if site.pk == practice.site_id:
        raise ValidationError({"site": _("Cette pratique vient déjà de ce site.")})
    if PracticeAdoption.objects.filter(practice=practice, site=site).exists():
        raise ValidationError({"site": _("Ce site a déjà adopté cette pratique.")})
    description = "\n\n".join(
        part
        for part in (
            _("Adoptée de la pratique « %(title)s » (%(site)s).")
            % {"title": practice.title, "site": practice.site.name},
            practice.what_was_done,
        )
        if part
    )
    action = Action.objects.create(
        site=site,
        title=practice.title[:200],
        description=description,
        status=ActionStatus.IDEE,
        funders=practice.funders,
    )
    try:
        with transaction.atomic(), events.acting(author):
            adoption = PracticeAdoption.objects.create(
                practice=practice, site=site, action=action, adopted_by=author
            )
    except IntegrityError:
        raise ValidationError({"site": _("Ce site a déjà adopté cette pratique.")}) from None
    return adoption


def practice_ask(*, practice: Practice, sender, message: str, base_url: str) -> None:
    """E-mail the practice's contact a question; the reply goes to the sender. The
    contact's address never reaches the sender."""
    url = base_url + reverse("pratiques:practice_detail", args=[practice.pk])
    body = _(
        "%(sender)s (%(email)s) vous pose une question sur la pratique inspirante "
        "« %(title)s » :\n\n%(message)s\n\nRépondez directement à ce message.\n"
        "La pratique : %(url)s"
    ) % {
        "sender": sender.get_full_name() or sender.email,
        "email": sender.email,
        "title": practice.title,
        "message": message,
        "url": url,
    }
    EmailMessage(
        subject=_("Question sur votre pratique « %(title)s »") % {"title": practice.title},
        body=body,
        to=[practice.contact.email],
        reply_to=[sender.email],
    ).send()


def document_attach(*, practice: Practice, upload, doctype, author) -> PracticeDocument:
    """Store an upload (checked by ``cercles.documents.check_upload``) under a random
    name; if the transaction fails, the file is removed again."""
    document = PracticeDocument(
        practice=practice,
        original_name=upload.name[:255],
        content_type=doctype.content_type,
        size=upload.size,
        uploaded_by=author,
    )
    document.file.save("document", upload, save=False)
    try:
        document.save()
    except Exception:
        document.file.storage.delete(document.file.name)
        raise
    return document


@transaction.atomic
def document_delete(*, document: PracticeDocument) -> None:
    name, storage = document.file.name, document.file.storage
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))


def adoption_count() -> int:
    """Adoptions across the programme: a measure of essaimage (national dashboard)."""
    return PracticeAdoption.objects.count()
