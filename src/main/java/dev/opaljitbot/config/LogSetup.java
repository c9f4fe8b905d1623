package dev.opaljitbot.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Locale;
import java.util.Map;

/**
 * Logging, set up in code (found by logback through {@code META-INF/services}): one line per event on stdout,
 * as text or, with {@code LOG_FORMAT=json}, as one JSON object per line (logback's own JSON encoder, with an
 * event's key-value pairs, such as the audit fields, as fields of {@code kvpList}). Set up in code rather
 * than XML: it reads the environment and spares the start-up logback's XML parser. Tests keep their
 * {@code logback-test.xml}.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
  /** The values LOG_FORMAT takes; anything else is reported by {@link BotConfig} (and logged as text meanwhile). */
  public static final String TEXT = "text";
  public static final String JSON = "json";

  /** Quieter libraries: never DEBUG for the Slack SDK (it logs whole bodies, with tokens), no JDBC URLs from Flyway. */
  private static final Map<String, Level> LEVELS = Map.of(
      "com.slack.api", Level.INFO,
      "org.eclipse.jetty", Level.WARN,
      "com.zaxxer.hikari", Level.WARN,
      // Flyway prints the JDBC URL at INFO, and a PostgreSQL URL may carry a password.
      "org.flywaydb", Level.WARN);

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (LogSetup.class.getClassLoader().getResource("logback-test.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY; // the test configuration applies
    }
    configure(context, System.getenv().getOrDefault("LOG_FORMAT", TEXT));
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** Sets up {@code context} for a format ({@code text} unless it is {@code json}); public for tests. */
  public static void configure(LoggerContext context, String format) {
    context.reset();
    Encoder<ILoggingEvent> encoder = encoder(context, format);
    ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
    stdout.setContext(context);
    stdout.setName("STDOUT");
    stdout.setEncoder(encoder);
    stdout.start();
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(stdout);
    LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
  }

  /** The encoder for a format: {@code json}, else text. */
  public static Encoder<ILoggingEvent> encoder(LoggerContext context, String format) {
    return JSON.equals(format.strip().toLowerCase(Locale.ROOT)) ? json(context) : text(context);
  }

  private static Encoder<ILoggingEvent> text(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    // Key-value pairs (the audit fields) follow the message; nothing is added to events without them.
    encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%replace( %kvp){'^ $', ''}%n");
    encoder.start();
    return encoder;
  }

  private static Encoder<ILoggingEvent> json(LoggerContext context) {
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(context);
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.setWithContext(false);
    encoder.setWithArguments(false);
    encoder.setWithMessage(false); // the formatted message says it once
    encoder.setWithFormattedMessage(true);
    encoder.start();
    return encoder;
  }
}
