package dev.opaljitbot.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.util.json.GsonFactory;
import dev.opaljitbot.access.MemberChange;
import dev.opaljitbot.access.MemberChange.PersonResult;
import dev.opaljitbot.access.MemberChange.PersonResult.Status;
import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.GroupUser;
import dev.opaljitbot.opal.User;
import dev.opaljitbot.testing.SandboxOpal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every mrkdwn text the bot builds renders as written in real Slack: a {@code <} opens only a mention,
 * channel, special mention, date token or link; words and names with {@code & < >} are escaped.
 */
class MrkdwnEscapingTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
  /** What Slack reads after a {@code <}: a user, channel, special mention or date, or a link. */
  private static final Pattern SLACK_CONTROL = Pattern.compile("<(?:@[UW][A-Z0-9]+|#C[A-Z0-9]+|!(?:date\\^|here|channel|everyone)|https?://|mailto:)[^<>]*>");

  private final Messages messages = new Messages(Clock.fixed(NOW, ZoneOffset.UTC), "/access");
  private final SandboxOpal opal = new SandboxOpal(Clock.fixed(NOW, ZoneOffset.UTC));
  private final User ada = opal.user("ada");
  private final User ben = new User(java.util.UUID.randomUUID(), "ben@example.com", "Ben <the admin> & co", "Ben", "", "", "ACTIVE");
  /** As the bot reads it from Opal. */
  private final Group hostile = opal.client().getGroup(opal.group("R&D <core> team", 480, ada.userId()).groupId());
  private final PersonNames byName = PersonNames.byName();
  private final PersonNames escapedNames = (id, full, email) -> Messages.esc(full);

  @AfterEach
  void stop() {
    opal.close();
  }

  @Test
  void a_bare_placeholder_or_name_is_caught_by_this_check() {
    assertEquals(List.of(), unescaped("`leave &lt;group&gt;` or <@U0ADA0001> on <!date^1^{time}|x> at <https://opal.dev|Opal>"));
    assertEquals(1, unescaped("`leave <group>` or <@U0ADA0001>").size());
  }

  @Test
  void help_and_list_footers_escape_their_placeholders() {
    List<LayoutBlock> all = new ArrayList<>(messages.help());
    all.addAll(messages.mine(List.of(membership(Optional.of(NOW.plusSeconds(3600))))));
    all.addAll(messages.groupsLed(List.of(hostile)));
    assertNoBareAngleBrackets(all);
  }

  @Test
  void group_and_person_names_from_opal_are_escaped_everywhere() {
    List<LayoutBlock> all = new ArrayList<>(messages.members(hostile, List.of(membership(Optional.empty())), true, 0, escapedNames));
    all.addAll(messages.memberChange(new MemberChange.Applied(hostile, List.of(
        new PersonResult(ben, Status.EXTENDED, Optional.of(NOW.plusSeconds(7200)), Optional.empty(), Optional.of(NOW), true),
        new PersonResult(ben, Status.FAILED, Optional.empty(), Optional.of(new PersonResult.Failure(400, Optional.of("<bad> & worse"))),
            Optional.empty(), false))), escapedNames, ada.userId()));
    all.addAll(messages.refusal(new MemberChange.Refusal.NotALeader(hostile, List.of(ben)), escapedNames, ada.userId()));
    assertNoBareAngleBrackets(all);
    assertTrue(texts(all).contains("R&amp;D &lt;core&gt; team"), texts(all));
  }

  @Test
  void the_member_notice_escapes_the_reason() {
    MemberNotices notices = new MemberNotices(null, Runnable::run, Clock.fixed(NOW, ZoneOffset.UTC));
    List<LayoutBlock> dm = notices.message(new dev.opaljitbot.access.MemberNotice(new dev.opaljitbot.access.Actor("U0ADA0001", ada),
        hostile, new PersonResult(ben, Status.ADDED, Optional.of(NOW.plusSeconds(60))), Optional.of("see <http://x|here> & <!channel>")));
    assertNoBareAngleBrackets(dm);
    assertTrue(texts(dm).contains("&lt;!channel&gt;"), "a reason cannot ping the channel: " + texts(dm));
  }

  private GroupUser membership(Optional<Instant> end) {
    return new GroupUser(hostile.groupId(), hostile.name(), "", ben.userId(), null, ben.fullName(), ben.email(), end.orElse(null), null);
  }

  private static void assertNoBareAngleBrackets(List<LayoutBlock> blocks) {
    List<String> problems = new ArrayList<>();
    collectMrkdwn(read(json(blocks)), problems);
    assertEquals(List.of(), problems);
  }

  private static void collectMrkdwn(JsonNode node, List<String> problems) {
    if (node.isObject() && "mrkdwn".equals(node.path("type").asText())) {
      problems.addAll(unescaped(node.path("text").asText()));
    }
    node.forEach(child -> collectMrkdwn(child, problems));
  }

  /** The texts holding a {@code <} or {@code >} that Slack would not read as intended. */
  private static List<String> unescaped(String text) {
    Matcher m = SLACK_CONTROL.matcher(text);
    String rest = m.replaceAll("");
    return rest.contains("<") || rest.contains(">") ? List.of(rest.length() > 200 ? text : rest) : List.of();
  }

  /** Every text in the blocks, as Slack receives it. */
  private static String texts(List<LayoutBlock> blocks) {
    List<String> out = new ArrayList<>();
    read(json(blocks)).findValues("text").forEach(t -> out.add(t.isTextual() ? t.asText() : t.path("text").asText()));
    return String.join("\n", out);
  }

  private static String json(List<LayoutBlock> blocks) {
    return GsonFactory.createSnakeCase().toJson(blocks);
  }

  private static JsonNode read(String json) {
    try {
      return new ObjectMapper().readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
