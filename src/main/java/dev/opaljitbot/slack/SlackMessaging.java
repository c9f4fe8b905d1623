package dev.opaljitbot.slack;

import com.slack.api.methods.MethodsClient;
import dev.opaljitbot.approvals.ReviewNotifier;
import dev.opaljitbot.delivery.Outbox;
import dev.opaljitbot.directory.GroupDirectory;
import dev.opaljitbot.directory.UserDirectory;
import dev.opaljitbot.reminders.ExpiryNotifier;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Everything the bot says outside a request's own answer, built once: DMs and channel posts (kept and sent
 * again when Slack refuses them), the audit channel, reviewers' cards and reminders. The domain gets its
 * notifiers from here before the Slack app's handlers exist.
 */
public final class SlackMessaging {
  private final DirectMessages messages;
  private final AuditChannel audit;
  private final SlackReviewNotifier reviews;
  private final SlackExpiryNotifier reminders;
  private final OutboxSender outbox;
  private final SlackPlanNotifier plans;

  /** What the messages need: where Slack is, who people are, and where refused messages wait. */
  public record Settings(String slashCommand, String opalWebUrl, Optional<String> auditChannel) {}

  public SlackMessaging(MethodsClient slack, GroupDirectory groups, UserDirectory users, Outbox outbox, MeterRegistry metrics,
      Executor work, Settings settings, Clock clock) {
    this.messages = new DirectMessages(slack, users, outbox, metrics, clock);
    this.audit = new AuditChannel(messages, settings.auditChannel(), work);
    Lookups lookups = new Lookups(groups, users, settings.slashCommand());
    this.reviews = new SlackReviewNotifier(messages, users, new RequestViews(settings.opalWebUrl(), settings.slashCommand()), lookups, clock);
    this.reminders = new SlackExpiryNotifier(messages, new ReminderMessages(clock), lookups);
    this.outbox = new OutboxSender(outbox, messages, clock);
    this.plans = new SlackPlanNotifier(messages, new PlanViews(new Messages(clock, settings.slashCommand())), lookups);
  }

  /** Planners and members hear about planned adds. */
  public dev.opaljitbot.plans.PlanNotifier plans() {
    return plans;
  }

  DirectMessages messages() {
    return messages;
  }

  /** The audit log and channel: every access change made through the bot. */
  public AuditChannel audit() {
    return audit;
  }

  /** Reviewers' cards, their outcomes and the requester's record. */
  public ReviewNotifier reviews() {
    return reviews;
  }

  /** Reminders, digests and ended notes. */
  public ExpiryNotifier reminders() {
    return reminders;
  }

  /** Sends again what Slack refused, once due. */
  public OutboxSender outbox() {
    return outbox;
  }
}
