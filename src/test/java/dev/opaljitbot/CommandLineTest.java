package dev.opaljitbot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {

  @Test
  void no_arguments_means_serve() {
    assertEquals(new CommandLine.Serve(false, Optional.empty()), CommandLine.parse());
  }

  @Test
  void serve_with_sandbox_and_a_seed(@TempDir Path dir) throws Exception {
    Path seed = Files.writeString(dir.resolve("seed.json"), "{}");
    assertEquals(
        new CommandLine.Serve(true, Optional.of(seed)),
        CommandLine.parse("serve", "--sandbox", "--seed", seed.toString()));
  }

  @Test
  void sandbox_defaults_to_port_4011() {
    assertEquals(new CommandLine.Sandbox(4011, Optional.empty()), CommandLine.parse("sandbox"));
    assertEquals(new CommandLine.Sandbox(5000, Optional.empty()), CommandLine.parse("sandbox", "--port", "5000"));
  }

  @Test
  void every_problem_is_reported_at_once() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CommandLine.parse("sandbox", "--port", "http", "--seed", "/no/such/seed.json", "--verbose"));
    String message = e.getMessage();
    assertTrue(message.contains("--port must be a number"), message);
    assertTrue(message.contains("/no/such/seed.json"), message);
    assertTrue(message.contains("unknown option --verbose"), message);
  }

  @Test
  void an_unknown_subcommand_is_refused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("start"));
    assertTrue(e.getMessage().contains("unknown subcommand start"), e.getMessage());
  }

  @Test
  void a_seed_without_sandbox_is_refused_rather_than_ignored(@TempDir Path dir) throws Exception {
    Path seed = Files.writeString(dir.resolve("seed.json"), "{}");
    assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("serve", "--seed", seed.toString()));
  }
}
