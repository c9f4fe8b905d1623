package dev.opaljitbot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way (slack → access → opal; store, reminders, approvals, delivery beside): this fails on
 * a reference, imported or written out in full, that breaks that, and on a package that no longer exists (a
 * rule about a missing package would pass without checking anything).
 */
class LayeringTest {
  private static final Path SOURCES = Path.of("src", "main", "java", "dev", "opaljitbot");
  /** An import, or a fully written-out name of ours anywhere in the code. */
  private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)|\\b(dev\\.opaljitbot\\.[a-z_]+\\.[\\w.]+)",
      Pattern.MULTILINE);

  private static List<String> violations(String fromPackage, List<String> forbiddenPrefixes) {
    Path dir = SOURCES.resolve(fromPackage.replace('.', '/'));
    List<String> found = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      throw new AssertionError("no package " + fromPackage + ": update the layering rules");
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher m = IMPORT.matcher(Files.readString(file));
        while (m.find()) {
          String imported = m.group(1) != null ? m.group(1) : m.group(2);
          if (imported.startsWith("dev.opaljitbot." + fromPackage + ".")) {
            continue;
          }
          for (String prefix : forbiddenPrefixes) {
            if (imported.startsWith(prefix)) {
              found.add(SOURCES.relativize(file) + " imports " + imported);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  @Test
  void the_opal_client_imports_nothing_else_of_ours() {
    List<String> ours =
        Stream.of("access", "config", "directory", "slack", "store", "reminders", "approvals", "plans", "sandbox", "server", "delivery")
            .map(p -> "dev.opaljitbot." + p + ".")
            .toList();
    assertEquals(List.of(), violations("opal", ours));
  }

  @Test
  void the_domain_never_sees_slack_or_http_server_types() {
    List<String> forbidden =
        List.of("com.slack.", "dev.opaljitbot.slack.", "jakarta.servlet.", "org.eclipse.jetty.", "dev.opaljitbot.server.");
    for (String domain : List.of("access", "directory", "reminders", "approvals", "plans", "store")) {
      assertEquals(List.of(), violations(domain, forbidden), domain);
    }
  }

  @Test
  void slack_handlers_reach_the_store_only_through_the_domain() {
    assertEquals(List.of(), violations("slack", List.of("dev.opaljitbot.store.")));
  }

  @Test
  void only_the_slack_package_talks_to_bolt() {
    for (String other : List.of("opal", "access", "directory", "config", "server", "sandbox", "store", "reminders", "approvals", "plans")) {
      assertEquals(List.of(), violations(other, List.of("com.slack.")), other);
    }
  }
}
