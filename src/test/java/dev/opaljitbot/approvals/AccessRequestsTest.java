package dev.opaljitbot.approvals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opaljitbot.access.Actor;
import dev.opaljitbot.delivery.Delivery;
import dev.opaljitbot.directory.DirectorySettings;
import dev.opaljitbot.directory.GroupDirectory;
import dev.opaljitbot.directory.SlackProfiles;
import dev.opaljitbot.directory.UserDirectory;
import dev.opaljitbot.access.DurationPolicy;
import dev.opaljitbot.opal.OpalClient;
import dev.opaljitbot.opal.OpalClientSettings;
import dev.opaljitbot.opal.RequestStatus;
import dev.opaljitbot.opal.User;
import dev.opaljitbot.sandbox.OpalSandbox;
import dev.opaljitbot.sandbox.SandboxClock;
import dev.opaljitbot.sandbox.SandboxSeed;
import dev.opaljitbot.store.JdbcBotStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests on behalf of a group and their review, against the sandbox's Opal in-process; the Slack side is a recording fake. */
class AccessRequestsTest {
  static final UUID FALCON = UUID.fromString("33333333-3333-4333-8333-000000000001");
  static final UUID PROD_READONLY = UUID.fromString("44444444-4444-4444-8444-000000000001");
  static final UUID CUSTOMER_DB = UUID.fromString("44444444-4444-4444-8444-000000000002");
  static final UUID PROD_ADMIN = UUID.fromString("44444444-4444-4444-8444-000000000003");
  static final UUID ADA = UUID.fromString("11111111-1111-4111-8111-000000000001");
  static final UUID BEN = UUID.fromString("11111111-1111-4111-8111-000000000002");
  static final UUID CLEO = UUID.fromString("11111111-1111-4111-8111-000000000003");
  static final UUID EVE = UUID.fromString("11111111-1111-4111-8111-000000000005");

  @TempDir Path dir;
  private final SandboxClock clock = new SandboxClock(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);
  private OpalSandbox sandbox;
  private JdbcBotStore store;
  private UserDirectory users;
  private AccessRequests requests;
  private final List<String> cards = Collections.synchronizedList(new ArrayList<>());
  private volatile boolean slackRefuses;
  private volatile boolean channelRefuses;
  private OpalClient opal;
  private GroupDirectory groups;
  private Catalog catalog;

  private final ReviewNotifier notifier = new ReviewNotifier() {
    @Override
    public Delivery askReview(User reviewer, ReviewCard card, Optional<OnBehalfOf> onBehalfOf) {
      if (slackRefuses) {
        return new Delivery.Refused(Duration.ZERO, "HTTP 503");
      }
      cards.add("card to " + reviewer.email() + " stage " + card.stage() + onBehalfOf.map(o -> " for " + o.reviewer().email()).orElse(""));
      return new Delivery.Sent("D" + reviewer.userId(), String.valueOf(cards.size()));
    }

    @Override
    public Delivery askReviewInChannel(String channelId, ReviewCard card, List<User> reviewers) {
      if (slackRefuses) {
        return new Delivery.Refused(Duration.ZERO, "HTTP 503");
      }
      if (channelRefuses) {
        return new Delivery.Undeliverable("chat.postMessage: not_in_channel");
      }
      cards.add("card in " + channelId + " stage " + card.stage() + " for " + reviewers.stream().map(User::email).toList());
      return new Delivery.Sent(channelId, String.valueOf(cards.size()));
    }

    @Override
    public Delivery nudge(User reviewer, ReviewCard card, Nudge nudge) {
      if (slackRefuses) {
        return new Delivery.Refused(Duration.ZERO, "HTTP 503");
      }
      cards.add("nudge to " + reviewer.email() + " stage " + card.stage() + " after " + nudge.pendingFor().toHours() + "h"
          + (nudge.byRequester() ? " asked by the requester" : ""));
      return new Delivery.Sent("D" + reviewer.userId(), String.valueOf(cards.size()));
    }

    @Override
    public Delivery tellRequesterStale(String slackUserId, ReviewCard card, Duration age) {
      if (slackRefuses) {
        return new Delivery.Refused(Duration.ZERO, "HTTP 503");
      }
      cards.add("stale notice to " + slackUserId + " after " + age.toDays() + "d");
      return new Delivery.Sent("D" + slackUserId, String.valueOf(cards.size()));
    }

    @Override
    public void flagStale(Delivery.Sent copy, ReviewCard card, List<User> reviewers, Duration age) {
      cards.add("stale flag in " + copy.channelId());
    }

    @Override
    public void commentInThread(Delivery.Sent card, RequestConversation.Comment comment) {
      cards.add("comment in thread " + card.channelId() + " by " + comment.author() + ": " + comment.text());
    }

    @Override
    public void commentToRequester(String slackUserId, RequestConversation.Comment comment) {
      cards.add("comment to requester " + slackUserId + " by " + comment.author() + ": " + comment.text());
    }

    @Override
    public void gaveUp(Delivery last) {}

    @Override
    public void showOutcome(Delivery.Sent where, ReviewCard card, Outcome outcome) {
      cards.add("outcome in " + where.channelId() + ": " + (outcome.approved() ? "approved" : "denied"));
    }

    @Override
    public void tellRequester(String slackUserId, ReviewCard card, Outcome outcome) {
      cards.add("requester " + slackUserId + ": " + (outcome.approved() ? "approved" : "denied"));
    }

    @Override
    public void tellGroupMembers(List<User> members, ReviewCard card, Outcome outcome) {}
  };

  @BeforeEach
  void organisation() {
    // Prod read-only is reviewed in #reviews as well, by its Opal tag; another tag on Customer DB means nothing to the bot.
    SandboxSeed demo = SandboxSeed.demo();
    SandboxSeed seed = demo.withTags(List.of(
            new SandboxSeed.SeedTag(UUID.randomUUID(), "slack-review-channel", "C0REVIEWS", List.of(), List.of(PROD_READONLY)),
            new SandboxSeed.SeedTag(UUID.randomUUID(), "team", "payments", List.of(), List.of(CUSTOMER_DB))));
    sandbox = OpalSandbox.builder().seed(seed).clock(clock).start();
    opal = new OpalClient(OpalClientSettings.defaults(sandbox.baseUrl().toString(), sandbox.apiToken()), null);
    SlackProfiles noSlack = new SlackProfiles() {
      @Override public Optional<String> emailOf(String slackUserId) { return Optional.empty(); }
      @Override public Optional<String> slackIdOf(String email) { return Optional.empty(); }
    };
    groups = new GroupDirectory(opal, DirectorySettings.defaults(), clock, null, Runnable::run);
    users = new UserDirectory(opal, noSlack, DirectorySettings.defaults(), clock, null, Runnable::run);
    catalog = new Catalog(opal, groups);
    catalog.warmUp();
    store = JdbcBotStore.open("jdbc:sqlite:" + dir.resolve("store.db"));
    requests = withDefaultChannel(Optional.empty());
  }

  private AccessRequests withDefaultChannel(Optional<String> channel) {
    return new AccessRequests(opal, groups, users, catalog, store, notifier, new ReviewChannels(opal, "slack-review-channel", channel),
        new ReviewDelegations(opal, clock), clock, AccessRequests.Settings.defaults(), entry -> audit.add(entry.outcome()));
  }

  private final List<String> audit = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void close() {
    store.close();
    sandbox.close();
  }

  private Actor actor(UUID opalUser) {
    return new Actor("U" + opalUser.toString().substring(30), users.byId(opalUser).orElseThrow());
  }

  private AccessRequests.Submitted submit(UUID by, UUID item, Duration duration, Optional<String> ticket) {
    return requests.submit(actor(by), FALCON, List.of(new AccessRequests.Choice(Catalog.Entry.Kind.RESOURCE, item, "")),
        new DurationPolicy.Requested.For(duration), "debug the launch", ticket);
  }

  private UUID submitted(UUID item) {
    return assertInstanceOf(AccessRequests.Submitted.Created.class, submit(ADA, item, Duration.ofHours(1), Optional.empty()))
        .request().id();
  }

  @Test
  void a_leaders_request_asks_each_pending_reviewer_once_even_when_polled_again() {
    AccessRequests.Submitted.Created created = assertInstanceOf(AccessRequests.Submitted.Created.class,
        submit(ADA, PROD_READONLY, Duration.ofHours(2), Optional.empty()));
    assertEquals(List.of(CLEO), created.reviewersAsked().stream().map(User::userId).toList());
    requests.syncDecidedElsewhere();
    clock.advance(Duration.ofMinutes(5));
    requests.syncDecidedElsewhere();
    assertEquals(List.of("card to cleo@example.com stage 1", "card in C0REVIEWS stage 1 for [cleo@example.com]"), cards,
        "the reviewer by DM and the item's review channel, once each");
  }

  @Test
  void a_review_channel_that_will_not_take_the_card_never_holds_up_the_dms() {
    channelRefuses = true;
    AccessRequests.Submitted.Created created = assertInstanceOf(AccessRequests.Submitted.Created.class,
        submit(ADA, PROD_READONLY, Duration.ofHours(2), Optional.empty()));
    assertEquals(List.of(CLEO), created.reviewersAsked().stream().map(User::userId).toList());
    channelRefuses = false;
    clock.advance(Duration.ofHours(1));
    requests.syncDecidedElsewhere();
    assertEquals(List.of("card to cleo@example.com stage 1"), cards, "not in the channel: given up, not posted later");
  }

  @Test
  void a_decision_updates_the_channel_copy_with_the_dms() {
    UUID id = submitted(PROD_READONLY);
    assertInstanceOf(AccessRequests.Decided.Done.class, requests.decide(actor(CLEO), id, true, Optional.empty()));
    assertTrue(cards.contains("outcome in C0REVIEWS: approved"), cards.toString());
    assertTrue(cards.contains("outcome in D" + CLEO + ": approved"), cards.toString());
  }

  @Test
  void items_without_the_tag_are_reviewed_in_the_default_channel_when_one_is_set() {
    requests = withDefaultChannel(Optional.of("C0FALLBACK"));
    assertInstanceOf(AccessRequests.Submitted.Created.class, submit(ADA, CUSTOMER_DB, Duration.ofHours(1), Optional.of("OPS-1")));
    assertTrue(cards.stream().anyMatch(c -> c.startsWith("card in C0FALLBACK stage 1")), cards.toString());
    assertTrue(cards.stream().noneMatch(c -> c.contains("C0REVIEWS")), "that tag is on another item");
  }

  @Test
  void only_a_leader_of_the_group_may_request_for_it() {
    AccessRequests.Submitted.Refused refused = assertInstanceOf(AccessRequests.Submitted.Refused.class,
        submit(BEN, PROD_READONLY, Duration.ofHours(1), Optional.empty()));
    assertEquals(AccessRequests.Submitted.Why.NOT_A_LEADER, refused.why());
    assertEquals("Project Falcon", refused.groupName());
  }

  @Test
  void an_items_rules_refuse_the_request_with_each_problem_named() {
    AccessRequests.Submitted.Refused refused = assertInstanceOf(AccessRequests.Submitted.Refused.class,
        submit(ADA, CUSTOMER_DB, Duration.ofHours(8), Optional.empty()));
    assertEquals(AccessRequests.Submitted.Why.ITEM_PROBLEMS, refused.why());
    assertEquals(List.of(AccessRequests.ItemProblem.Kind.NEEDS_TICKET, AccessRequests.ItemProblem.Kind.TOO_LONG),
        refused.items().stream().map(AccessRequests.ItemProblem::kind).toList());
    assertTrue(cards.isEmpty(), "nothing sent");
  }

  @Test
  void a_duration_longer_than_opal_allows_is_refused_once_not_per_item() {
    AccessRequests.Submitted.Refused refused = assertInstanceOf(AccessRequests.Submitted.Refused.class,
        submit(ADA, PROD_READONLY, Duration.ofDays(400), Optional.empty()));
    assertEquals(List.of(new AccessRequests.ItemProblem(AccessRequests.ItemProblem.Kind.OVER_OPAL_MAXIMUM, "",
        Optional.of(dev.opaljitbot.opal.AccessDuration.OPAL_MAXIMUM))), refused.items());
    assertTrue(cards.isEmpty(), "nothing sent");
    assertTrue(sandbox.world().requests(false, null, null, null).isEmpty(), "nothing reached Opal");
  }

  @Test
  void the_requester_never_reviews_their_own_request_and_others_not_reviewing_are_refused() {
    UUID id = submitted(PROD_READONLY);
    assertEquals(new AccessRequests.Decided.Refused(AccessRequests.Decided.Why.OWN_REQUEST),
        requests.decide(actor(ADA), id, true, Optional.empty()));
    assertEquals(new AccessRequests.Decided.Refused(AccessRequests.Decided.Why.NOT_A_PENDING_REVIEWER),
        requests.decide(actor(BEN), id, true, Optional.empty()));
    assertEquals(new AccessRequests.Decided.Refused(AccessRequests.Decided.Why.NEEDS_COMMENT),
        requests.decide(actor(CLEO), id, false, Optional.of("  ")));
    assertEquals(RequestStatus.PENDING, sandbox.world().request(id).status());
  }

  @Test
  void an_item_needing_mfa_to_approve_is_never_approved_here() {
    UUID id = submitted(PROD_ADMIN);
    assertEquals(new AccessRequests.Decided.Refused(AccessRequests.Decided.Why.NEEDS_MFA),
        requests.decide(actor(EVE), id, true, Optional.empty()));
    assertEquals(RequestStatus.PENDING, sandbox.world().request(id).status());
  }

  @Test
  void two_clicks_at_once_make_one_decision() throws Exception {
    UUID id = submitted(PROD_READONLY);
    CompletableFuture<AccessRequests.Decided> one = CompletableFuture.supplyAsync(() -> requests.decide(actor(CLEO), id, true, Optional.empty()));
    CompletableFuture<AccessRequests.Decided> two = CompletableFuture.supplyAsync(() -> requests.decide(actor(CLEO), id, true, Optional.empty()));
    List<AccessRequests.Decided> both = List.of(one.get(), two.get());
    assertEquals(1, both.stream().filter(d -> d instanceof AccessRequests.Decided.Done).count(), both.toString());
    assertEquals(1, both.stream().filter(d -> d instanceof AccessRequests.Decided.AlreadyDecided).count(), both.toString());
    assertEquals(RequestStatus.APPROVED, sandbox.world().request(id).status());
    assertEquals(1, cards.stream().filter(c -> c.startsWith("requester")).count(), "the requester is told once: " + cards);
  }

  @Test
  void a_card_slack_refused_is_sent_on_a_later_poll_once_its_retry_time_has_come() {
    slackRefuses = true;
    AccessRequests.Submitted.Created created = assertInstanceOf(AccessRequests.Submitted.Created.class,
        submit(ADA, PROD_READONLY, Duration.ofHours(2), Optional.empty()));
    assertEquals(List.of(CLEO), created.reviewersDelayed().stream().map(User::userId).toList());
    slackRefuses = false;
    requests.syncDecidedElsewhere();
    assertEquals(List.of(), cards, "not before its retry time");
    clock.advance(Duration.ofSeconds(61));
    requests.syncDecidedElsewhere();
    requests.syncDecidedElsewhere();
    assertEquals(List.of("card to cleo@example.com stage 1", "card in C0REVIEWS stage 1 for [cleo@example.com]"), cards,
        "the DM and the channel's copy, once each");
  }

  private List<String> nudges() {
    return cards.stream().filter(c -> c.startsWith("nudge")).toList();
  }

  @Test
  void nudges_come_after_four_hours_then_at_doubling_intervals_up_to_a_day_and_stop_when_stale() {
    assertEquals(0, requests.nudgesDue(Duration.ofMinutes(239)));
    assertEquals(1, requests.nudgesDue(Duration.ofHours(4)));
    assertEquals(1, requests.nudgesDue(Duration.ofHours(11)));
    assertEquals(2, requests.nudgesDue(Duration.ofHours(12)));
    assertEquals(3, requests.nudgesDue(Duration.ofHours(28)));
    assertEquals(4, requests.nudgesDue(Duration.ofHours(52)), "the interval stops doubling at a day");
    assertEquals(5, requests.nudgesDue(Duration.ofHours(76)));
    assertEquals(requests.nudgesDue(Duration.ofDays(7)), requests.nudgesDue(Duration.ofDays(30)), "no nudges once the request is stale");
  }

  @Test
  void a_waiting_reviewer_is_nudged_once_per_interval_also_by_a_second_process_and_never_after_the_decision() {
    UUID id = submitted(PROD_READONLY);
    clock.advance(Duration.ofMinutes(239));
    requests.syncDecidedElsewhere();
    assertEquals(List.of(), nudges(), "not before four hours");
    clock.advance(Duration.ofMinutes(1));
    requests.syncDecidedElsewhere();
    AccessRequests secondReplica = withDefaultChannel(Optional.empty());
    secondReplica.syncDecidedElsewhere();
    requests.syncDecidedElsewhere();
    assertEquals(List.of("nudge to cleo@example.com stage 1 after 4h"), nudges(), "once, whichever process polls");
    clock.advance(Duration.ofHours(7));
    requests.syncDecidedElsewhere();
    assertEquals(1, nudges().size(), "the next one waits for twice the interval");
    clock.advance(Duration.ofHours(1));
    secondReplica.syncDecidedElsewhere();
    assertEquals(List.of("nudge to cleo@example.com stage 1 after 4h", "nudge to cleo@example.com stage 1 after 12h"), nudges());

    assertInstanceOf(AccessRequests.Decided.Done.class, requests.decide(actor(CLEO), id, true, Optional.empty()));
    assertEquals(3, cards.stream().filter(c -> c.equals("outcome in D" + CLEO + ": approved")).count(),
        "the card and both nudges show the decision: " + cards);
    clock.advance(Duration.ofDays(2));
    requests.syncDecidedElsewhere();
    assertEquals(2, nudges().size(), "a decided request is not nudged");
  }

  @Test
  void the_requester_may_nudge_the_reviewers_once_an_hour_and_nobody_else_may() {
    UUID id = submitted(PROD_READONLY);
    clock.advance(Duration.ofMinutes(30));
    assertInstanceOf(AccessRequests.Nudged.NotYours.class, requests.nudge(actor(BEN), id));
    AccessRequests.Nudged.Sent sent = assertInstanceOf(AccessRequests.Nudged.Sent.class, requests.nudge(actor(ADA), id));
    assertEquals(List.of(CLEO), sent.reviewers().stream().map(User::userId).toList());
    assertEquals(List.of("nudge to cleo@example.com stage 1 after 0h asked by the requester"), nudges());
    clock.advance(Duration.ofMinutes(59));
    AccessRequests.Nudged.TooSoon tooSoon = assertInstanceOf(AccessRequests.Nudged.TooSoon.class, requests.nudge(actor(ADA), id));
    assertEquals(Instant.parse("2026-11-24T11:30:00Z"), tooSoon.allowedAt());
    clock.advance(Duration.ofMinutes(1));
    assertInstanceOf(AccessRequests.Nudged.Sent.class, requests.nudge(actor(ADA), id));
    assertEquals(2, nudges().size());
    requests.decide(actor(CLEO), id, true, Optional.empty());
    clock.advance(Duration.ofHours(2));
    assertEquals(new AccessRequests.Nudged.NotPending(RequestStatus.APPROVED), requests.nudge(actor(ADA), id));
  }

  @Test
  void a_nudge_that_reaches_nobody_does_not_count_against_the_hour() {
    UUID id = submitted(PROD_READONLY);
    slackRefuses = true;
    assertInstanceOf(AccessRequests.Nudged.NobodyReached.class, requests.nudge(actor(ADA), id));
    slackRefuses = false;
    assertInstanceOf(AccessRequests.Nudged.Sent.class, requests.nudge(actor(ADA), id));
  }

  @Test
  void a_request_pending_a_week_is_flagged_on_every_copy_and_its_requester_is_told_once() {
    UUID id = submitted(PROD_READONLY);
    clock.advance(Duration.ofDays(7).minusMinutes(1));
    requests.syncDecidedElsewhere();
    assertTrue(cards.stream().noneMatch(c -> c.startsWith("stale")), "not before a week");
    assertFalse(requests.isStale(sandbox.world().request(id)));

    int nudgedBefore = nudges().size();
    clock.advance(Duration.ofMinutes(1));
    slackRefuses = true;
    requests.syncDecidedElsewhere();
    slackRefuses = false;
    assertTrue(requests.isStale(sandbox.world().request(id)));
    clock.advance(Duration.ofMinutes(2));
    requests.syncDecidedElsewhere();
    withDefaultChannel(Optional.empty()).syncDecidedElsewhere();
    requests.syncDecidedElsewhere();
    List<String> told = cards.stream().filter(c -> c.startsWith("stale notice")).toList();
    assertEquals(List.of("stale notice to U" + ADA.toString().substring(30) + " after 7d"), told, "once, after Slack refused it the first time");
    assertTrue(cards.contains("stale flag in D" + CLEO), "the reviewer's card: " + cards);
    assertTrue(cards.contains("stale flag in C0REVIEWS"), "the channel's copy: " + cards);
    assertEquals(nudgedBefore, nudges().size(), "a stale request is nudged no more");

    requests.decide(actor(CLEO), id, true, Optional.empty());
    assertTrue(cards.contains("outcome in D" + CLEO + ": approved"), cards.toString());
    assertTrue(cards.stream().noneMatch(c -> c.equals("outcome in DU" + ADA.toString().substring(30) + ": approved")),
        "the requester's notice is not turned into a reviewer's card: " + cards);
  }

  static final UUID DEV = UUID.fromString("11111111-1111-4111-8111-000000000004");

  @Test
  void a_reviewer_away_has_their_card_sent_to_their_delegate_who_may_decide_and_nobody_else_may() {
    sandbox.world().delegate(CLEO, DEV, clock.instant().minus(Duration.ofHours(1)), clock.instant().plus(Duration.ofDays(3)), "holiday");
    UUID id = submitted(PROD_READONLY);
    assertTrue(cards.contains("card to dev@example.com stage 1 for cleo@example.com"), cards.toString());
    assertTrue(cards.stream().noneMatch(c -> c.startsWith("card to cleo")), "the reviewer away is not DMed");
    assertEquals(new AccessRequests.Decided.Refused(AccessRequests.Decided.Why.NOT_A_PENDING_REVIEWER),
        requests.decide(actor(EVE), id, true, Optional.empty()));
    assertInstanceOf(AccessRequests.Decided.Done.class, requests.decide(actor(DEV), id, true, Optional.empty()));
    assertEquals(RequestStatus.APPROVED, sandbox.world().request(id).status());
    assertTrue(audit.stream().anyMatch(a -> a.contains("on behalf of cleo@example.com (delegated in Opal)")), audit.toString());
  }

  @Test
  void a_delegation_that_ended_or_points_at_the_requester_leaves_the_card_with_the_reviewer() {
    sandbox.world().delegate(CLEO, DEV, clock.instant().minus(Duration.ofDays(3)), clock.instant().minus(Duration.ofMinutes(1)), "ended");
    UUID first = submitted(PROD_READONLY);
    assertTrue(cards.contains("card to cleo@example.com stage 1"), cards.toString());
    assertEquals(new AccessRequests.Decided.Refused(AccessRequests.Decided.Why.NOT_A_PENDING_REVIEWER),
        requests.decide(actor(DEV), first, true, Optional.empty()), "an ended delegation gives no say");

    cards.clear();
    sandbox.world().delegate(CLEO, ADA, clock.instant().minus(Duration.ofHours(1)), clock.instant().plus(Duration.ofDays(1)), "to the requester");
    clock.advance(Duration.ofMinutes(2)); // past the minute delegations are kept
    submitted(PROD_READONLY);
    assertTrue(cards.stream().anyMatch(c -> c.startsWith("card to cleo@example.com")), "never to the requester: " + cards);
  }

  private List<String> comments() {
    return cards.stream().filter(c -> c.startsWith("comment")).toList();
  }

  @Test
  void a_reply_under_a_card_becomes_an_opal_comment_that_the_other_copies_and_the_requester_see_once() {
    UUID id = submitted(PROD_READONLY);
    RequestConversation conversation = new RequestConversation(opal, store, notifier, clock);
    String cardTs = String.valueOf(cards.indexOf("card to cleo@example.com stage 1") + 1);
    assertTrue(conversation.isCardThread("D" + CLEO, cardTs));
    assertFalse(conversation.isCardThread("D" + CLEO, "999"), "not one of the bot's cards");

    assertInstanceOf(RequestConversation.Replied.Added.class, conversation.reply(actor(CLEO), "D" + CLEO, cardTs, "Which ledger?"));
    assertEquals(List.of("Cleo Park (in Slack): Which ledger?"),
        sandbox.world().comments(id).stream().map(dev.opaljitbot.opal.RequestComment::comment).toList());
    assertEquals(List.of("comment in thread C0REVIEWS by Cleo Park: Which ledger?",
        "comment to requester U" + ADA.toString().substring(30) + " by Cleo Park: Which ledger?"), comments(),
        "the channel's thread and the requester; not back into the thread it was written in");
    conversation.sync();
    conversation.sync();
    assertEquals(2, comments().size(), "read back from Opal, it is not echoed");
  }

  @Test
  void a_comment_made_in_opal_comes_to_every_cards_thread_and_the_requester_once_whichever_process_reads_it() {
    UUID id = submitted(PROD_READONLY);
    sandbox.world().comment(id, ADA, "It is for the quarter close.");
    RequestConversation one = new RequestConversation(opal, store, notifier, clock);
    RequestConversation two = new RequestConversation(opal, store, notifier, clock);
    assertEquals(1, one.sync());
    assertEquals(0, two.sync());
    assertEquals(java.util.Set.of("comment in thread C0REVIEWS by Ada Lovelace: It is for the quarter close.",
        "comment in thread D" + CLEO + " by Ada Lovelace: It is for the quarter close.",
        "comment to requester U" + ADA.toString().substring(30) + " by Ada Lovelace: It is for the quarter close."), java.util.Set.copyOf(comments()));
    assertEquals(3, comments().size(), "each once");
  }
}
