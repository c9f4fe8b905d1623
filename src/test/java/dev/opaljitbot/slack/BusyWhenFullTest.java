package dev.opaljitbot.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

import com.slack.api.app_backend.SlackSignature;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import dev.opaljitbot.access.GroupAccess;
import dev.opaljitbot.sandbox.slack.SlackStandIn;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The command listener behind {@link BusyWhenFull}, in the style of Bolt's own tests: {@code App.run} on a
 * signed request, with the work pool and the domain as Mockito mocks (the pool refuses; the domain must not be
 * touched), and Slack's Web API (for Bolt's token check) at the local stand-in.
 */
class BusyWhenFullTest {
  private static final String SECRET = "test-signing-secret";
  private static final String TOKEN = "xoxb-busy-test";

  private final SlackStandIn slack = SlackStandIn.builder().botToken(TOKEN).start();
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private final ExecutorService full = mock(ExecutorService.class);
  private final GroupAccess access = mock(GroupAccess.class);

  @AfterEach
  void stop() {
    slack.close();
  }

  private App app() {
    App app = new App(AppConfig.builder().singleTeamBotToken(TOKEN).signingSecret(SECRET)
        .slack(SlackApp.slackClient(slack.apiUrl())).build());
    Messages messages = new Messages(Clock.systemUTC(), "/access");
    app.use(new BusyWhenFull(metrics));
    app.command("/access", new CommandListener(mock(Lookups.class), access, mock(ModalOpener.class), mock(RequestListeners.class),
        messages, full, mock(dev.opaljitbot.access.GroupItems.class), mock(ItemViews.class),
        new ActingAs(mock(Lookups.class), messages), mock(dev.opaljitbot.plans.PlannedAdds.class), metrics));
    return app;
  }

  private static SlashCommandRequest command(String text) {
    String body = "token=unused&team_id=T0SANDBOX&channel_id=C0PROJECTS&user_id=U0ADA0001&command=%2Faccess&text="
        + URLEncoder.encode(text, StandardCharsets.UTF_8) + "&response_url=http%3A%2F%2F127.0.0.1%3A1%2Fr&trigger_id=1.2.3";
    String timestamp = String.valueOf(System.currentTimeMillis() / 1000);
    Map<String, List<String>> headers = new HashMap<>();
    headers.put(SlackSignature.HeaderNames.X_SLACK_REQUEST_TIMESTAMP, List.of(timestamp));
    headers.put(SlackSignature.HeaderNames.X_SLACK_SIGNATURE, List.of(new SlackSignature.Generator(SECRET).generate(timestamp, body)));
    return new SlashCommandRequest(body, new RequestHeaders(headers));
  }

  @Test
  void a_command_that_finds_the_work_queue_full_is_answered_busy_at_once_and_nothing_is_done() throws Exception {
    doThrow(new RejectedExecutionException("queue full")).when(full).execute(any());
    Response response = app().run(command("members Project Falcon"));
    assertEquals(200, response.getStatusCode());
    assertTrue(response.getBody().contains("busy right now, so nothing was done"), response.getBody());
    assertTrue(response.getBody().contains("\"response_type\":\"ephemeral\""), response.getBody());
    assertEquals(1.0, metrics.counter("slack.busy.answers").count());
    verifyNoInteractions(access);
  }

  @Test
  void help_needs_no_work_and_is_answered_even_when_the_queue_is_full() throws Exception {
    doThrow(new RejectedExecutionException("queue full")).when(full).execute(any());
    Response response = app().run(command("help"));
    assertTrue(response.getBody().contains("Time-bound access to Opal groups"), response.getBody());
    assertEquals(0.0, metrics.counter("slack.busy.answers").count());
  }
}
