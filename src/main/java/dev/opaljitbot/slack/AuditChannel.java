package dev.opaljitbot.slack;

import dev.opaljitbot.delivery.Delivery;
import dev.opaljitbot.access.AccessAudit;
import dev.opaljitbot.access.AuditEntry;
import dev.opaljitbot.access.DurationText;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every access change made through the bot: always as one structured log line, and, when
 * {@code AUDIT_CHANNEL} is set, as one message in that channel (refusals stay in the log only).
 */
public final class AuditChannel implements AccessAudit {
  private static final Logger AUDIT = LoggerFactory.getLogger("audit");

  private final DirectMessages slack;
  private final Optional<String> channel;
  private final Executor executor;

  public AuditChannel(DirectMessages slack, Optional<String> channel, Executor executor) {
    this.slack = slack;
    this.channel = channel;
    this.executor = executor;
  }

  @Override
  public void record(AuditEntry e) {
    String targets =
        e.targets().stream().map(t -> t.label() + "=" + t.result()).collect(Collectors.joining(","));
    // Key-value pairs: fields of their own in JSON logs (LOG_FORMAT=json), key="value" after the message in text.
    AUDIT.atInfo()
        .addKeyValue("action", e.action())
        .addKeyValue("group_id", e.groupId())
        .addKeyValue("group", e.groupName())
        .addKeyValue("slack_user", e.slackUserId())
        .addKeyValue("opal_user", e.opalUserId())
        .addKeyValue("targets", targets)
        .addKeyValue("duration", e.duration().map(DurationText::format).orElse("-"))
        .addKeyValue("changed", e.changedAccess())
        .addKeyValue("outcome", e.outcome())
        .log("{} {}", e.action(), e.groupName());
    if (channel.isPresent() && e.changedAccess()) {
      // Off the request thread: the audit line must never delay the user's answer.
      try {
        executor.execute(() -> post(channel.get(), e));
      } catch (java.util.concurrent.RejectedExecutionException full) {
        // The work queue is full or draining at shutdown: the line waits in the outbox instead of being lost.
        slack.keepForChannel(DirectMessages.Kind.AUDIT, channel.get(), text(e));
      }
    }
  }

  private void post(String channelId, AuditEntry e) {
    // Refused lines are kept and posted again (an audit trail with holes is worse than a late line).
    if (slack.deliverToChannel(DirectMessages.Kind.AUDIT, channelId, text(e)) instanceof Delivery.Undeliverable gone) {
      AUDIT.warn("could not post to the audit channel {}: {}", channelId, gone.why());
    }
  }

  private static String text(AuditEntry e) {
    String who =
        e.targets().stream().map(t -> t.label() + " (" + t.result() + ")").collect(Collectors.joining(", "));
    String text =
        "<@" + e.slackUserId() + "> " + verb(e.action()) + " *" + Messages.esc(e.groupName()) + "*: " + Messages.esc(who)
            + e.duration().map(d -> " for " + DurationText.format(d)).orElse("") + " · " + Messages.esc(e.outcome());
    return text;
  }

  private static String verb(AuditEntry.Action action) {
    return switch (action) {
      case ADD -> "added to";
      case EXTEND -> "extended access to";
      case REMOVE -> "removed from";
      case LEAVE -> "left";
      case REMOVE_ITEM -> "ended an item's access of";
      case REQUEST -> "requested access for";
      case APPROVE -> "approved access for";
      case DENY -> "denied access for";
    };
  }
}
