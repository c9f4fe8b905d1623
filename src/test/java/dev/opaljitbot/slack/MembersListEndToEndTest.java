package dev.opaljitbot.slack;

import static dev.opaljitbot.slack.BotHarness.WAIT;
import static dev.opaljitbot.slack.BotHarness.ADA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opaljitbot.sandbox.FaultInjector.Fault;
import dev.opaljitbot.sandbox.SandboxSeed;
import dev.opaljitbot.sandbox.slack.RecordedMessage;
import dev.opaljitbot.sandbox.slack.RecordedView;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** A long members list pages within Slack's limits; its Extend button opens the extend modal. */
class MembersListEndToEndTest {
  static final String BIG = "33333333-3333-4333-8333-0000000000b1";

  private static SandboxSeed seed() {
    String ada = "{\"user_id\":\"11111111-1111-4111-8111-000000000001\",\"email\":\"ada@example.com\",\"full_name\":\"Ada Lovelace\"}";
    String users = IntStream.rangeClosed(1, 20)
        .mapToObj(i -> String.format("{\"user_id\":\"11111111-1111-4111-8111-1000000000%02d\",\"email\":\"m%02d@example.com\",\"full_name\":\"Member %02d\"}", i, i, i))
        .collect(Collectors.joining(","));
    String members = IntStream.rangeClosed(1, 20)
        .mapToObj(i -> String.format("{\"group_id\":\"%s\",\"user_id\":\"11111111-1111-4111-8111-1000000000%02d\",\"duration_minutes\":%d}", BIG, i, 60 * i))
        .collect(Collectors.joining(","));
    return SandboxSeed.parse("{\"users\":[" + ada + "," + users + "],\"groups\":[{\"group_id\":\"" + BIG
        + "\",\"name\":\"Big Team\",\"group_leader_user_ids\":[\"11111111-1111-4111-8111-000000000001\"],\"max_duration\":1440}],"
        + "\"group_users\":[" + members + ",{\"group_id\":\"" + BIG + "\",\"user_id\":\"11111111-1111-4111-8111-000000000001\",\"duration_minutes\":0}],"
        + "\"api_tokens\":[\"sandbox-token\"]}");
  }

  /** Closed after each test (JUnit closes every @AutoClose field): the bot, its sandbox and stand-in. */
  @AutoClose
  private final BotHarness harness = new BotHarness(Map.of(), Optional.of(seed()));


  @Test
  void a_long_list_is_paged_and_the_next_page_replaces_the_message() {
    harness.command(ADA, "members big team");
    RecordedMessage first = harness.slack.awaitMessageTo(ADA, m -> m.allText().contains("page 1 of 2"), WAIT);
    assertTrue(first.allText().contains("Member 01"), first.allText());
    assertFalse(first.allText().contains("Member 16"), first.allText());
    assertTrue(first.blocks().size() <= 50);
    assertTrue(first.actionIds().contains("members-page-next"));

    harness.click(ADA, "members-page-next", BIG + ":1");
    RecordedMessage second = harness.slack.awaitMessageTo(ADA, m -> m.allText().contains("page 2 of 2"), WAIT);
    assertTrue(second.replaceOriginal());
    assertTrue(second.allText().contains("Member 16"), second.allText());
    assertTrue(second.allText().contains("<@U0ADA0001>"), "indefinite members come last, as Slack mentions where known");
    assertTrue(second.allText().contains("no end date"), second.allText());
    assertTrue(second.actionIds().contains("members-page-prev"));
  }

  @Test
  void the_extend_button_opens_the_extend_modal_for_that_member() {
    harness.command(ADA, "members big team");
    harness.slack.awaitMessageTo(ADA, m -> m.allText().contains("page 1 of 2"), WAIT);
    harness.click(ADA, "member-extend", BIG + ":11111111-1111-4111-8111-000000000001");
    RecordedView modal = harness.slack.awaitView(ADA, v -> v.title().equals("Extend access"), WAIT);
    assertEquals(ADA, modal.view().path("blocks").get(1).path("element").path("initial_user").asText());
    assertEquals(BIG, modal.view().path("blocks").get(0).path("element").path("initial_option").path("value").asText());
  }

  @Test
  void the_modal_opens_at_once_even_when_opal_is_slow_and_the_cache_cold() {
    harness.opalFaults.failNext(5, "GET", "/groups", Fault.slow(Duration.ofSeconds(3)));
    harness.opalFaults.failNext(5, "GET", "/groups/{g}", Fault.slow(Duration.ofSeconds(3)));
    long started = System.nanoTime();
    assertEquals(200, harness.command(ADA, "add <@U0BEN0002|ben> 33333333-3333-4333-8333-0000000000b9").statusCode());
    long millis = (System.nanoTime() - started) / 1_000_000;
    RecordedView modal = harness.slack.awaitView(ADA, v -> v.title().equals("Add members"), WAIT);
    assertTrue(modal.view().path("blocks").get(0).path("element").path("initial_option").isMissingNode(),
        "the group could not be resolved in time, so it is left to pick");
    assertTrue(millis < 3000, "answered in " + millis + " ms");
  }
}
