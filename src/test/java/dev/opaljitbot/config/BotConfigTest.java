package dev.opaljitbot.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BotConfigTest {
  private static final String BOT_TOKEN = "xoxb-1111-2222-secretsecret";
  private static final String SIGNING_SECRET = "signing-secret-abcdef";
  private static final String OPAL_TOKEN = "opal-token-0123456789";

  private static Map<String, String> complete() {
    Map<String, String> env = new HashMap<>();
    env.put("SLACK_BOT_TOKEN", BOT_TOKEN);
    env.put("SLACK_SIGNING_SECRET", SIGNING_SECRET);
    env.put("OPAL_API_TOKEN", OPAL_TOKEN);
    return env;
  }

  @Test
  void defaults_follow_the_runtime_contract() {
    BotConfig config = BotConfig.fromEnvironment(complete(), false);
    assertEquals(URI.create("https://slack.com/api/"), config.slackApiUrl());
    assertEquals(URI.create("https://api.opal.dev/v1"), config.opalBaseUrl());
    assertEquals(URI.create("https://app.opal.dev"), config.opalWebUrl());
    assertFalse(config.requestNotifyMembers());
    assertEquals("JIRA", config.ticketingProvider());
    assertEquals(3000, config.port());
    assertEquals("jdbc:sqlite:./data/opal-jit-bot.db", config.databaseUrl());
    assertEquals("/access", config.slashCommand());
    assertEquals(List.of(Duration.ofHours(24), Duration.ofHours(1)), config.reminderLeadTimes());
    assertEquals(Duration.ofMinutes(5), config.reminderSweepInterval());
    assertEquals(Optional.empty(), config.auditChannel());
  }

  @Test
  void every_missing_setting_is_named_in_one_error() {
    ConfigException e = assertThrows(ConfigException.class, () -> BotConfig.fromEnvironment(Map.of(), false));
    assertEquals(3, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().contains("SLACK_BOT_TOKEN"));
    assertTrue(e.getMessage().contains("SLACK_SIGNING_SECRET"));
    assertTrue(e.getMessage().contains("OPAL_API_TOKEN"));
  }

  @Test
  void invalid_values_are_all_reported_together_with_what_to_fix() {
    Map<String, String> env = complete();
    env.put("PORT", "eighty");
    env.put("REMINDER_LEAD_TIMES", "24h,soon");
    env.put("REMINDER_SWEEP_INTERVAL", "30s");
    env.put("AUDIT_CHANNEL", "#security");
    env.put("DATABASE_URL", "mysql://db");
    env.put("SLASH_COMMAND", "access");
    env.put("OPAL_BASE_URL", "ftp://opal");
    ConfigException e = assertThrows(ConfigException.class, () -> BotConfig.fromEnvironment(env, false));
    assertEquals(7, e.problems().size(), e.getMessage());
    for (String name :
        List.of("PORT", "REMINDER_LEAD_TIMES", "REMINDER_SWEEP_INTERVAL", "AUDIT_CHANNEL", "DATABASE_URL", "SLASH_COMMAND", "OPAL_BASE_URL")) {
      assertTrue(e.getMessage().contains(name), name + " missing from: " + e.getMessage());
    }
  }

  @Test
  void the_ticket_provider_is_one_opal_knows_in_any_case_and_a_wrong_one_is_named() {
    Map<String, String> env = complete();
    env.put("TICKET_PROVIDER", "linear");
    assertEquals("LINEAR", BotConfig.fromEnvironment(env, false).ticketingProvider());
    env.put("TICKET_PROVIDER", "github");
    ConfigException e = assertThrows(ConfigException.class, () -> BotConfig.fromEnvironment(env, false));
    assertTrue(e.getMessage().contains("TICKET_PROVIDER must be one of JIRA, LINEAR, SERVICE_NOW"), e.getMessage());
    assertTrue(e.getMessage().contains("\"github\""), e.getMessage());
  }

  @Test
  void a_review_channel_is_a_channel_id_and_its_tag_key_has_a_default() {
    Map<String, String> env = complete();
    BotConfig defaults = BotConfig.fromEnvironment(env, false);
    assertEquals(Optional.empty(), defaults.reviewChannel());
    assertEquals("slack-review-channel", defaults.reviewChannelTag());
    env.put("REVIEW_CHANNEL", "#access-reviews");
    ConfigException e = assertThrows(ConfigException.class, () -> BotConfig.fromEnvironment(env, false));
    assertTrue(e.getMessage().contains("REVIEW_CHANNEL must be a Slack channel ID such as C0123ABCD"), e.getMessage());
    env.put("REVIEW_CHANNEL", "C0REVIEWS");
    env.put("REVIEW_CHANNEL_TAG", "review-room");
    BotConfig set = BotConfig.fromEnvironment(env, false);
    assertEquals(Optional.of("C0REVIEWS"), set.reviewChannel());
    assertEquals("review-room", set.reviewChannelTag());
  }

  @Test
  void nudges_wait_four_hours_by_default_and_stop_at_a_stale_age_after_that() {
    Map<String, String> env = complete();
    BotConfig defaults = BotConfig.fromEnvironment(env, false);
    assertEquals(java.time.Duration.ofHours(4), defaults.reviewRemindAfter());
    assertEquals(java.time.Duration.ofDays(7), defaults.reviewStaleAfter());
    env.put("REVIEW_REMIND_AFTER", "2d");
    env.put("REVIEW_STALE_AFTER", "1d");
    ConfigException e = assertThrows(ConfigException.class, () -> BotConfig.fromEnvironment(env, false));
    assertTrue(e.getMessage().contains("REVIEW_STALE_AFTER must be longer than REVIEW_REMIND_AFTER"), e.getMessage());
  }

  @Test
  void secrets_never_appear_in_errors_or_in_the_printed_configuration() {
    Map<String, String> env = complete();
    env.put("SLACK_BOT_TOKEN", "xoxp-user-token-not-a-bot-token");
    ConfigException e = assertThrows(ConfigException.class, () -> BotConfig.fromEnvironment(env, false));
    assertTrue(e.getMessage().contains("xoxb-"), e.getMessage());
    assertFalse(e.getMessage().contains("user-token"), e.getMessage());

    String printed = BotConfig.fromEnvironment(complete(), false).toString();
    for (String secret : List.of(BOT_TOKEN, SIGNING_SECRET, OPAL_TOKEN)) {
      assertFalse(printed.contains(secret.substring(5, 12)), printed);
    }
  }

  @Test
  void sandbox_mode_needs_no_credentials_but_refuses_half_a_slack_app() {
    BotConfig config = BotConfig.fromEnvironment(Map.of(), true);
    assertTrue(config.slack().isEmpty());
    assertTrue(config.opalApiToken().isEmpty());

    ConfigException e =
        assertThrows(
            ConfigException.class, () -> BotConfig.fromEnvironment(Map.of("SLACK_BOT_TOKEN", BOT_TOKEN), true));
    assertEquals(List.of("SLACK_SIGNING_SECRET is missing: set it to the Slack app's signing secret (or SLACK_APP_TOKEN, xapp-…, for Socket"
        + " Mode)"), e.problems());
  }

  @Test
  void socket_mode_needs_the_app_token_instead_of_the_signing_secret_and_checks_its_kind() {
    Map<String, String> env = new java.util.HashMap<>(Map.of("SLACK_BOT_TOKEN", BOT_TOKEN, "SLACK_APP_TOKEN", "xapp-1-A0-123-abc",
        "OPAL_API_TOKEN", "opal-token"));
    BotConfig config = BotConfig.fromEnvironment(env, false);
    assertTrue(config.slack().orElseThrow().socketMode());
    assertTrue(config.slack().orElseThrow().signingSecret().isEmpty());

    env.put("SLACK_APP_TOKEN", "xoxb-not-an-app-token");
    ConfigException e = assertThrows(ConfigException.class, () -> BotConfig.fromEnvironment(env, false));
    assertTrue(e.getMessage().contains("SLACK_APP_TOKEN must be an app-level token starting with xapp-"), e.getMessage());
    assertFalse(e.getMessage().contains("xoxb-not"), "the token itself is never echoed");

    // In sandbox mode an app token alone runs the Slack stand-in over Socket Mode.
    BotConfig sandbox = BotConfig.fromEnvironment(Map.of("SLACK_APP_TOKEN", "xapp-local"), true);
    assertTrue(sandbox.slack().isEmpty());
    assertTrue(sandbox.slackAppToken().isPresent());
  }

  @Test
  void lead_times_are_ordered_longest_first_and_duplicates_refused() {
    Map<String, String> env = complete();
    env.put("REMINDER_LEAD_TIMES", "1h, 3d ,30m");
    assertEquals(
        List.of(Duration.ofDays(3), Duration.ofHours(1), Duration.ofMinutes(30)),
        BotConfig.fromEnvironment(env, false).reminderLeadTimes());

    env.put("REMINDER_LEAD_TIMES", "1h,60m");
    ConfigException e = assertThrows(ConfigException.class, () -> BotConfig.fromEnvironment(env, false));
    assertTrue(e.getMessage().contains("twice"), e.getMessage());
  }

  @Test
  void the_slack_api_url_always_ends_with_a_slash() {
    Map<String, String> env = complete();
    env.put("SLACK_API_URL", "http://127.0.0.1:9999/api");
    assertEquals(URI.create("http://127.0.0.1:9999/api/"), BotConfig.fromEnvironment(env, false).slackApiUrl());
  }

  @Test
  void log_format_is_text_or_json_and_anything_else_is_named() {
    Map<String, String> env = complete();
    env.put("LOG_FORMAT", "JSON");
    BotConfig.fromEnvironment(env, false);
    env.put("LOG_FORMAT", "yaml");
    ConfigException e = assertThrows(ConfigException.class, () -> BotConfig.fromEnvironment(env, false));
    assertTrue(e.getMessage().contains("LOG_FORMAT must be text or json, got \"yaml\""), e.getMessage());
  }
}
