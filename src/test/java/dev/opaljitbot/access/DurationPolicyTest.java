package dev.opaljitbot.access;

import static dev.opaljitbot.access.Groups.group;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opaljitbot.access.DurationPolicy.Checked;
import dev.opaljitbot.access.DurationPolicy.Requested;
import dev.opaljitbot.opal.AccessDuration;
import dev.opaljitbot.opal.Group;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DurationPolicyTest {
  private final DurationPolicy policy = new DurationPolicy();
  private final Group falcon = group("Project Falcon", 480, 120, 60);
  private final Group open = group("Incident Bridge", null, null, 0);

  @Test
  void a_duration_within_the_groups_maximum_is_allowed() {
    assertEquals(
        new Checked.Allowed(AccessDuration.of(Duration.ofHours(8))),
        policy.check(falcon, new Requested.For(Duration.ofHours(8))));
  }

  @Test
  void a_duration_beyond_the_groups_maximum_is_refused_with_the_maximum() {
    assertEquals(
        new Checked.TooLong(Duration.ofHours(9), Duration.ofHours(8)),
        policy.check(falcon, new Requested.For(Duration.ofHours(9))));
  }

  @Test
  void without_a_group_maximum_opals_own_limit_applies() {
    assertEquals(
        new Checked.TooLong(Duration.ofDays(400), Duration.ofMinutes(525_960)),
        policy.check(open, new Requested.For(Duration.ofDays(400))));
  }

  @Test
  void indefinite_access_only_where_the_group_has_no_maximum() {
    assertEquals(new Checked.Allowed(AccessDuration.indefinite()), policy.check(open, new Requested.Indefinite()));
    assertEquals(new Checked.IndefiniteNotAllowed(Duration.ofHours(8)), policy.check(falcon, new Requested.Indefinite()));
    assertTrue(policy.allowsIndefinite(open));
    assertFalse(policy.allowsIndefinite(falcon));
  }

  @Test
  void presets_stop_at_the_maximum_and_offer_the_maximum_itself() {
    assertEquals(
        List.of(Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(4), Duration.ofHours(8)),
        policy.presets(falcon));
    assertEquals(DurationPolicy.PRESETS, policy.presets(open));
  }

  @Test
  void the_recommended_duration_is_suggested_when_allowed() {
    assertEquals(Duration.ofHours(2), policy.suggested(falcon));
    assertEquals(Duration.ofHours(1), policy.suggested(group("tight", 60, 600, 0)));
    assertEquals(Duration.ofHours(2), policy.suggested(open));
  }

  @Test
  void extensions_use_the_groups_extension_then_its_recommendation() {
    assertEquals(Duration.ofHours(1), policy.extension(falcon));
    assertEquals(Duration.ofHours(3), policy.extension(group("rec", 600, 180, 0)));
    assertEquals(Duration.ofHours(2), policy.extension(open));
    assertEquals(Duration.ofMinutes(45), policy.extension(group("capped", 45, null, 120)));
  }
}
