package dev.opaljitbot.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.app_backend.SlackSignature;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.model.block.LayoutBlock;
import dev.opaljitbot.access.DurationPolicy;
import dev.opaljitbot.access.GroupAccess;
import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.User;
import dev.opaljitbot.reminders.ReminderActions;
import dev.opaljitbot.sandbox.slack.SlackStandIn;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Reminder buttons in the style of Bolt's own tests: {@code App.run} on a signed click, the domain and the
 * DM sender as Mockito mocks (a refused or stale click must not reach them), the answer captured.
 */
class ReminderButtonsTest {
  private static final String SECRET = "test-signing-secret";
  private static final String TOKEN = "xoxb-reminder-buttons-test";
  private static final UUID FALCON = UUID.randomUUID();
  private static final UUID BEN = UUID.randomUUID();
  private static final Instant END = Instant.parse("2026-12-01T17:00:00Z");

  private final SlackStandIn slack = SlackStandIn.builder().botToken(TOKEN).start();
  private final Lookups lookups = mock(Lookups.class);
  private final GroupAccess access = mock(GroupAccess.class);
  private final ReminderActions actions = mock(ReminderActions.class);
  private final DirectMessages dms = mock(DirectMessages.class);
  private final ClickAnswers answers = mock(ClickAnswers.class);
  private final List<String> answered = new ArrayList<>();
  private final User ada = new User(UUID.randomUUID(), "ada@example.com", "Ada Lovelace", "Ada", "Lovelace", "", null);
  private final User ben = new User(BEN, "ben@example.com", "Ben Okafor", "Ben", "Okafor", "", null);
  private final Group falcon = new Group(FALCON, null, "Project Falcon", "", null, List.of(), null, null, null, 480, null, 60,
      false, false, false, false, false, true);

  /** Runs after-ack work at once, on the request thread, so the test sees its effect when run() returns. */
  private final ExecutorService now = new AbstractExecutorService() {
    @Override public void execute(Runnable command) { command.run(); }
    @Override public void shutdown() {}
    @Override public List<Runnable> shutdownNow() { return List.of(); }
    @Override public boolean isShutdown() { return false; }
    @Override public boolean isTerminated() { return false; }
    @Override public boolean awaitTermination(long timeout, TimeUnit unit) { return true; }
  };

  @AfterEach
  void stop() {
    slack.close();
  }

  private App app() {
    when(lookups.opalUser(anyString(), eq(true))).thenReturn(Lookups.Resolved.of(ada));
    when(lookups.personNames()).thenReturn((id, name, email) -> name);
    when(answers.forClick(any(), any())).thenReturn((List<LayoutBlock> blocks, boolean replace) -> answered.add(Replies.fallbackText(blocks)));
    App app = new App(AppConfig.builder().singleTeamBotToken(TOKEN).signingSecret(SECRET).slack(SlackApp.slackClient(slack.apiUrl())).build());
    Clock clock = Clock.fixed(Instant.parse("2026-12-01T15:00:00Z"), java.time.ZoneOffset.UTC);
    app.blockAction(java.util.regex.Pattern.compile("^(reminder-.*|leader-.*)$"), new ReminderButtons(lookups, access, actions,
        new DurationPolicy(), new ReminderMessages(clock), new Messages(clock, "/access"), dms, now, clock, answers,
        new ActingAs(lookups, new Messages(clock, "/access"))));
    return app;
  }

  private static BlockActionRequest click(String actionId, String value) {
    ObjectNode p = new ObjectMapper().createObjectNode().put("type", "block_actions").put("trigger_id", "1.2.3");
    p.putObject("user").put("id", "U0ADA0001").put("team_id", "T0SANDBOX");
    p.putObject("team").put("id", "T0SANDBOX");
    p.putArray("actions").addObject().put("action_id", actionId).put("block_id", "b").put("type", "button").put("value", value);
    String body = "payload=" + URLEncoder.encode(p.toString(), StandardCharsets.UTF_8);
    String timestamp = String.valueOf(System.currentTimeMillis() / 1000);
    Map<String, List<String>> headers = new HashMap<>();
    headers.put(SlackSignature.HeaderNames.X_SLACK_REQUEST_TIMESTAMP, List.of(timestamp));
    headers.put(SlackSignature.HeaderNames.X_SLACK_SIGNATURE, List.of(new SlackSignature.Generator(SECRET).generate(timestamp, body)));
    return new BlockActionRequest(body, p.toString(), new RequestHeaders(headers));
  }

  @Test
  void extend_on_a_reminder_whose_end_moved_changes_nothing_and_says_how_it_stands_now() throws Exception {
    when(actions.standing(ada, FALCON, BEN, END)).thenReturn(
        new ReminderActions.Standing.Moved(falcon, ben, false, Optional.of(END.plusSeconds(7200))));
    assertEquals(200, app().run(click("leader-extend", ButtonValue.of(FALCON, BEN, END))).getStatusCode());
    assertEquals(1, answered.size());
    assertTrue(answered.get(0).contains("has changed since this message") && answered.get(0).contains("Nothing was changed"), answered.get(0));
    verify(access, never()).extendFromButton(any(), any(), any(), any(), any());
  }

  @Test
  void only_a_leader_may_answer_wont_extend_and_the_member_is_not_told_otherwise() throws Exception {
    when(actions.standing(ada, FALCON, BEN, END)).thenReturn(new ReminderActions.Standing.Holds(falcon, ben, false));
    when(actions.mayDecline(ada, FALCON)).thenReturn(false);
    app().run(click("leader-let-expire", ButtonValue.of(FALCON, BEN, END)));
    assertEquals(1, answered.size());
    assertTrue(answered.get(0).contains("Only leaders of *Project Falcon* can decide that."), answered.get(0));
    verifyNoInteractions(dms);
  }

  @Test
  void a_button_value_that_was_tampered_with_is_ignored() throws Exception {
    assertEquals(200, app().run(click("reminder-extend", "not-a-reminder")).getStatusCode());
    verifyNoInteractions(actions, access, dms);
    assertEquals(List.of(), answered);
  }
}
