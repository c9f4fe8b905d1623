package dev.opaljitbot.slack;

import java.util.Optional;
import java.util.Map;
import dev.opaljitbot.sandbox.SandboxSeed;
import static dev.opaljitbot.slack.BotHarness.WAIT;
import static dev.opaljitbot.slack.BotHarness.CLEO_OPAL;
import static dev.opaljitbot.slack.BotHarness.ADA;
import static dev.opaljitbot.slack.BotHarness.BEN;
import static dev.opaljitbot.slack.BotHarness.CLEO;
import static dev.opaljitbot.slack.BotHarness.EVE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opaljitbot.opal.RequestStatus;
import dev.opaljitbot.sandbox.slack.RecordedMessage;
import dev.opaljitbot.sandbox.slack.RecordedView;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Requesting access for a group and reviewing it from Slack, end to end on the sandbox and the stand-in. */
class RequestEndToEndTest {
  static final String FALCON = BotHarness.FALCON_GROUP.toString();
  static final String GUILD = "33333333-3333-4333-8333-000000000006";
  static final String PROD_READONLY = "44444444-4444-4444-8444-000000000001";
  static final String CUSTOMER_DB = "44444444-4444-4444-8444-000000000002";
  static final String PROD_ADMIN = "44444444-4444-4444-8444-000000000003";
  static final String LEDGER = "44444444-4444-4444-8444-000000000004";
  static final String STAGING = "44444444-4444-4444-8444-000000000005";
  static final String ANALYTICS = "33333333-3333-4333-8333-000000000005";
  /** Requests are shown as links to Opal's web app, never as bare ids. */
  static final Pattern REQUEST_ID = Pattern.compile("/requests/([0-9a-f-]{36})\\|");

  /** Closed after each test (JUnit closes every @AutoClose field): the bot, its sandbox and stand-in. */
  @AutoClose
  private final BotHarness harness = new BotHarness();


  /** The form answered with errors beside its fields (and stays open with what was typed). */
  static final class InlineErrors extends AssertionError {
    final JsonNode errors;

    InlineErrors(JsonNode errors) {
      super("inline errors: " + errors);
      this.errors = errors;
    }
  }

  /** Opens the request form as {@code user} and submits it; returns the modal's final text. */
  private RecordedView request(String user, String group, List<String> items, String duration, String reason, String ticket) {
    harness.command(user, "request");
    return requestWith(harness, user, group, items, duration, reason, ticket);
  }

  /** Fills in and submits the request form just opened for {@code user} on {@code harness}'s bot. */
  static RecordedView requestWith(BotHarness harness, String user, String group, List<String> items, String duration, String reason,
      String ticket) {
    RecordedView form = harness.slack.awaitView(user, v -> v.title().equals("Request access"), WAIT);
    ObjectNode values = harness.json().createObjectNode();
    values.putObject("group").putObject("group-select").put("type", "external_select").putObject("selected_option").put("value", group);
    var selected = values.putObject("items").putObject("item-select").put("type", "multi_external_select").putArray("selected_options");
    items.forEach(i -> selected.addObject().put("value", i));
    values.putObject("request-level").putObject("request-level-input").put("type", "plain_text_input");
    values.putObject("duration").putObject("duration-select").put("type", "static_select").putObject("selected_option").put("value", duration);
    values.putObject("custom-duration").putObject("custom-duration-input").put("type", "plain_text_input");
    ObjectNode reasonValue = values.putObject("reason").putObject("reason-input").put("type", "plain_text_input");
    if (reason != null) reasonValue.put("value", reason);
    ObjectNode ticketValue = values.putObject("ticket").putObject("ticket-input").put("type", "plain_text_input");
    if (ticket != null) ticketValue.put("value", ticket);
    ObjectNode p = harness.payload("view_submission", user);
    ObjectNode v = p.putObject("view");
    v.put("id", form.viewId()).put("type", "modal").put("callback_id", form.callbackId()).put("hash", form.hash()).put("team_id", "T0SANDBOX");
    v.putObject("state").set("values", values);
    HttpResponse<String> answer = harness.interaction(p);
    JsonNode body = harness.parse(answer.body());
    if (body.path("response_action").asText().equals("errors")) {
      throw new InlineErrors(body.path("errors"));
    }
    harness.slack.replaceViewIfUnchanged(form.viewId(), form.hash(), body.path("view")); // a quick answer may already be there
    RecordedView result = harness.slack.awaitView(user, x -> x.viewId().equals(form.viewId()) && !x.allText().contains("Sending"), WAIT);
    harness.slack.closeView(form.viewId()); // the person reads it and closes the modal
    return result;
  }

  static UUID idIn(String text) {
    Matcher m = REQUEST_ID.matcher(text);
    if (!m.find()) {
      throw new AssertionError("no request id in: " + text);
    }
    return UUID.fromString(m.group(1));
  }

  private RecordedMessage reviewDm(String reviewer, UUID requestId) {
    return harness.slack.awaitMessageTo(reviewer, m -> m.kind() == RecordedMessage.Kind.DM && m.allText().contains(requestId.toString()), WAIT);
  }

  private RequestStatus status(UUID id) {
    return harness.opal.world().request(id).status();
  }

  private void awaitDm(String user, String containing) {
    harness.slack.awaitMessageTo(user, m -> m.kind() == RecordedMessage.Kind.DM && m.allText().contains(containing), WAIT);
  }

  /** The demo organisation with Prod read-only reviewed in #access-reviews (its Opal tag) and everything else in the default channel. */
  private static BotHarness withReviewChannels() {
    SandboxSeed demo = SandboxSeed.demo();
    SandboxSeed seed = demo.withTags(List.of(new SandboxSeed.SeedTag(UUID.randomUUID(), "slack-review-channel", "C0REVIEWS",
            List.of(), List.of(UUID.fromString(PROD_READONLY)))));
    return new BotHarness(Map.of("REVIEW_CHANNEL", "C0DEFAULT"), Optional.of(seed));
  }

  @Test
  void a_card_in_the_review_channel_is_decided_there_by_a_reviewer_and_every_copy_shows_it() {
    harness.close();
    try (BotHarness h = withReviewChannels()) {
      h.command(ADA, "request");
      UUID id = idIn(requestWith(h, ADA, FALCON, List.of("R:" + PROD_READONLY), "2h", "debug the launch", null).allText());
      RecordedMessage inChannel = h.slack.awaitChannelMessage("C0REVIEWS", m -> m.allText().contains(id.toString()), WAIT);
      assertTrue(inChannel.allText().contains("Reviewers: <@U0CLEO003>. Only they can decide."), inChannel.allText());
      assertTrue(inChannel.actionIds().contains("review-approve"), "decided from the channel");
      assertTrue(h.slack.channelMessages("C0DEFAULT").isEmpty(), "the item's own channel, not the default");
      RecordedMessage dm = h.slack.awaitMessageTo(CLEO, m -> m.kind() == RecordedMessage.Kind.DM && m.allText().contains(id.toString()), WAIT);

      // Someone who is not a reviewer is told why, privately, and nothing changes.
      h.clickInChannel(EVE, inChannel, "review-approve", id.toString());
      RecordedMessage told = h.slack.awaitMessageTo(EVE, m -> m.allText().contains("not a pending reviewer"), WAIT);
      assertEquals(RecordedMessage.Kind.RESPONSE_URL, told.kind(), "an ephemeral answer: only the clicker sees it");
      assertFalse(told.replaceOriginal(), "the card stays for the reviewers");
      assertEquals(RequestStatus.PENDING, h.opal.world().request(id).status());
      // The requester cannot decide their own request from the channel either.
      h.clickInChannel(ADA, inChannel, "review-approve", id.toString());
      h.slack.awaitMessageTo(ADA, m -> m.kind() == RecordedMessage.Kind.RESPONSE_URL && m.allText().contains("someone else must review it"), WAIT);

      assertTrue(h.slack.channelMessages("C0REVIEWS").stream().filter(m -> m.ts().equals(inChannel.ts()))
          .allMatch(m -> m.actionIds().contains("review-approve")), "still open for its reviewers");
      h.clickInChannel(CLEO, inChannel, "review-approve", id.toString());
      h.slack.awaitChannelMessage("C0REVIEWS", m -> m.ts().equals(inChannel.ts()) && m.allText().contains("*Approved* by <@U0CLEO003>")
          && m.actionIds().isEmpty(), WAIT);
      h.slack.awaitMessageTo(CLEO, m -> m.ts().equals(dm.ts()) && m.allText().contains("*Approved* by <@U0CLEO003>") && m.actionIds().isEmpty(),
          WAIT);
      assertEquals(RequestStatus.APPROVED, h.opal.world().request(id).status());
      h.slack.awaitMessageTo(ADA, m -> m.kind() == RecordedMessage.Kind.DM && m.allText().contains("was *approved* by"), WAIT);
    }
  }

  @Test
  void a_review_channel_the_bot_is_not_in_leaves_the_dms_going_out() {
    harness.close();
    try (BotHarness h = withReviewChannels()) {
      h.slack.botNotIn("C0DEFAULT");
      h.command(ADA, "request");
      UUID id = idIn(requestWith(h, ADA, FALCON, List.of("R:" + LEDGER), "2h", "quarter close", null).allText());
      RecordedMessage dm = h.slack.awaitMessageTo(CLEO, m -> m.kind() == RecordedMessage.Kind.DM && m.allText().contains(id.toString()), WAIT);
      assertTrue(dm.actionIds().contains("review-approve"), dm.allText());
      assertTrue(h.slack.channelMessages("C0DEFAULT").isEmpty());
    }
  }

  @Test
  void a_leader_requests_for_the_group_a_reviewer_approves_and_the_group_holds_the_item() {
    RecordedView result = request(ADA, FALCON, List.of("R:" + PROD_READONLY), "2h", "debug the launch", null);
    assertTrue(result.allText().contains("Asked <@U0CLEO003> to review"), result.allText());
    UUID id = idIn(result.allText());
    RecordedMessage card = reviewDm(CLEO, id);
    assertTrue(card.allText().contains("<@U0ADA0001> requests access for *Project Falcon* (2 members) for *2h*"), card.allText());
    assertTrue(card.allText().contains("debug the launch"));

    harness.click(CLEO, "review-approve", id.toString());
    awaitDm(ADA, "was *approved* by <@U0CLEO003>");
    assertEquals(RequestStatus.APPROVED, status(id));
    assertTrue(harness.opal.world().groupResources(UUID.fromString(FALCON)).stream()
        .anyMatch(r -> r.resourceId().toString().equals(PROD_READONLY)));
    RecordedMessage updated = harness.slack.awaitMessageTo(CLEO, m -> m.allText().contains("*Approved* by <@U0CLEO003>"), WAIT);
    assertTrue(updated.actionIds().isEmpty(), "no buttons after the decision");
    // The approval changed the group's access: audited like member changes, once in the audit channel.
    harness.slack.awaitChannelMessage(BotHarness.AUDIT, m -> m.allText().contains("approved access for"), WAIT);
    List<RecordedMessage> audit = harness.slack.channelMessages(BotHarness.AUDIT);
    assertEquals(1, audit.size(), audit.toString());
    assertTrue(audit.get(0).allText().contains("<@U0CLEO003> approved access for *Project Falcon*: prod-readonly"), audit.get(0).allText());
  }

  @Test
  void a_request_opal_created_is_never_reported_as_failed_when_what_follows_fails_and_the_poll_asks_its_reviewers() {
    // Opal creates the request, then fails every read of it for a while.
    harness.opalFaults.failNext(20, "GET", "/requests/{id}", dev.opaljitbot.sandbox.FaultInjector.Fault.status(503));
    RecordedView result = request(ADA, FALCON, List.of("R:" + PROD_READONLY), "2h", "debug the launch", null);
    assertTrue(result.allText().contains("Don't send it again"), result.allText());
    assertTrue(result.allText().contains("it will ask them within a minute"), result.allText());
    UUID id = idIn(result.allText());
    assertEquals(RequestStatus.PENDING, status(id));

    harness.opalFaults.reset();
    harness.bot.accessRequests().syncDecidedElsewhere();
    reviewDm(CLEO, id);
  }

  @Test
  void a_request_opal_approves_at_once_is_reported_approved_with_its_end() {
    RecordedView result = request(ADA, ANALYTICS, List.of("R:" + STAGING), "4h", "load test", null);
    assertEquals(RequestStatus.APPROVED, status(idIn(result.allText())));
    assertTrue(result.allText().contains("*Approved at once*"), result.allText());
    assertTrue(result.allText().contains("ends <!date^" + harness.clock.instant().plus(java.time.Duration.ofHours(4)).getEpochSecond()),
        result.allText());
    assertFalse(result.allText().contains("No reviewer could be reached"), result.allText());
  }

  @Test
  void the_reviewer_card_shows_ticket_group_size_item_type_and_a_link_and_deny_names_the_request() {
    RecordedView result = request(ADA, FALCON, List.of("R:" + PROD_READONLY), "2h", "debug the launch", "OPS-1234");
    UUID id = idIn(result.allText());
    RecordedMessage card = reviewDm(CLEO, id);
    String text = card.allText();
    assertTrue(text.contains("*Ticket:* OPS-1234"), text);
    int members = harness.opal.world().groupUsers(UUID.fromString(FALCON)).size();
    assertTrue(text.contains("*Project Falcon* (" + members + " members)"), text);
    assertTrue(text.contains("*prod-readonly* · "), text);
    assertTrue(text.contains("<https://app.opal.dev/requests/" + id + "|Open the request in Opal>"), text);
    assertFalse(text.replace("/requests/" + id, "").contains(id.toString()), "no raw id as text: " + text);

    harness.clickOn(CLEO, card, "review-deny", id.toString());
    RecordedView form = harness.slack.awaitView(CLEO, v -> v.title().equals("Deny request"), WAIT);
    assertTrue(form.allText().contains("You are denying"), form.allText());
    assertTrue(form.allText().contains("debug the launch"), form.allText());
  }

  @Test
  void the_requester_gets_their_own_record_of_the_decision() {
    UUID id = idIn(request(ADA, FALCON, List.of("R:" + PROD_READONLY), "3h", "debug", null).allText());
    reviewDm(CLEO, id);
    harness.click(CLEO, "review-approve", id.toString());
    RecordedMessage outcome = harness.slack.awaitMessageTo(ADA,
        m -> m.kind() == RecordedMessage.Kind.DM && m.allText().contains("Your request for *prod-readonly*"), WAIT);
    assertTrue(outcome.allText().contains("on behalf of *Project Falcon* was *approved* by <@U0CLEO003>"), outcome.allText());
    assertTrue(outcome.allText().contains("(in 3 h)"), outcome.allText());
    assertTrue(outcome.actionIds().isEmpty(), "the requester's record has no reviewer buttons");

    harness.clock.advance(java.time.Duration.ofMinutes(5));
    request(ADA, FALCON, List.of("R:" + CUSTOMER_DB), "1h", "support case", "SUP-1");
    harness.command(ADA, "requests");
    RecordedMessage mine = harness.slack.awaitMessageTo(ADA, m -> m.allText().contains("Your recent requests"), WAIT);
    String text = mine.allText();
    int pending = text.indexOf(":hourglass: Pending: *customer-db*");
    int approved = text.indexOf(":white_check_mark: Approved: *prod-readonly* for *Project Falcon*");
    assertTrue(pending >= 0 && approved > pending, "newest first, each with its state: " + text);
  }

  @Test
  void the_requester_nudges_the_reviewers_from_their_requests_at_most_once_an_hour() {
    UUID id = idIn(request(ADA, FALCON, List.of("R:" + PROD_READONLY), "2h", "debug", null).allText());
    reviewDm(CLEO, id);
    harness.command(ADA, "requests");
    RecordedMessage mine = harness.slack.awaitMessageTo(ADA, m -> m.allText().contains("Your recent requests"), WAIT);
    assertTrue(mine.actionIds().contains("request-nudge"), "a pending request can be nudged: " + mine.blocks());

    harness.clock.advance(java.time.Duration.ofMinutes(90));
    harness.click(BEN, "request-nudge", id.toString());
    harness.slack.awaitMessageTo(BEN, m -> m.allText().contains("Only the person who made a request can nudge its reviewers"), WAIT);
    harness.click(ADA, "request-nudge", id.toString());
    harness.slack.awaitMessageTo(ADA, m -> m.allText().contains(":wave: Nudged <@U0CLEO003>."), WAIT);
    RecordedMessage nudge = harness.slack.awaitMessageTo(CLEO, m -> m.kind() == RecordedMessage.Kind.DM
        && m.allText().contains("<@U0ADA0001> asks you to look at this request; it has waited 1h30m for your review."), WAIT);
    assertTrue(nudge.actionIds().contains("review-approve"), "the nudge carries the card's buttons");

    harness.click(ADA, "request-nudge", id.toString());
    harness.slack.awaitMessageTo(ADA, m -> m.allText().contains("You nudged this request's reviewers less than an hour ago"), WAIT);
    assertEquals(1, harness.slack.messagesTo(CLEO).stream().filter(m -> m.allText().contains("asks you to look")).count(), "once an hour");
  }

  @Test
  void a_request_pending_a_week_is_flagged_on_its_card_and_in_the_requesters_list_and_the_requester_is_told() {
    UUID id = idIn(request(ADA, FALCON, List.of("R:" + PROD_READONLY), "2h", "debug", null).allText());
    RecordedMessage card = reviewDm(CLEO, id);
    harness.clock.advance(java.time.Duration.ofDays(8));
    harness.bot.accessRequests().syncDecidedElsewhere();
    RecordedMessage told = harness.slack.awaitMessageTo(ADA, m -> m.kind() == RecordedMessage.Kind.DM
        && m.allText().contains("Your request for *prod-readonly* on behalf of *Project Falcon* has been pending for 8 days"), WAIT);
    assertTrue(told.allText().contains("`/access requests` lets you nudge them"), told.allText());
    RecordedMessage flagged = harness.slack.awaitMessageTo(CLEO, m -> m.ts().equals(card.ts()) && m.allText().contains(":warning: *Stale:* pending for 8 days"),
        WAIT);
    assertTrue(flagged.actionIds().contains("review-approve"), "still decidable");
    harness.command(ADA, "requests");
    RecordedMessage mine = harness.slack.awaitMessageTo(ADA, m -> m.allText().contains("Your recent requests"), WAIT);
    assertTrue(mine.allText().contains(":hourglass: Pending · :warning: stale: *prod-readonly*"), mine.allText());
    harness.bot.accessRequests().syncDecidedElsewhere();
    assertEquals(1, harness.slack.messagesTo(ADA).stream().filter(m -> m.allText().contains("has been pending for")).count(), "told once");
  }

  @Test
  void a_reviewer_on_holiday_has_the_card_sent_to_their_delegate_who_approves_it() {
    java.time.Instant now = harness.clock.instant();
    harness.opal.world().delegate(CLEO_OPAL, BotHarness.DEV_OPAL, now.minus(java.time.Duration.ofHours(1)),
        now.plus(java.time.Duration.ofDays(5)), "holiday");
    UUID id = idIn(request(ADA, FALCON, List.of("R:" + PROD_READONLY), "2h", "debug", null).allText());
    RecordedMessage card = harness.slack.awaitMessageTo(BotHarness.DEV, m -> m.kind() == RecordedMessage.Kind.DM && m.allText().contains(id.toString()),
        WAIT);
    assertTrue(card.allText().contains("On behalf of <@U0CLEO003>, who delegated their reviews to you in Opal until"), card.allText());
    assertTrue(harness.slack.messagesTo(CLEO).stream().noneMatch(m -> m.allText().contains(id.toString())), "the reviewer away is not DMed");

    harness.click(EVE, "review-approve", id.toString());
    harness.slack.awaitMessageTo(EVE, m -> m.allText().contains("If you review it on someone's behalf, decide <"), WAIT);
    harness.clickOn(BotHarness.DEV, card, "review-approve", id.toString());
    harness.slack.awaitMessageTo(ADA, m -> m.kind() == RecordedMessage.Kind.DM && m.allText().contains("was *approved* by <@U0DEV0004>"), WAIT);
    assertEquals(RequestStatus.APPROVED, status(id));
  }

  @Test
  void a_thread_reply_under_a_card_lands_in_opals_comments_and_an_opal_comment_lands_in_the_thread_once_each() {
    UUID id = idIn(request(ADA, FALCON, List.of("R:" + PROD_READONLY), "2h", "quarter close", null).allText());
    RecordedMessage card = reviewDm(CLEO, id);
    ObjectNode reply = harness.json().createObjectNode().put("type", "message").put("channel", card.channel()).put("channel_type", "im")
        .put("user", CLEO).put("text", "Which ledger &lt;b&gt;exactly&lt;/b&gt;, <@U0ADA0001|ada>?").put("ts", card.ts() + "1")
        .put("thread_ts", card.ts())
        .put("event_ts", card.ts() + "1");
    assertEquals(200, harness.event(reply).statusCode());
    RecordedMessage toRequester = harness.slack.awaitMessageTo(ADA, m -> m.kind() == RecordedMessage.Kind.DM
        && m.allText().contains("<@U0CLEO003> replied in Slack on your request"), WAIT);
    assertTrue(toRequester.allText().contains(">Which ledger &lt;b&gt;exactly&lt;/b&gt;, @ada?"), "quoted, escaped once: " + toRequester.allText());
    assertEquals(List.of("Cleo Park (in Slack): Which ledger <b>exactly</b>, @ada?"),
        harness.opal.world().comments(id).stream().map(dev.opaljitbot.opal.RequestComment::comment).toList());

    harness.opal.world().comment(id, BotHarness.ADA_OPAL, "For the quarter close.");
    harness.bot.conversation().sync();
    harness.bot.conversation().sync();
    java.util.function.Predicate<dev.opaljitbot.sandbox.slack.RecordedCall> inThread = c -> card.ts().equals(c.params().path("thread_ts").asText())
        && c.params().path("blocks").toString().contains("For the quarter close.");
    harness.slack.awaitCalls("chat.postMessage", calls -> calls.stream().anyMatch(inThread), WAIT);
    harness.bot.conversation().sync();
    assertEquals(1, harness.slack.calls("chat.postMessage").stream().filter(inThread).count(), "once");
    assertEquals(0, harness.slack.calls("chat.postMessage").stream().filter(c -> c.params().path("blocks").toString().contains("Which ledger")
        && card.ts().equals(c.params().path("thread_ts").asText())).count(), "the reply is not echoed into its own thread");
  }

  @Test
  void with_the_setting_on_the_groups_members_hear_that_it_gained_access() {
    try (BotHarness telling = new BotHarness(java.util.Map.of("REQUEST_NOTIFY_MEMBERS", "true"))) {
      telling.command(ADA, "request");
      UUID id = idIn(requestWith(telling, ADA, FALCON, List.of("R:" + PROD_READONLY), "2h", "debug", null).allText());
      telling.slack.awaitMessageTo(CLEO, m -> m.allText().contains(id.toString()), WAIT);
      telling.click(CLEO, "review-approve", id.toString());
      RecordedMessage note = telling.slack.awaitMessageTo(BEN,
          m -> m.kind() == RecordedMessage.Kind.DM && m.allText().contains("which you are a member of, now has access to *prod-readonly*"), WAIT);
      assertTrue(note.allText().contains("approved by <@U0CLEO003>"), note.allText());
      assertTrue(telling.slack.messagesTo(ADA).stream().noneMatch(m -> m.allText().contains("which you are a member of")),
          "the requester has their own outcome");
    }
    // Off by default: the members of the harness's bot hear nothing.
    UUID id = idIn(request(ADA, FALCON, List.of("R:" + PROD_READONLY), "2h", "debug", null).allText());
    reviewDm(CLEO, id);
    harness.click(CLEO, "review-approve", id.toString());
    awaitDm(ADA, "was *approved*");
    assertTrue(harness.slack.messagesTo(BEN).stream().noneMatch(m -> m.allText().contains("which you are a member of")));
  }

  @Test
  void a_reviewer_denies_with_a_comment_and_the_requester_sees_it() {
    UUID id = idIn(request(ADA, FALCON, List.of("R:" + PROD_READONLY), "1h", "curious", null).allText());
    reviewDm(CLEO, id);
    harness.click(CLEO, "review-deny", id.toString());
    RecordedView form = harness.slack.awaitView(CLEO, v -> v.title().equals("Deny request"), WAIT);
    ObjectNode p = harness.payload("view_submission", CLEO);
    ObjectNode v = p.putObject("view").put("id", form.viewId()).put("type", "modal").put("callback_id", form.callbackId())
        .put("private_metadata", id.toString()).put("team_id", "T0SANDBOX");
    v.putObject("state").putObject("values").putObject("comment").putObject("comment-input").put("type", "plain_text_input");
    assertEquals("errors", harness.parse(harness.interaction(p).body()).path("response_action").asText(), "a comment is required");
    ((ObjectNode) v.path("state").path("values").path("comment").path("comment-input")).put("value", "use staging instead");
    harness.interaction(p);
    awaitDm(ADA, "use staging instead");
    assertEquals(RequestStatus.DENIED, status(id));
  }

  @Test
  void someone_who_is_not_a_reviewer_is_refused_and_nothing_reaches_opal() {
    UUID id = idIn(request(ADA, FALCON, List.of("R:" + PROD_READONLY), "1h", "x", null).allText());
    harness.click(BEN, "review-approve", id.toString());
    harness.slack.awaitMessageTo(BEN, m -> m.allText().contains("not a pending reviewer"), WAIT);
    assertEquals(RequestStatus.PENDING, status(id));
    assertEquals(0, harness.opalFaults.calls("POST", "/requests/{id}/approve"));
  }

  @Test
  void the_requester_cannot_approve_their_own_request() {
    UUID id = idIn(request(CLEO, GUILD, List.of("R:" + PROD_READONLY), "1h", "guild data", null).allText());
    harness.click(CLEO, "review-approve", id.toString());
    harness.slack.awaitMessageTo(CLEO, m -> m.allText().contains("someone else must review it"), WAIT);
    assertEquals(RequestStatus.PENDING, status(id));
  }

  @Test
  void two_clicks_at_once_make_one_decision() throws Exception {
    UUID id = idIn(request(ADA, FALCON, List.of("R:" + PROD_READONLY), "1h", "x", null).allText());
    reviewDm(CLEO, id);
    CompletableFuture<?> a = CompletableFuture.runAsync(() -> harness.click(CLEO, "review-approve", id.toString()));
    CompletableFuture<?> b = CompletableFuture.runAsync(() -> harness.click(CLEO, "review-approve", id.toString()));
    a.get();
    b.get();
    awaitDm(ADA, "was *approved*");
    harness.slack.awaitMessageTo(CLEO, m -> m.allText().contains("already decided"), WAIT);
    assertEquals(1, harness.opalFaults.calls("POST", "/requests/{id}/approve"));
    assertEquals(RequestStatus.APPROVED, status(id));
  }

  @Test
  void a_multi_stage_request_asks_the_next_stage_after_the_first_approves() {
    UUID id = idIn(request(ADA, FALCON, List.of("R:" + LEDGER), "4h", "quarter close", null).allText());
    reviewDm(CLEO, id);
    harness.click(CLEO, "review-approve", id.toString());
    harness.slack.awaitMessageTo(CLEO, m -> m.allText().contains("Stage 1 of 2 approved by <@U0CLEO003>"), WAIT);
    RecordedMessage second = reviewDm(EVE, id);
    assertTrue(second.allText().contains("Stage 2 of 2"), second.allText());
    assertEquals(RequestStatus.PENDING, status(id));
    harness.click(EVE, "review-approve", id.toString());
    awaitDm(ADA, "was *approved* by <@U0EVE0005>");
    assertEquals(RequestStatus.APPROVED, status(id));
  }

  @Test
  void a_decision_made_in_opal_shows_on_the_reviewers_dm() {
    UUID id = idIn(request(ADA, FALCON, List.of("R:" + PROD_READONLY), "1h", "x", null).allText());
    reviewDm(CLEO, id);
    harness.opal.world().approveAs(id, CLEO_OPAL);
    assertEquals(1, harness.bot.accessRequests().syncDecidedElsewhere());
    harness.slack.awaitMessageTo(CLEO, m -> m.allText().contains("*Approved* in Opal"), WAIT);
    awaitDm(ADA, "was *approved* in Opal");
  }

  @Test
  void pending_lists_what_awaits_my_review() {
    UUID id = idIn(request(ADA, FALCON, List.of("R:" + PROD_READONLY), "1h", "x", null).allText());
    harness.command(CLEO, "pending");
    RecordedMessage pending = harness.slack.awaitMessageTo(CLEO,
        m -> m.kind() == RecordedMessage.Kind.RESPONSE_URL && m.allText().contains(id.toString()), WAIT);
    assertTrue(pending.actionIds().contains("review-approve"));
    harness.command(BEN, "pending");
    harness.slack.awaitMessageTo(BEN, m -> m.allText().contains("Nothing awaits your review"), WAIT);
  }

  @Test
  void an_item_needing_mfa_to_approve_is_never_approved_from_slack() {
    UUID id = idIn(request(ADA, FALCON, List.of("R:" + PROD_ADMIN), "1h", "incident", null).allText());
    RecordedMessage card = reviewDm(EVE, id);
    assertFalse(card.actionIds().contains("review-approve"), "no Approve button, a link to Opal instead");
    assertTrue(card.actionIds().contains("review-open-in-opal"));
    harness.click(EVE, "review-approve", id.toString());
    harness.slack.awaitMessageTo(EVE, m -> m.allText().contains("needs MFA to approve"), WAIT);
    assertEquals(RequestStatus.PENDING, status(id));
  }

  @Test
  void an_item_needing_a_support_ticket_is_refused_without_one() {
    InlineErrors refused = org.junit.jupiter.api.Assertions.assertThrows(InlineErrors.class,
        () -> request(ADA, FALCON, List.of("R:" + CUSTOMER_DB), "8h", "migration", null));
    // Shown beside the fields concerned, so the form keeps everything typed: the ticket, and customer-db's 4 h maximum.
    assertEquals("customer-db needs a support ticket: type its reference, e.g. OPS-1234.", refused.errors.path("ticket").asText());
    assertEquals("customer-db allows at most 4h.", refused.errors.path("duration").asText());
    assertTrue(harness.opal.world().requests(false, null, null, null).isEmpty());
    RecordedView created = request(ADA, FALCON, List.of("R:" + CUSTOMER_DB), "1h", "migration", "OPS-1234");
    assertEquals(RequestStatus.PENDING, status(idIn(created.allText())));
  }

  @Test
  void requests_made_in_opal_get_reviewer_dms_when_configured() {
    try (BotHarness adopting = new BotHarness(java.util.Map.of("REVIEW_EXTERNAL_REQUESTS", "true"))) {
      UUID ben = UUID.fromString("11111111-1111-4111-8111-000000000002");
      UUID id = adopting.opal.world().createRequest(ben, null, UUID.fromString(FALCON),
          List.of(new dev.opaljitbot.sandbox.SandboxWorld.NewItem(UUID.fromString(PROD_READONLY), null, null)), "from the web app", 60);
      assertEquals(1, adopting.bot.accessRequests().syncDecidedElsewhere());
      assertEquals(0, adopting.bot.accessRequests().syncDecidedElsewhere(), "asked once");
      RecordedMessage card = adopting.slack.awaitMessageTo(CLEO, m -> m.allText().contains(id.toString()), WAIT);
      assertTrue(card.allText().contains("<@U0BEN0002> requests access for *Project Falcon*"), card.allText());
      adopting.click(CLEO, "review-approve", id.toString());
      adopting.slack.awaitMessageTo(BEN, m -> m.kind() == RecordedMessage.Kind.DM && m.allText().contains("was *approved* by <@U0CLEO003>"), WAIT);
    }
    harness.opal.world().createRequest(UUID.fromString("11111111-1111-4111-8111-000000000002"), null, UUID.fromString(FALCON),
        List.of(new dev.opaljitbot.sandbox.SandboxWorld.NewItem(UUID.fromString(PROD_READONLY), null, null)), "from the web app", 60);
    assertEquals(0, harness.bot.accessRequests().syncDecidedElsewhere(), "off by default");
    assertTrue(harness.slack.messagesTo(CLEO).isEmpty());
  }

  @Test
  void a_group_cannot_request_access_to_itself() {
    InlineErrors refused = org.junit.jupiter.api.Assertions.assertThrows(InlineErrors.class,
        () -> request(ADA, FALCON, List.of("G:" + FALCON), "1h", "self test", null));
    assertEquals("Project Falcon cannot be given access to itself: pick other items.", refused.errors.path("items").asText());
    assertTrue(harness.opal.world().requests(false, null, null, null).isEmpty());
  }

  @Test
  void only_a_leader_of_the_group_may_request_for_it() {
    // Cleo leads another group, so the form opens for her; picking Falcon in it is refused at submission.
    RecordedView refused = request(CLEO, FALCON, List.of("R:" + PROD_READONLY), "1h", "please", null);
    assertTrue(refused.allText().contains("Only leaders of *Project Falcon*"), refused.allText());
    assertTrue(harness.opal.world().requests(false, null, null, null).isEmpty());
  }
}
