package dev.opaljitbot.approvals;

import dev.opaljitbot.access.Actor;
import dev.opaljitbot.delivery.Delivery;
import dev.opaljitbot.opal.OpalApi;
import dev.opaljitbot.opal.OpalException;
import dev.opaljitbot.opal.RequestComment;
import dev.opaljitbot.opal.User;
import dev.opaljitbot.store.BotStore;
import dev.opaljitbot.store.RequestRecord;
import dev.opaljitbot.store.ReviewMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conversation kept with a request: a reply in the thread of one of its cards becomes a comment on the
 * request in Opal, and a comment made in Opal comes to every card's thread; the requester sees both. Each
 * comment crosses once (claimed in the store, across restarts and replicas).
 */
public final class RequestConversation {
  private static final Logger LOG = LoggerFactory.getLogger(RequestConversation.class);

  private final OpalApi opal;
  private final BotStore store;
  private final ReviewNotifier notifier;
  private final Clock clock;

  public RequestConversation(OpalApi opal, BotStore store, ReviewNotifier notifier, Clock clock) {
    this.opal = opal;
    this.store = store;
    this.notifier = notifier;
    this.clock = clock;
  }

  /** One comment as Slack shows it: who wrote it (an Opal user, or Opal's name for them), when, and whether in Slack. */
  public record Comment(UUID requestId, String author, Optional<User> authorUser, Instant at, String text, boolean inSlack) {}

  /** What became of a thread reply. */
  public sealed interface Replied {
    /** Added to the request in Opal, and shown to the other cards' threads and the requester. */
    record Added(UUID requestId) implements Replied {}

    /** Not under one of the bot's review cards: not part of any request's conversation. */
    record NotAboutARequest() implements Replied {}
  }

  /** Whether the message at this place is one of the bot's review cards (so replies under it belong to a request). */
  public boolean isCardThread(String channelId, String threadTs) {
    return store.reviewMessageAt(channelId, threadTs).isPresent();
  }

  /**
   * A reply in the thread of the card at {@code channelId}/{@code threadTs}. Opal records API comments as the
   * token's user, so the comment names its author: "Ada Lovelace (in Slack): …".
   */
  public Replied reply(Actor actor, String channelId, String threadTs, String text) {
    Optional<ReviewMessage> card = store.reviewMessageAt(channelId, threadTs);
    if (card.isEmpty() || text == null || text.isBlank()) {
      return new Replied.NotAboutARequest();
    }
    UUID requestId = card.get().requestId();
    String posted = actor.opalUser().fullName() + " (in Slack): " + text.strip();
    Instant now = clock.instant();
    // Recorded before it is posted, so the poll reading it back from Opal never brings it to Slack again.
    store.claimComment(requestId, fromSlack(posted), now);
    opal.createRequestComment(requestId, posted);
    Comment comment = new Comment(requestId, actor.opalUser().fullName(), Optional.of(actor.opalUser()), now, text.strip(), true);
    show(comment, Optional.of(card.get()), Optional.of(actor.slackUserId()));
    return new Replied.Added(requestId);
  }

  /** Comments made in Opal on pending requests made through the bot: each brought to every card's thread and the requester, once. */
  public int sync() {
    int shown = 0;
    for (RequestRecord record : store.pendingRequests()) {
      try {
        for (RequestComment c : opal.getRequestComments(record.requestId())) {
          String key = fromOpal(c);
          if (store.isCommentKnown(record.requestId(), key)) {
            continue;
          }
          if (store.isCommentKnown(record.requestId(), fromSlack(c.comment()))) {
            store.claimComment(record.requestId(), key, clock.instant()); // written in Slack: already shown there
            continue;
          }
          if (store.claimComment(record.requestId(), key, clock.instant())) {
            String author = c.userFullName() != null && !c.userFullName().isBlank() ? c.userFullName()
                : c.userEmail() != null ? c.userEmail() : "Someone";
            show(new Comment(record.requestId(), author, Optional.empty(), c.createdAt() == null ? clock.instant() : c.createdAt(),
                c.comment() == null ? "" : c.comment(), false), Optional.empty(), Optional.empty());
            shown++;
          }
        }
      } catch (OpalException e) {
        LOG.warn("comments of request {} could not be read: {}", record.requestId(), e.getMessage());
      } catch (RuntimeException e) {
        LOG.error("comments of request {} could not be brought to Slack", record.requestId(), e);
      }
    }
    return shown;
  }

  /** In every card's thread but the one it was written in, and to the requester unless they wrote it. */
  private void show(Comment comment, Optional<ReviewMessage> writtenUnder, Optional<String> writtenBy) {
    for (ReviewMessage m : store.reviewMessages(comment.requestId())) {
      boolean origin = writtenUnder.filter(w -> w.channelId().equals(m.channelId()) && w.messageTs().equals(m.messageTs())).isPresent();
      if (!origin && ReviewCopies.isThreadHome(m)) {
        notifier.commentInThread(new Delivery.Sent(m.channelId(), m.messageTs()), comment);
      }
    }
    store.request(comment.requestId()).map(RequestRecord::requestedBySlack).filter(s -> !s.isBlank())
        .filter(s -> writtenBy.isEmpty() || !writtenBy.get().equals(s))
        .ifPresent(requester -> notifier.commentToRequester(requester, comment));
  }

  private static String fromOpal(RequestComment c) {
    return "opal:" + sha256(c.userId() + "\n" + c.createdAt() + "\n" + c.comment());
  }

  private static String fromSlack(String posted) {
    return "slack:" + sha256(posted);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 64);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
