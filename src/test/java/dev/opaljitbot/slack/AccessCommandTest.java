package dev.opaljitbot.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccessCommandTest {

  @Test
  void add_with_several_people_a_group_with_spaces_a_duration_a_level_and_a_reason() {
    AccessCommand.Add add =
        (AccessCommand.Add)
            AccessCommand.parse("add <@U0BEN0002|ben> <@U0DEV0004> Project Falcon 2h as Admin launch prep");
    assertEquals(List.of("U0BEN0002", "U0DEV0004"), add.userIds());
    assertEquals(Optional.of("Project Falcon"), add.group());
    assertEquals(Optional.of("2h"), add.duration());
    assertEquals(Optional.of("Admin"), add.accessLevel());
    assertEquals(Optional.of("launch prep"), add.reason());
    assertTrue(add.isComplete());
  }

  @Test
  void add_from_a_start_is_a_planned_add_and_the_rest_is_the_reason() {
    AccessCommand.Add add = (AccessCommand.Add) AccessCommand.parse("add <@U0CAROL01|carol> \"payments-oncall\" 8h from 2026-12-07 09:00 on call");
    assertEquals(Optional.of("payments-oncall"), add.group());
    assertEquals(Optional.of("8h"), add.duration());
    assertEquals(Optional.of("2026-12-07 09:00"), add.startsFrom());
    assertEquals(Optional.of("on call"), add.reason());
    assertEquals(Optional.of("tomorrow 9am"),
        ((AccessCommand.Add) AccessCommand.parse("add <@U0CAROL01> oncall 8h from tomorrow 9am as Admin")).startsFrom());
    // A mistyped start must never add now instead of later: it is refused, saying how to write it.
    assertTrue(AccessCommand.parse("add <@U0CAROL01> oncall 8h from mondya 9am") instanceof AccessCommand.Invalid);
    assertTrue(AccessCommand.parse("add <@U0CAROL01> oncall 8h from") instanceof AccessCommand.Invalid, "from needs a start");
    assertTrue(AccessCommand.parse("add <@U0CAROL01> oncall from tomorrow 9am") instanceof AccessCommand.Invalid, "and a duration before it");
    assertEquals(Optional.of("from sales"), ((AccessCommand.Add) AccessCommand.parse("add <@U0CAROL01> oncall 8h \"from sales\"")).reason(),
        "a quoted reason may start with from");
  }

  @Test
  void add_without_a_duration_is_incomplete_and_keeps_what_was_given_for_the_modal() {
    AccessCommand.Add add = (AccessCommand.Add) AccessCommand.parse("add <@U0BEN0002|ben> falcon");
    assertEquals(List.of("U0BEN0002"), add.userIds());
    assertEquals(Optional.of("falcon"), add.group());
    assertFalse(add.isComplete());
    assertFalse(((AccessCommand.Add) AccessCommand.parse("add")).isComplete());
  }

  @Test
  void a_quoted_group_name_may_contain_a_duration_like_word() {
    AccessCommand.Add add = (AccessCommand.Add) AccessCommand.parse("add <@U0BEN0002> \u201cShift 2h\u201d 1d");
    assertEquals(Optional.of("Shift 2h"), add.group());
    assertEquals(Optional.of("1d"), add.duration());
  }

  @Test
  void people_after_the_group_are_refused_with_the_right_order() {
    AccessCommand.Invalid invalid =
        assertInstanceOf(AccessCommand.Invalid.class, AccessCommand.parse("add falcon <@U0BEN0002> 2h"));
    assertTrue(invalid.problem().contains("people first"), invalid.problem());
  }

  @Test
  void extend_takes_the_last_word_as_duration() {
    assertEquals(
        new AccessCommand.Extend(Optional.of("U0BEN0002"), Optional.of("Project Falcon"), Optional.of("1h30m")),
        AccessCommand.parse("extend <@U0BEN0002|ben> Project Falcon 1h30m"));
    assertFalse(((AccessCommand.Extend) AccessCommand.parse("extend <@U0BEN0002|ben> Project Falcon")).isComplete());
  }

  @Test
  void remove_leave_members_and_the_simple_words() {
    assertEquals(
        new AccessCommand.Remove(Optional.of("U0BEN0002"), Optional.of("Project Falcon")),
        AccessCommand.parse("remove <@U0BEN0002|ben> Project Falcon"));
    assertEquals(new AccessCommand.Leave(Optional.of("Red Team")), AccessCommand.parse("leave Red Team"));
    assertEquals(new AccessCommand.Members("Project Falcon"), AccessCommand.parse("members Project Falcon"));
    assertEquals(new AccessCommand.Help(), AccessCommand.parse("  "));
    assertEquals(new AccessCommand.Help(), AccessCommand.parse("HELP"));
    assertEquals(new AccessCommand.Groups(), AccessCommand.parse("groups"));
    assertEquals(new AccessCommand.Mine(), AccessCommand.parse("mine"));
    assertEquals(new AccessCommand.RequestAccess(), AccessCommand.parse("request"));
    assertEquals(new AccessCommand.Pending(), AccessCommand.parse("pending"));
  }

  @Test
  void unknown_words_and_missing_groups_say_what_to_do() {
    assertTrue(((AccessCommand.Invalid) AccessCommand.parse("grant <@U0BEN0002> x 1h")).problem().contains("help"));
    assertTrue(((AccessCommand.Invalid) AccessCommand.parse("members")).problem().contains("members &lt;group&gt;"));
    assertTrue(((AccessCommand.Invalid) AccessCommand.parse("remove <@U1> <@U2> x")).problem().contains("one person"));
  }

  @Test
  void slacks_escaping_of_ampersands_and_brackets_is_undone() {
    assertEquals(new AccessCommand.Members("R&D <core>"), AccessCommand.parse("members R&amp;D &lt;core&gt;"));
  }

  @Test
  void indefinite_is_read_as_a_duration_word() {
    AccessCommand.Add add = (AccessCommand.Add) AccessCommand.parse("add <@U0BEN0002> Incident Bridge indefinite");
    assertEquals(Optional.of("Incident Bridge"), add.group());
    assertEquals(Optional.of("indefinite"), add.duration());
  }
}
