"""E-mail goes out through a real SMTP server, and only when one is configured."""
import pytest

from lms_app.mail import mail_configured, send_mail


def test_no_server_means_no_mail(app):
    assert app.config["MAIL_SERVER"] is None
    assert not mail_configured()
    with pytest.raises(RuntimeError):
        send_mail("someone@example.org", "Subject", "Body")


def test_message_reaches_the_server_as_plain_text_in_any_script(app, mailbox):
    assert mail_configured()
    send_mail("learner@example.org", "تذكير: الوحدة 3", "Bonjour — مرحبا\nLine two")
    [message] = mailbox.messages
    assert message["To"] == "learner@example.org"
    assert message["Subject"] == "تذكير: الوحدة 3"
    assert message.get_content_type() == "text/plain"
    assert message.get_content().splitlines() == ["Bonjour — مرحبا", "Line two"]
    assert message["Message-ID"]
