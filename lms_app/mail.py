"""Sending e-mail: plain-text messages through the SMTP server of LMS_MAIL_SERVER.

E-mail is optional. With no server configured, nothing is sent and the
features that need it (password reset, reminders) say so or stay hidden;
`mail_configured()` tells which.
"""
import smtplib
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app


def mail_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def send_mail(to: str, subject: str, body: str) -> None:
    """Send one plain-text message; raises smtplib.SMTPException or OSError on failure.

    Plain text only: it is read on cheap phones, and carries no tracking.
    Callers that must not fail with the mail server (a web request) send
    through the task queue, which retries.
    """
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        raise RuntimeError("no mail server configured (LMS_MAIL_SERVER)")
    sender = config["MAIL_FROM"]
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message.set_content(body)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
        if config["MAIL_STARTTLS"]:
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        smtp.send_message(message)
