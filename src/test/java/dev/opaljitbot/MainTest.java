package dev.opaljitbot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Map<String, String> env, String... args) {
    return Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void serve_without_configuration_exits_2_naming_every_missing_setting() {
    assertEquals(2, run(Map.of(), "serve"));
    String message = err.toString(StandardCharsets.UTF_8);
    assertTrue(message.contains("SLACK_BOT_TOKEN") && message.contains("SLACK_SIGNING_SECRET") && message.contains("OPAL_API_TOKEN"), message);
  }

  @Test
  void a_bad_seed_file_exits_2_with_what_to_fix(@TempDir Path dir) throws Exception {
    Path seed = Files.writeString(dir.resolve("seed.json"),
        "{\"users\":[],\"group_users\":[{\"group_id\":\"33333333-3333-4333-8333-000000000009\",\"user_id\":\"11111111-1111-4111-8111-000000000009\"}],\"api_tokens\":[]}");
    assertEquals(2, run(Map.of(), "sandbox", "--port", "0", "--seed", seed.toString()));
    String message = err.toString(StandardCharsets.UTF_8);
    assertTrue(message.contains("group_users entry group_id 33333333-3333-4333-8333-000000000009 does not exist"), message);
    assertTrue(message.contains("api_tokens must list at least one token"), message);
  }

  @Test
  void unknown_arguments_exit_2_with_usage() {
    assertEquals(2, run(Map.of(), "serve", "--verbose"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage:"));
  }

  @Test
  void help_exits_0() {
    assertEquals(0, run(Map.of(), "--help"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("serve --sandbox"));
  }
}
