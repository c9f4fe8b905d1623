package dev.opaljitbot.access;

/** Where records of access changes go (the log, an audit channel); the Slack side implements the channel. */
public interface AccessAudit {
  void record(AuditEntry entry);
}
