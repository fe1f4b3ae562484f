"""The senders, one per channel, each with `send(recipient, subject, body)` that raises on failure.

E-mail through SMTP (LIAISON_SMTP_HOST, _PORT, _FROM, optional _USER/_PASSWORD and _STARTTLS=1);
企业微信 and 钉钉 group robots by their webhook address (the recipient), with the JSON text message
both document: {"msgtype": "text", "text": {"content": …}}, success being {"errcode": 0}; text
messages through the office's SMS gateway (LIAISON_SMS_URL, optional LIAISON_SMS_TOKEN): a JSON
POST {"phone": …, "text": …}. Without a gateway, texts wait for `export_sms` (a CSV for a bulk-SMS
platform) instead of failing."""
from __future__ import annotations

import json
import os
import smtplib
import urllib.error
import urllib.request
from email.message import EmailMessage

from ..core.validation import robot_allowed


class EmailSender:
    """SMTP, one connection per message (a sweep sends few)."""

    def __init__(self, host: str, port: int = 25, sender: str = "noreply@localhost", user: str = "",
                 password: str = "", starttls: bool = False, timeout: float = 20):
        self.host, self.port, self.sender, self.user, self.password = host, port, sender, user, password
        self.starttls, self.timeout = starttls, timeout

    def send(self, recipient: str, subject: str, body: str) -> None:
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = self.sender, recipient, subject
        msg.set_content(body)
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.user:
                smtp.login(self.user, self.password)
            smtp.send_message(msg)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A robot service answers where it is asked; a redirect (to an internal address) is a failure."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise urllib.error.HTTPError(req.full_url, code, "群机器人地址返回了跳转，未跟随", headers, fp)


class RobotSender:
    """A group robot's webhook (企业微信 or 钉钉): the recipient is the robot's address."""

    def __init__(self, timeout: float = 20):
        self.timeout = timeout
        self.opener = urllib.request.build_opener(_NoRedirect)

    def send(self, recipient: str, subject: str, body: str) -> None:
        if not robot_allowed(recipient):
            raise ValueError("群机器人地址不是企业微信或钉钉的 Webhook 地址，未发送")
        data = json.dumps({"msgtype": "text", "text": {"content": f"{subject}\n{body}"}}, ensure_ascii=False).encode()
        request = urllib.request.Request(recipient, data, {"Content-Type": "application/json; charset=utf-8"})
        with self.opener.open(request, timeout=self.timeout) as r:
            answer = json.loads(r.read(65536).decode("utf-8", "replace") or "{}")
        code = answer.get("errcode", 0) if isinstance(answer, dict) else "?"
        if code != 0:
            # Only the number: the remote side's text is not ours to put in the outbox and on a page.
            raise RuntimeError(f"机器人返回错误码 {code if isinstance(code, int) else '?'}")


class SmsGatewaySender:
    """An HTTP SMS gateway: POST {"phone", "text"} as JSON, a bearer token when one is set; any 2xx
    answer counts as accepted unless its JSON carries a non-zero "code" or "errcode"."""

    def __init__(self, url: str, token: str = "", timeout: float = 20):
        self.url, self.token, self.timeout = url, token, timeout

    def send(self, recipient: str, subject: str, body: str) -> None:
        data = json.dumps({"phone": recipient, "text": body}, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        with urllib.request.urlopen(urllib.request.Request(self.url, data, headers), timeout=self.timeout) as r:
            raw = r.read().decode("utf-8", "replace")
        try:
            answer = json.loads(raw) if raw.strip() else {}
        except ValueError:
            answer = {}
        code = answer.get("code", answer.get("errcode", 0)) if isinstance(answer, dict) else 0
        if str(code) not in ("0", "200"):
            raise RuntimeError(f"短信网关返回错误 {code}：{str(answer.get('message', answer.get('errmsg', '')))[:100]}")


def configured_senders() -> dict:
    """The senders this deployment has: e-mail only when an SMTP host is set; robots always (their
    address is the recipient's own)."""
    out = {"wecom": RobotSender(), "dingtalk": RobotSender()}
    host = os.environ.get("LIAISON_SMTP_HOST")
    if host:
        out["email"] = EmailSender(host, int(os.environ.get("LIAISON_SMTP_PORT", "25")),
                                   os.environ.get("LIAISON_SMTP_FROM", "noreply@localhost"),
                                   os.environ.get("LIAISON_SMTP_USER", ""), os.environ.get("LIAISON_SMTP_PASSWORD", ""),
                                   os.environ.get("LIAISON_SMTP_STARTTLS") == "1")
    if os.environ.get("LIAISON_SMS_URL"):
        out["sms"] = SmsGatewaySender(os.environ["LIAISON_SMS_URL"], os.environ.get("LIAISON_SMS_TOKEN", ""))
    return out
