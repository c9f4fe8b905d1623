package dev.opaljitbot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The jar's subcommands and their options, as in the runtime contract. */
sealed interface CommandLine {

  String USAGE =
      """
      usage: java -jar opal-jit-bot.jar [serve [--sandbox] [--seed FILE]]
             java -jar opal-jit-bot.jar sandbox [--port PORT] [--seed FILE]
        serve             run the bot (the default); configuration comes from environment variables
        serve --sandbox   run the bot on an embedded Opal sandbox (no Opal account needed); without
                          SLACK_BOT_TOKEN/SLACK_SIGNING_SECRET it also uses an embedded Slack stand-in
        sandbox           run only the Opal sandbox API (default port 4011)
        --seed FILE       the sandbox's organisation (JSON); default: a built-in demo organisation""";

  /** Run the bot. */
  record Serve(boolean sandbox, Optional<Path> seed) implements CommandLine {}

  /** Run only the Opal sandbox API. */
  record Sandbox(int port, Optional<Path> seed) implements CommandLine {}

  /** Print usage. */
  record Help() implements CommandLine {}

  /** Parses the arguments, or throws {@link IllegalArgumentException} listing every problem. */
  static CommandLine parse(String... args) {
    List<String> problems = new ArrayList<>();
    List<String> rest = new ArrayList<>(List.of(args));
    String verb = rest.isEmpty() ? "serve" : rest.remove(0);
    boolean sandboxFlag = false;
    Optional<Path> seed = Optional.empty();
    Integer port = null;
    for (int i = 0; i < rest.size(); i++) {
      String arg = rest.get(i);
      switch (arg) {
        case "--sandbox" -> sandboxFlag = true;
        case "--seed" -> {
          if (i + 1 >= rest.size()) {
            problems.add("--seed needs a file");
          } else {
            Path file = Path.of(rest.get(++i));
            if (!Files.isReadable(file)) {
              problems.add("--seed " + file + ": no such readable file");
            }
            seed = Optional.of(file);
          }
        }
        case "--port" -> {
          if (i + 1 >= rest.size()) {
            problems.add("--port needs a number");
          } else {
            String value = rest.get(++i);
            try {
              port = Integer.parseInt(value);
              if (port < 0 || port > 65535) {
                problems.add("--port must be from 0 to 65535, got " + value);
              }
            } catch (NumberFormatException e) {
              problems.add("--port must be a number, got " + value);
            }
          }
        }
        case "-h", "--help" -> {
          return new Help();
        }
        default -> problems.add("unknown option " + arg);
      }
    }
    CommandLine result =
        switch (verb) {
          case "serve" -> {
            if (port != null) problems.add("serve takes its port from the PORT environment variable, not --port");
            if (seed.isPresent() && !sandboxFlag) problems.add("--seed needs --sandbox");
            yield new Serve(sandboxFlag, seed);
          }
          case "sandbox" -> {
            if (sandboxFlag) problems.add("sandbox does not take --sandbox");
            yield new Sandbox(port == null ? 4011 : port, seed);
          }
          case "help", "-h", "--help" -> new Help();
          default -> {
            problems.add("unknown subcommand " + verb + " (expected serve or sandbox)");
            yield new Help();
          }
        };
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
    return result;
  }
}
