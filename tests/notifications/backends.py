"""E-mail backends for tests: the locmem outbox, slowed down or failing on demand."""

import smtplib
import threading
import time

from django.core.mail.backends.locmem import EmailBackend


class SlowBackend(EmailBackend):
    """Takes its time, so that two concurrent sweeps overlap."""

    delay = 0.05

    def send_messages(self, messages):
        time.sleep(self.delay)
        return super().send_messages(messages)


class FailingBackend(EmailBackend):
    """Raises ``errors`` in turn (one per sending), then delivers.

    Tests set ``FailingBackend.errors`` to a list of exceptions; ``None`` delivers.
    ``always`` raises it on every sending.
    """

    errors: list = []
    always: BaseException | None = None
    attempts = 0
    threads: list = []  # the name of the thread of each sending
    _lock = threading.Lock()

    @classmethod
    def reset(cls):
        cls.errors, cls.always, cls.attempts, cls.threads = [], None, 0, []

    def send_messages(self, messages):
        with self._lock:
            type(self).attempts += 1
            type(self).threads.append(threading.current_thread().name)
            error = self.always or (type(self).errors.pop(0) if type(self).errors else None)
        if error is not None:
            raise error
        return super().send_messages(messages)


def refused(address: str, code: int = 550) -> smtplib.SMTPRecipientsRefused:
    return smtplib.SMTPRecipientsRefused({address: (code, b"5.1.1 Adresse inconnue")})
