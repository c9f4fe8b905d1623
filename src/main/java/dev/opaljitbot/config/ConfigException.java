package dev.opaljitbot.config;

import java.util.List;

/** Bad configuration: every missing or invalid setting at once, so one restart fixes them all. */
public final class ConfigException extends RuntimeException {
  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super("Invalid configuration:\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
