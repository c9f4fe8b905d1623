package dev.opaljitbot.slack;

import static dev.opaljitbot.slack.BotHarness.ADA;
import static dev.opaljitbot.slack.BotHarness.BEN;
import static dev.opaljitbot.slack.BotHarness.CLEO;
import static dev.opaljitbot.slack.BotHarness.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opaljitbot.opal.RequestStatus;
import dev.opaljitbot.sandbox.slack.RecordedMessage;
import dev.opaljitbot.sandbox.slack.RecordedView;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Messages Slack refuses for a while are delivered once it recovers, exactly once, also when the bot was
 * restarted in between: a bot configured like a production install against Opal and Slack that outlive it.
 */
class DeliveryEndToEndTest {
  /** Closed after each test (JUnit closes every @AutoClose field): the bot, its sandbox and stand-in. */
  @AutoClose
  private final BotHarness harness = BotHarness.restartable();


  private long dms(String user, Predicate<RecordedMessage> matching) {
    return harness.slack.messagesTo(user).stream().filter(m -> m.kind() == RecordedMessage.Kind.DM).filter(matching).count();
  }

  private static Predicate<RecordedMessage> containing(String text) {
    return m -> m.allText().contains(text);
  }

  @Test
  void a_reminder_refused_during_a_slack_outage_is_delivered_once_after_it_ends_and_a_restart_honouring_retry_after() {
    Predicate<RecordedMessage> bensReminder = containing("Your access to *Project Falcon* ends");
    harness.slack.refuseUntilLifted("chat.postMessage", 429, 60);
    harness.bot.expiryWatch().runOnce();
    assertTrue(harness.slack.refusedCalls("chat.postMessage") > 0, "the reminder was attempted");
    assertEquals(0, dms(BEN, bensReminder));

    harness.slack.lift("chat.postMessage");
    harness.restart();
    harness.clock.advance(Duration.ofSeconds(30));
    harness.bot.retryRefusedMessages();
    assertEquals(0, dms(BEN, bensReminder), "Slack asked for 60 s: not before");

    harness.clock.advance(Duration.ofSeconds(31));
    harness.bot.retryRefusedMessages();
    harness.slack.awaitMessageTo(BEN, bensReminder::test, WAIT);
    // The digest to the leader was written once and kept: it arrives too.
    harness.slack.awaitMessageTo(ADA, containing("ending soon")::test, WAIT);

    harness.bot.expiryWatch().runOnce();
    harness.bot.retryRefusedMessages();
    harness.clock.advance(Duration.ofMinutes(5));
    harness.bot.retryRefusedMessages();
    assertEquals(1, dms(BEN, bensReminder), "exactly once");
    assertEquals(1, dms(ADA, containing("ending soon")), "exactly once");
  }

  @Test
  void a_review_card_refused_by_slack_reaches_the_reviewer_once_after_a_restart_and_the_approval_works() {
    harness.slack.refuseUntilLifted("chat.postMessage", 503, 0);
    harness.command(ADA, "request");
    // The requester's own answer is a view update, not a message: it still arrives during the outage.
    RecordedView result = RequestEndToEndTest.requestWith(harness, ADA, RequestEndToEndTest.FALCON,
        List.of("R:" + RequestEndToEndTest.PROD_READONLY), "2h", "debug the launch", null);
    assertTrue(result.allText().contains("Slack did not take the message to <@U0CLEO003> yet; the bot keeps trying"), result.allText());
    UUID id = RequestEndToEndTest.idIn(result.allText());
    Predicate<RecordedMessage> card = containing(id.toString());
    assertEquals(0, dms(CLEO, card));

    harness.slack.lift("chat.postMessage");
    harness.restart();
    harness.bot.accessRequests().syncDecidedElsewhere();
    assertEquals(0, dms(CLEO, card), "not before its retry time");
    harness.clock.advance(Duration.ofSeconds(61));
    harness.bot.accessRequests().syncDecidedElsewhere();
    harness.bot.accessRequests().syncDecidedElsewhere();
    harness.slack.awaitMessageTo(CLEO, card::test, WAIT);
    assertEquals(1, dms(CLEO, card), "exactly once");

    harness.click(CLEO, "review-approve", id.toString());
    harness.slack.awaitMessageTo(ADA, containing("was *approved* by <@U0CLEO003>")::test, WAIT);
    assertEquals(RequestStatus.APPROVED, harness.opal.world().request(id).status());
    harness.slack.awaitMessageTo(CLEO, containing("*Approved* by <@U0CLEO003>")::test, WAIT);
  }

  @Test
  void a_waiting_reviewer_is_nudged_once_per_interval_across_restarts_and_every_copy_shows_the_decision() {
    harness.command(ADA, "request");
    UUID id = RequestEndToEndTest.idIn(RequestEndToEndTest.requestWith(harness, ADA, RequestEndToEndTest.FALCON,
        List.of("R:" + RequestEndToEndTest.PROD_READONLY), "2h", "debug the launch", null).allText());
    Predicate<RecordedMessage> nudge = containing("Still waiting for your review").and(containing(id.toString()));
    harness.slack.awaitMessageTo(CLEO, containing(id.toString())::test, WAIT);

    harness.clock.advance(Duration.ofHours(3).plusMinutes(59));
    harness.bot.accessRequests().syncDecidedElsewhere();
    assertEquals(0, dms(CLEO, nudge), "not before four hours");
    harness.clock.advance(Duration.ofMinutes(1));
    harness.restart(); // the nudge falls due while the bot restarts
    harness.bot.accessRequests().syncDecidedElsewhere();
    harness.slack.awaitMessageTo(CLEO, nudge::test, WAIT);
    harness.restart();
    harness.bot.accessRequests().syncDecidedElsewhere();
    harness.clock.advance(Duration.ofHours(7));
    harness.bot.accessRequests().syncDecidedElsewhere();
    assertEquals(1, dms(CLEO, nudge), "one nudge in the first interval, restarts or not");
    assertTrue(harness.slack.messagesTo(CLEO).stream().filter(nudge).allMatch(m -> m.allText().contains("waited 4h")));

    harness.clock.advance(Duration.ofHours(1));
    harness.bot.accessRequests().syncDecidedElsewhere();
    RecordedMessage second = harness.slack.awaitMessagesTo(CLEO, nudge, 2, WAIT).get(1);
    assertTrue(second.allText().contains("waited 12h"), second.allText());

    harness.clickOn(CLEO, second, "review-approve", id.toString());
    harness.slack.awaitMessageTo(ADA, containing("was *approved* by <@U0CLEO003>")::test, WAIT);
    harness.slack.awaitMessagesTo(CLEO, m -> m.kind() == RecordedMessage.Kind.DM && m.allText().contains(id.toString())
        && m.allText().contains("*Approved* by <@U0CLEO003>") && m.actionIds().isEmpty(), 3, WAIT);
    assertEquals(0, harness.slack.messagesTo(CLEO).stream().filter(m -> m.allText().contains(id.toString()))
        .filter(m -> m.actionIds().contains("review-approve")).count(), "no copy keeps live buttons");
    harness.clock.advance(Duration.ofDays(1));
    harness.bot.accessRequests().syncDecidedElsewhere();
    assertEquals(3, dms(CLEO, containing(id.toString())), "the card and two nudges; a decided request is nudged no more");
  }
}
