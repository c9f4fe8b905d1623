package dev.opaljitbot.slack;

import com.google.gson.Gson;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.conversations.ConversationsOpenResponse;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.util.json.GsonFactory;
import dev.opaljitbot.directory.UserDirectory;
import dev.opaljitbot.opal.User;
import dev.opaljitbot.delivery.Delivery;
import dev.opaljitbot.delivery.Outbox;
import dev.opaljitbot.delivery.OutboxMessage;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the bot's messages: DMs to Opal users through their Slack accounts (found by e-mail), DMs to Slack
 * users, and channel posts. {@link #tryPost} reports how one attempt went, for messages whose caller decides
 * about trying again (reminders, review cards); {@link #deliver} keeps a message Slack refused in the store's
 * outbox, sent again by {@link OutboxSender} until Slack takes it. Counts {@code slack_messages_total} by kind
 * and outcome.
 */
public final class DirectMessages {
  private static final Logger LOG = LoggerFactory.getLogger(DirectMessages.class);
  /** Slack errors about the recipient or the message itself: trying again cannot help. */
  private static final Set<String> PERMANENT = Set.of("user_not_found", "users_not_found", "account_inactive", "cannot_dm_bot",
      "user_disabled", "channel_not_found", "is_archived", "invalid_blocks", "invalid_blocks_format", "msg_too_long", "no_text",
      "too_many_attachments", "restricted_action", "not_allowed_token_type", "not_in_channel");
  private static final Gson GSON = GsonFactory.createSnakeCase();

  /** What a message is, for the metrics and the outbox. */
  enum Kind {
    REMINDER, ENDED, DIGEST, ITEM_REMINDER, REVIEW_CARD, REVIEW_NUDGE, COMMENT, REQUEST_OUTCOME, GROUP_GAINED, MEMBER_NOTICE, ASK_LEADER, CLICK_ANSWER, AUDIT;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final MethodsClient slack;
  private final UserDirectory users;
  private final Outbox store;
  private final MeterRegistry metrics;
  private final Clock clock;

  public DirectMessages(MethodsClient slack, UserDirectory users, Outbox store, MeterRegistry metrics, Clock clock) {
    this.slack = slack;
    this.users = users;
    this.store = store;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Who a message goes to, as the outbox keeps it: an Opal user (a DM to the Slack account with their e-mail,
   * looked up when sent), a Slack user (a DM), or a channel.
   */
  sealed interface Recipient {
    record OpalUser(String email) implements Recipient {}

    record SlackUser(String slackUserId) implements Recipient {}

    record Channel(String channelId) implements Recipient {}

    /** A reply in the thread of a message the bot posted. */
    record Thread(String channelId, String threadTs) implements Recipient {}

    /** How the outbox writes it: {@code email:…}, {@code user:…} or {@code channel:…}. */
    default String key() {
      if (this instanceof OpalUser u) {
        return "email:" + u.email();
      }
      if (this instanceof Thread t) {
        return "thread:" + t.channelId() + ":" + t.threadTs();
      }
      return this instanceof SlackUser u ? "user:" + u.slackUserId() : "channel:" + ((Channel) this).channelId();
    }

    static Recipient parse(String key) {
      if (key.startsWith("thread:")) {
        String[] place = key.substring("thread:".length()).split(":", 2);
        return new Thread(place[0], place[1]);
      }
      if (key.startsWith("email:")) {
        return new OpalUser(key.substring("email:".length()));
      }
      return key.startsWith("channel:") ? new Channel(key.substring("channel:".length())) : new SlackUser(key.substring("user:".length()));
    }
  }

  /** One attempt to DM an Opal user; nothing is kept when Slack refuses (the caller tries again). */
  Delivery tryPost(Kind kind, User to, List<LayoutBlock> blocks) {
    return post(kind, new Recipient.OpalUser(to.email()), Replies.fallbackText(blocks), json(blocks));
  }

  /** One attempt to DM a Slack user; nothing is kept when Slack refuses (the caller tries again). */
  Delivery tryPostToSlackUser(Kind kind, String slackUserId, List<LayoutBlock> blocks) {
    return post(kind, new Recipient.SlackUser(slackUserId), Replies.fallbackText(blocks), json(blocks));
  }

  /** One attempt to post blocks in a channel; nothing is kept when Slack refuses (the caller tries again). */
  Delivery tryPostToChannel(Kind kind, String channelId, List<LayoutBlock> blocks) {
    return post(kind, new Recipient.Channel(channelId), Replies.fallbackText(blocks), json(blocks));
  }

  /** DMs an Opal user now, or keeps the message to send again if Slack refuses; returns the first attempt's outcome. */
  Delivery deliver(Kind kind, User to, List<LayoutBlock> blocks) {
    return deliver(kind, new Recipient.OpalUser(to.email()), Replies.fallbackText(blocks), json(blocks));
  }

  /** DMs a Slack user now, or keeps the message to send again if Slack refuses. */
  Delivery deliverToSlackUser(Kind kind, String slackUserId, List<LayoutBlock> blocks) {
    return deliver(kind, new Recipient.SlackUser(slackUserId), Replies.fallbackText(blocks), json(blocks));
  }

  /** Replies in a thread now, or keeps the reply to send again if Slack refuses. */
  Delivery deliverInThread(Kind kind, String channelId, String threadTs, List<LayoutBlock> blocks) {
    return deliver(kind, new Recipient.Thread(channelId, threadTs), Replies.fallbackText(blocks), json(blocks));
  }

  /** Posts plain text to a channel now, or keeps it to post again if Slack refuses. */
  Delivery deliverToChannel(Kind kind, String channelId, String text) {
    return deliver(kind, new Recipient.Channel(channelId), text, "");
  }

  /** Keeps a channel post to be sent by {@link OutboxSender} at once, without trying now (when no thread is free to try). */
  void keepForChannel(Kind kind, String channelId, String text) {
    Instant now = clock.instant();
    try {
      store.keep(new OutboxMessage(UUID.randomUUID(), kind.name(), new Recipient.Channel(channelId).key(), text, "", 0, now, now));
    } catch (RuntimeException e) {
      LOG.error("{} to {} could not be kept to send later: {}", kind.label(), channelId, e.toString());
    }
  }

  /** Sends a kept message once more (for {@link OutboxSender}). */
  Delivery resend(OutboxMessage m) {
    return post(Kind.valueOf(m.kind()), Recipient.parse(m.recipient()), m.fallbackText(), m.blocksJson());
  }

  private Delivery deliver(Kind kind, Recipient to, String text, String blocksJson) {
    Delivery first = post(kind, to, text, blocksJson);
    if (first instanceof Delivery.Refused refused) {
      keep(kind, to.key(), text, blocksJson, refused);
    }
    return first;
  }

  /** One attempt, counted: finds the Opal user's Slack account when the recipient is one. */
  private Delivery post(Kind kind, Recipient to, String text, String blocksJson) {
    if (to instanceof Recipient.Channel c) {
      return count(kind, postToChannel(c.channelId(), text, blocksJson, null));
    }
    if (to instanceof Recipient.Thread t) {
      return count(kind, postToChannel(t.channelId(), text, blocksJson, t.threadTs()));
    }
    if (to instanceof Recipient.SlackUser u) {
      return count(kind, postToUser(u.slackUserId(), text, blocksJson));
    }
    String email = ((Recipient.OpalUser) to).email();
    Optional<String> slackId;
    try {
      slackId = users.slackIdOf(email);
    } catch (RuntimeException e) {
      return count(kind, new Delivery.Refused(Duration.ZERO, "Slack account lookup failed: " + e));
    }
    if (slackId.isEmpty()) {
      LOG.info("no Slack account for {}: {} not sent", email, kind.label());
      return count(kind, new Delivery.Undeliverable("no Slack account for " + email));
    }
    return count(kind, postToUser(slackId.get(), text, blocksJson));
  }

  private void keep(Kind kind, String recipient, String text, String blocksJson, Delivery.Refused refused) {
    Instant now = clock.instant();
    try {
      store.keep(new OutboxMessage(UUID.randomUUID(), kind.name(), recipient, text, blocksJson, 1, now, Delivery.nextTry(1, refused.retryAfter(), now)));
      LOG.info("{} to {} refused by Slack ({}); kept to send again", kind.label(), recipient, refused.why());
    } catch (RuntimeException e) {
      LOG.error("{} to {} refused by Slack ({}) and could not be kept to send again: {}", kind.label(), recipient, refused.why(), e.toString());
    }
  }

  private Delivery postToUser(String slackUserId, String text, String blocksJson) {
    ConversationsOpenResponse dm;
    try {
      dm = SlackCalls.withRetries("conversations.open", () -> slack.conversationsOpen(r -> r.users(List.of(slackUserId))));
    } catch (IOException | SlackApiException | RuntimeException e) {
      return refusal("conversations.open", slackUserId, e);
    }
    if (!dm.isOk()) {
      return answer("conversations.open", slackUserId, dm.getError());
    }
    return postToChannel(dm.getChannel().getId(), text, blocksJson, null);
  }

  /** @param threadTs the thread to reply in; null for a message of its own */
  private Delivery postToChannel(String channelId, String text, String blocksJson, String threadTs) {
    ChatPostMessageResponse posted;
    try {
      posted = SlackCalls.withRetries("chat.postMessage", () -> slack.chatPostMessage(r -> {
        r.channel(channelId).text(Messages.clip(text, 3000)).threadTs(threadTs);
        return blocksJson.isEmpty() ? r : r.blocksAsString(blocksJson);
      }));
    } catch (IOException | SlackApiException | RuntimeException e) {
      return refusal("chat.postMessage", channelId, e);
    }
    if (!posted.isOk()) {
      return answer("chat.postMessage", channelId, posted.getError());
    }
    return new Delivery.Sent(posted.getChannel(), posted.getTs());
  }

  /** An error answer: permanent when it is about the recipient or the message, otherwise worth another try. */
  private static Delivery answer(String method, String to, String error) {
    LOG.warn("{} to {} failed: {}", method, to, error);
    return PERMANENT.contains(error) ? new Delivery.Undeliverable(method + ": " + error) : new Delivery.Refused(Duration.ZERO, method + ": " + error);
  }

  /** Refused (HTTP 429 with its Retry-After, 5xx) or no answer at all: worth another try. */
  private static Delivery refusal(String method, String to, Exception e) {
    Duration retryAfter = e instanceof SlackApiException s && s.getResponse().code() == 429 ? SlackCalls.retryAfter(s) : Duration.ZERO;
    String why = e instanceof SlackApiException s ? "HTTP " + s.getResponse().code() : e.toString();
    LOG.warn("{} to {} failed: {}", method, to, why);
    return new Delivery.Refused(retryAfter, method + ": " + why);
  }

  private Delivery count(Kind kind, Delivery d) {
    String outcome = d instanceof Delivery.Sent ? "sent" : d instanceof Delivery.Refused ? "retried" : "given_up";
    counted(kind.label(), outcome);
    return d;
  }

  /** Counts one message outcome (also for give-ups decided elsewhere: a day of refusals). */
  void counted(String kind, String outcome) {
    metrics.counter("slack.messages", "kind", kind, "outcome", outcome).increment();
  }

  private static String json(List<LayoutBlock> blocks) {
    return blocks.isEmpty() ? "" : GSON.toJson(blocks);
  }

  /** Replaces a message the bot sent (chat.update); a failure is logged (the message's buttons re-check at click time). */
  void update(String channelId, String ts, List<LayoutBlock> blocks) {
    try {
      var response = SlackCalls.withRetries("chat.update",
          () -> slack.chatUpdate(r -> r.channel(channelId).ts(ts).text(Replies.fallbackText(blocks)).blocks(blocks)));
      if (!response.isOk()) {
        LOG.warn("chat.update failed: {} {}", response.getError(), response.getResponseMetadata());
      }
    } catch (Exception e) {
      LOG.warn("chat.update failed: {}", e.toString());
    }
  }
}
