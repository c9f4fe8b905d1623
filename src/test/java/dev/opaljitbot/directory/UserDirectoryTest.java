package dev.opaljitbot.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.opaljitbot.opal.User;
import dev.opaljitbot.sandbox.SandboxClock;
import dev.opaljitbot.testing.SandboxOpal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Slack users to Opal users and back, against the sandbox's Opal over HTTP. */
class UserDirectoryTest {
  private final SandboxClock clock = new SandboxClock(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);
  private final SandboxOpal opal = new SandboxOpal(clock);
  private final User ben = opal.user("ben");
  private final AtomicInteger slackCalls = new AtomicInteger();
  private final Map<String, String> slackEmails = Map.of("U0BEN", "Ben@Example.com", "U0FINN", "finn@example.com");

  private final SlackProfiles slack = new SlackProfiles() {
    @Override
    public Optional<String> emailOf(String slackUserId) {
      slackCalls.incrementAndGet();
      return Optional.ofNullable(slackEmails.get(slackUserId));
    }

    @Override
    public Optional<String> slackIdOf(String email) {
      slackCalls.incrementAndGet();
      return slackEmails.entrySet().stream().filter(e -> e.getValue().equalsIgnoreCase(email)).map(Map.Entry::getKey).findFirst();
    }
  };
  private final UserDirectory users = new UserDirectory(opal.client(), slack, DirectorySettings.defaults(), clock, null, Runnable::run);

  @AfterEach
  void stop() {
    opal.close();
  }

  @Test
  void a_slack_user_maps_to_the_opal_user_with_the_same_email_in_any_case() {
    assertEquals(new OpalIdentity.Found(ben), users.identify("U0BEN"));
    assertEquals(Optional.of(ben), users.byEmail("BEN@example.com"));
  }

  @Test
  void each_reason_a_slack_user_has_no_opal_account_is_told_apart() {
    assertInstanceOf(OpalIdentity.NoEmail.class, users.identify("U0GUS"));
    assertEquals(new OpalIdentity.NoOpalAccount("finn@example.com"), users.identify("U0FINN"));
  }

  @Test
  void lookups_are_cached_in_both_directions() {
    users.identify("U0BEN");
    users.identify("U0BEN");
    assertEquals(1, opal.faults().calls("GET", "/user"));
    assertEquals(Optional.of("U0BEN"), users.slackIdOf("ben@example.com"));
    assertEquals(Optional.of("U0BEN"), users.slackIdOf("ben@example.com"));
    assertEquals(2, slackCalls.get(), "one users.info and one users.lookupByEmail");
    assertEquals(Optional.of(ben), users.cachedById(ben.userId()), "identifying fills the id cache too");
  }

  @Test
  void an_unknown_email_is_remembered_briefly_then_asked_again() {
    assertEquals(Optional.empty(), users.byEmail("typo@example.com"));
    assertEquals(Optional.empty(), users.byEmail("typo@example.com"));
    assertEquals(1, opal.faults().calls("GET", "/user"));
    clock.advance(Duration.ofMinutes(2));
    opal.user("typo");
    assertEquals("typo@example.com", users.byEmail("typo@example.com").orElseThrow().email());
    assertEquals(2, opal.faults().calls("GET", "/user"));
  }
}
