"""Notifications (通知): an outbox in the database, a sweep that sends each message once, and the
senders (e-mail, 企业微信 and 钉钉 group robots). Services put messages in; nothing is sent inline."""
