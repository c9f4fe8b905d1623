package dev.opaljitbot.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/** Log lines as a platform reads them: JSON with the audit fields as fields, or text with them after the message. */
class LogSetupTest {
  private final LoggerContext context = new LoggerContext();

  LogSetupTest() {
    context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
  }

  private LoggingEvent auditEvent() {
    LoggingEvent event = new LoggingEvent("audit", context.getLogger("audit"), Level.INFO, "{} {}", null, new Object[] {"ADD", "Project Falcon"});
    event.setKeyValuePairs(List.of(new KeyValuePair("action", "ADD"), new KeyValuePair("group", "Project Falcon"),
        new KeyValuePair("slack_user", "U0ADA0001")));
    return event;
  }

  @Test
  void json_logs_are_one_object_per_line_with_the_audit_fields_as_fields() throws Exception {
    String line = new String(LogSetup.encoder(context, "json").encode(auditEvent()), StandardCharsets.UTF_8);
    assertEquals(1, line.strip().lines().count(), line);
    JsonNode json = new ObjectMapper().readTree(line);
    assertEquals("INFO", json.path("level").asText());
    assertEquals("audit", json.path("loggerName").asText());
    assertEquals("ADD Project Falcon", json.path("formattedMessage").asText());
    String fields = json.path("kvpList").toString();
    assertTrue(fields.contains("\"action\":\"ADD\"") && fields.contains("\"slack_user\":\"U0ADA0001\""), line);
  }

  @Test
  void text_logs_show_the_audit_fields_after_the_message_and_nothing_extra_without_them() {
    String line = new String(LogSetup.encoder(context, "text").encode(auditEvent()), StandardCharsets.UTF_8);
    assertTrue(line.contains("audit - ADD Project Falcon action=\"ADD\" group=\"Project Falcon\" slack_user=\"U0ADA0001\""), line);
    LoggingEvent plain = new LoggingEvent("x", context.getLogger("x"), Level.WARN, "just words", null, null);
    String text = new String(LogSetup.encoder(context, "text").encode(plain), StandardCharsets.UTF_8);
    assertTrue(text.endsWith("x - just words" + System.lineSeparator()), text);
  }
}
