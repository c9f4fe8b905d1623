package dev.opaljitbot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.opaljitbot.testing.TestResources;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Slack app manifest creates a working app: valid per Slack's schema, and wired to our endpoint. */
class ManifestTest {
  // Slack's schemas are test resources (see slack/README.md there), so the test reads nothing outside the repo.
  private static final URI SLACK_SCHEMAS = TestResources.uri("slack/");
  private static final String UPSTREAM = "https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/";

  private static JsonSchema schema;
  private static JsonNode manifest;
  private static JsonNode socketMode;

  @BeforeAll
  static void load() throws Exception {
    JsonSchemaFactory factory =
        JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V7,
            builder -> builder.schemaMappers(m -> m.mapPrefix(UPSTREAM, SLACK_SCHEMAS.resolve("schemas/").toString())));
    schema = factory.getSchema(SchemaLocation.of(SLACK_SCHEMAS.resolve("manifest.schema.json").toString()));
    manifest = new ObjectMapper(new YAMLFactory()).readTree(Path.of("manifest.yml").toFile());
    socketMode = new ObjectMapper(new YAMLFactory()).readTree(Path.of("manifest.socket-mode.yml").toFile());
  }

  @Test
  void the_socket_mode_manifest_is_valid_has_no_request_urls_and_differs_only_in_how_slack_reaches_the_bot() {
    Set<ValidationMessage> errors = schema.validate(socketMode);
    assertTrue(errors.isEmpty(), errors.toString());
    assertTrue(socketMode.path("settings").path("socket_mode_enabled").asBoolean());
    assertFalse(manifest.path("settings").path("socket_mode_enabled").asBoolean());
    assertFalse(socketMode.toString().contains("https://"), "no request URL: " + socketMode);
    // Everything else is the same app: scopes, events, the command and its escaping.
    ObjectNode http = manifest.deepCopy();
    ((ObjectNode) http.path("features").path("slash_commands").get(0)).remove("url");
    ((ObjectNode) http.path("settings").path("event_subscriptions")).remove("request_url");
    ((ObjectNode) http.path("settings").path("interactivity")).remove(List.of("request_url", "message_menu_options_url"));
    ((ObjectNode) http.path("settings")).put("socket_mode_enabled", true);
    assertEquals(http, socketMode);
  }

  @Test
  void manifest_is_valid_against_slacks_schema() {
    Set<ValidationMessage> errors = schema.validate(manifest);
    assertTrue(errors.isEmpty(), errors.toString());
  }

  @Test
  void the_validator_really_rejects_a_broken_manifest() {
    ObjectNode broken = manifest.deepCopy();
    ((ObjectNode) broken.path("display_information")).put("name", "x".repeat(40));
    broken.putObject("settings").put("no_such_setting", true);
    assertFalse(schema.validate(broken).isEmpty());
  }

  @Test
  void every_request_url_points_at_slack_events_and_mentions_are_escaped() {
    List<String> urls = new ArrayList<>();
    JsonNode command = manifest.path("features").path("slash_commands").get(0);
    urls.add(command.path("url").asText());
    urls.add(manifest.path("settings").path("event_subscriptions").path("request_url").asText());
    urls.add(manifest.path("settings").path("interactivity").path("request_url").asText());
    urls.add(manifest.path("settings").path("interactivity").path("message_menu_options_url").asText());
    urls.forEach(u -> assertTrue(u.startsWith("https://") && u.endsWith("/slack/events"), u));
    assertEquals("/access", command.path("command").asText());
    assertTrue(command.path("should_escape").asBoolean());
    assertEquals(2, manifest.path("_metadata").path("major_version").asInt());
  }

  @Test
  void the_bot_asks_only_for_the_scopes_it_needs() {
    List<String> scopes = new ArrayList<>();
    manifest.path("oauth_config").path("scopes").path("bot").forEach(s -> scopes.add(s.asText()));
    assertEquals(List.of("commands", "chat:write", "im:write", "users:read", "users:read.email", "channels:history", "groups:history",
        "im:history"), scopes);
    assertEquals("app_home_opened", manifest.path("settings").path("event_subscriptions").path("bot_events").get(0).asText());
  }
}
