package dev.opaljitbot.opal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.opaljitbot.sandbox.FaultInjector;
import dev.opaljitbot.sandbox.FaultInjector.Fault;
import dev.opaljitbot.sandbox.OpalSandbox;
import dev.opaljitbot.sandbox.SandboxSeed;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The Opal token never appears in a log line, an exception or a printed setting, whole or in part. */
class TokenSecrecyTest {
  private static final String TOKEN = "opal-secret-token-4f9a7c21e8b3";

  @Test
  void the_token_is_absent_from_logs_exceptions_and_settings() {
    String seed = "{\"users\":[{\"user_id\":\"" + UUID.randomUUID() + "\",\"email\":\"a@example.com\"}],\"api_tokens\":[\"" + TOKEN + "\"]}";
    FaultInjector faults = new FaultInjector();
    Logger logger = (Logger) LoggerFactory.getLogger(OpalClient.class);
    Level before = logger.getLevel();
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    logger.addAppender(captured);
    logger.setLevel(Level.DEBUG);
    StringBuilder everything = new StringBuilder();
    try (OpalSandbox sandbox = OpalSandbox.builder().seed(SandboxSeed.parse(seed)).handlerWrapper(faults).start()) {
      OpalClientSettings settings = OpalClientSettings.defaults(sandbox.baseUrl().toString(), TOKEN)
          .withRetries(2, Duration.ofMillis(1), Duration.ofSeconds(5));
      OpalClient opal = new OpalClient(settings, null);
      everything.append(settings).append(opal);
      opal.getGroups(GroupQuery.all()).toList();
      faults.failNext(5, "GET", "/groups/{group_id}", Fault.status(500));
      everything.append(stackTrace(assertThrows(OpalException.class, () -> opal.getGroup(UUID.randomUUID()))));
      everything.append(stackTrace(assertThrows(OpalException.class, () -> opal.getGroup(UUID.randomUUID()))));
      OpalClient wrong = new OpalClient(OpalClientSettings.defaults(sandbox.baseUrl().toString(), TOKEN + "x"), null);
      everything.append(stackTrace(assertThrows(OpalUnauthorizedException.class, () -> wrong.getUsers().toList())));
    } finally {
      logger.detachAppender(captured);
      logger.setLevel(before);
    }
    // Every line as it is written in both log formats (LOG_FORMAT=text and json).
    ch.qos.logback.classic.LoggerContext context = (ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory();
    for (String format : java.util.List.of("text", "json")) {
      var encoder = dev.opaljitbot.config.LogSetup.encoder(context, format);
      captured.list.forEach(e -> everything.append(new String(encoder.encode(e), java.nio.charset.StandardCharsets.UTF_8)));
    }
    assertTrue(captured.list.size() >= 4, "debug and retry lines were logged: " + captured.list.size());
    String all = everything.toString();
    assertFalse(all.contains(TOKEN.substring(6, 18)), all);
    assertFalse(all.contains("Bearer"), all);
  }

  private static String stackTrace(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
