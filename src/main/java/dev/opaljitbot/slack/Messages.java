package dev.opaljitbot.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.divider;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.confirmationDialog;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.element.BlockElement;
import dev.opaljitbot.access.DurationText;
import dev.opaljitbot.access.MemberChange;
import dev.opaljitbot.access.MemberChange.PersonResult;
import dev.opaljitbot.access.MemberChange.Refusal;
import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.GroupUser;
import dev.opaljitbot.opal.User;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** The bot's messages as Block Kit, built with the Slack SDK's builders and kept inside Slack's limits. */
final class Messages {
  /** Slack: a section's text holds at most 3000 characters. */
  static final int SECTION_TEXT_LIMIT = 3000;
  /** Slack: a header's text holds at most 150 characters. */
  static final int HEADER_TEXT_LIMIT = 150;
  /** Members shown per message; each takes two blocks, well under Slack's 50 blocks per message. */
  static final int MEMBERS_PER_PAGE = 15;

  private final Clock clock;
  private final String command;

  Messages(Clock clock, String command) {
    this.clock = clock;
    this.command = command;
  }

  /** The slash command, e.g. /access, for hints. */
  String command() {
    return command;
  }

  /** The clock's now, for views that show relative times. */
  Instant now() {
    return clock.instant();
  }

  List<LayoutBlock> help() {
    String c = command;
    // Placeholders are written &lt;group&gt;: a bare <group> is a link to Slack's mrkdwn and is mangled.
    String text =
        String.join(
            "\n",
            "*Time-bound access to Opal groups.* Durations look like `30m`, `2h`, `1d`, `1w`, `1h30m`.",
            "",
            "*For everyone*",
            "`" + c + " mine`: your group access and when each ends",
            "`" + c + " members &lt;group&gt;`: who has access to a group, until when",
            "`" + c + " items &lt;group&gt;` (or `resources`): the resources and groups a group gives access to, until when",
            "`" + c + " leave &lt;group&gt;`: give your own access back now",
            "",
            "*For group leaders*",
            "`" + c + " groups`: the groups you lead",
            "`" + c + " add @user [@user…] &lt;group&gt; &lt;duration&gt; [as &lt;access level&gt;] [reason]`",
            "`" + c + " add @user &lt;group&gt; &lt;duration&gt; from monday 09:00 [reason]`: plans the add for later (also"
                + " `from 2026-12-07 09:00`, `from tomorrow 9am`, in your time zone)",
            "`" + c + " extend @user &lt;group&gt; &lt;duration&gt;`: moves the end that much later (the current end plus"
                + " the duration, up to the group's maximum from now; never earlier)",
            "`" + c + " remove @user &lt;group&gt;`",
            "`" + c + " add` (or `extend`, `remove`) alone opens a form",
            "`" + c + " request`: request access to resources or groups on behalf of a group you lead",
            "`" + c + " requests`: your recent requests and where each stands",
            "",
            "*For reviewers*",
            "`" + c + " pending`: requests awaiting your review, with Approve and Deny",
            "",
            "A group is named by its name, a unique start of it, or its id; quote names with spaces if needed.");
    return List.of(section(s -> s.text(markdownText(text))));
  }

  /** A plain informational line. */
  List<LayoutBlock> info(String text) {
    return List.of(section(s -> s.text(markdownText(clip(text, SECTION_TEXT_LIMIT)))));
  }

  /** A progress note shown while Opal is asked. */
  List<LayoutBlock> working(String text) {
    return List.of(section(s -> s.text(markdownText(":hourglass_flowing_sand: " + text))));
  }

  /** A short problem statement with what to do about it. */
  List<LayoutBlock> problem(String text) {
    return List.of(section(s -> s.text(markdownText(":warning: " + clip(text, SECTION_TEXT_LIMIT - 10)))));
  }

  List<LayoutBlock> refusal(Refusal refusal, PersonNames names, UUID viewer) {
    String text;
    if (refusal instanceof Refusal.NotALeader r) {
      String leaders = r.leaders().isEmpty()
          ? "It has no leaders in Opal; ask an Opal admin."
          : "Ask one of its leaders: " + names.people(r.leaders()) + ".";
      text = "Only leaders of *" + esc(r.group().displayName()) + "* can do that. " + leaders;
    } else if (refusal instanceof Refusal.TooLong r) {
      text = "*" + esc(r.group().displayName()) + "* allows access for at most " + DurationText.format(r.maximum())
          + "; you asked for " + DurationText.format(r.requested()) + ". Choose a shorter duration.";
    } else if (refusal instanceof Refusal.IndefiniteNotAllowed r) {
      text = "*" + esc(r.group().displayName()) + "* does not allow access without an end; choose a duration up to "
          + DurationText.format(r.maximum()) + ".";
    } else if (refusal instanceof Refusal.NotTheMember r) {
      text = "Only " + show(r.member(), names) + " can give back their access to *" + esc(r.group().displayName()) + "*.";
    } else {
      Refusal.NotAMember r = (Refusal.NotAMember) refusal;
      text = (r.user().userId().equals(viewer) ? "You have" : show(r.user(), names) + " has") + " no access to *"
          + esc(r.group().displayName()) + "*, so there is nothing to change.";
    }
    return problem(text);
  }

  /**
   * What a change did, person by person, in the viewer's words: "you" for the viewer themselves.
   *
   * @param viewer the Opal user who will read it
   */
  List<LayoutBlock> memberChange(MemberChange change, PersonNames names, UUID viewer) {
    if (change instanceof MemberChange.Refused refused) {
      return refusal(refused.reason(), names, viewer);
    }
    MemberChange.Applied applied = (MemberChange.Applied) change;
    String title = "*" + esc(applied.group().displayName()) + "*";
    List<String> lines = applied.people().stream().map(p -> personLine(applied.group(), p, names, viewer)).toList();
    return List.of(section(s -> s.text(markdownText(clip(title + "\n" + String.join("\n", lines), SECTION_TEXT_LIMIT)))));
  }

  /** One line for {@link #memberChange}: who, what happened, and the end before and after. */
  String personLine(Group group, PersonResult p, PersonNames names, UUID viewer) {
    Instant now = clock.instant();
    boolean self = p.user().userId().equals(viewer);
    String who = self ? "You" : show(p.user(), names);
    String whose = self ? "Your" : who + "'s";
    String max = group.maxAccessDuration().map(DurationText::format).map(d -> d + " from now").orElse("Opal's limit");
    return switch (p.status()) {
      case ADDED -> ":white_check_mark: " + (self ? "You now have access" : who + " added") + ": access "
          + SlackTime.ends(p.expiresAt(), now);
      case EXTENDED -> ":white_check_mark: " + whose + " access now " + SlackTime.ends(p.expiresAt(), now)
          + p.previousEnd().map(was -> " (was " + SlackTime.date(was) + ")").orElse("") + "."
          + (p.capped() ? " That is the latest *" + esc(group.displayName()) + "* allows (at most " + max + "), so the extension was capped." : "");
      case REMOVED -> ":white_check_mark: " + (self ? "You no longer have access" : who + " no longer has access") + ".";
      case ALREADY_MEMBER -> ":information_source: " + (self ? "You already have" : who + " already has") + " access ("
          + SlackTime.ends(p.expiresAt(), now) + "). Use `" + command + " extend` to move the end later.";
      case NO_END_DATE -> ":information_source: " + whose + " access has no end date, so there is nothing to extend.";
      case AT_MAXIMUM -> ":information_source: " + whose + " access already " + SlackTime.ends(p.expiresAt(), now)
          + ", the latest *" + esc(group.displayName()) + "* allows (at most " + max + "); nothing changed.";
      case ALREADY_EXTENDED -> ":information_source: " + whose + " access was already extended from that end; it now "
          + SlackTime.ends(p.expiresAt(), now) + ". Nothing more was changed.";
      case ALREADY_GONE -> ":information_source: " + (self ? "You" : who) + " already had no access (it ended or was removed"
          + " elsewhere); nothing changed.";
      case FAILED -> ":x: " + who + ": " + p.failure().map(Messages::failure).orElse("Opal did not make the change; try again.");
    };
  }

  /** Why Opal did not make a change, in words (Opal's own message escaped). */
  private static String failure(MemberChange.PersonResult.Failure f) {
    if (f.status() == 0) {
      return "Opal did not answer in time; nothing changed, try again.";
    }
    if (f.status() == 429) {
      return "Opal is rate-limiting the bot; try again in a minute.";
    }
    if (f.status() >= 500) {
      return "Opal had an internal error (" + f.status() + "); try again.";
    }
    return "Opal refused: " + esc(f.opalMessage().orElse("status " + f.status()));
  }

  private static String show(User user, PersonNames names) {
    return names.show(user.userId(), user.fullName(), user.email());
  }

  /** The members list; leaders get Extend and Remove buttons per member. {@code page} counts from 0. */
  List<LayoutBlock> members(Group group, List<GroupUser> members, boolean viewerLeads, int page, PersonNames names) {
    Instant now = clock.instant();
    int pages = Math.max(1, (members.size() + MEMBERS_PER_PAGE - 1) / MEMBERS_PER_PAGE);
    int shown = Math.min(Math.max(page, 0), pages - 1);
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(header(h -> h.text(plainText(clip("Members of " + group.displayName(), HEADER_TEXT_LIMIT)))));
    if (members.isEmpty()) {
      blocks.add(section(s -> s.text(markdownText("Nobody has access to this group right now."))));
      return blocks;
    }
    for (GroupUser m : members.subList(shown * MEMBERS_PER_PAGE, Math.min(members.size(), (shown + 1) * MEMBERS_PER_PAGE))) {
      String who = names.show(m.userId(), m.fullName(), m.email());
      String level = m.accessLevel() != null && m.accessLevel().accessLevelName() != null
          && !m.accessLevel().accessLevelRemoteId().isEmpty() ? " · " + esc(m.accessLevel().accessLevelName()) : "";
      blocks.add(section(s -> s.text(markdownText(who + level + "\n" + SlackTime.ends(m.expiration(), now)))));
      if (viewerLeads) {
        String value = ButtonValue.of(group.groupId(), m.userId());
        List<BlockElement> buttons = List.of(
            button(b -> b.actionId(ActionIds.MEMBER_EXTEND).text(plainText("Extend")).value(value)),
            button(b -> b.actionId(ActionIds.MEMBER_REMOVE).text(plainText("Remove")).value(value).style("danger")
                .confirm(confirmationDialog(d -> d.title(plainText("Remove access?"))
                    .text(markdownText(clip("Remove " + who + " from *" + esc(group.displayName()) + "* now?", 300)))
                    .confirm(plainText("Remove")).deny(plainText("Cancel")).style("danger")))));
        blocks.add(actions(a -> a.elements(buttons)));
      }
    }
    blocks.add(context(c -> c.elements(List.of(markdownText(
        members.size() + (members.size() == 1 ? " member" : " members") + (pages > 1 ? " · page " + (shown + 1) + " of " + pages : ""))))));
    if (pages > 1) {
      List<BlockElement> nav = new ArrayList<>();
      if (shown > 0) {
        nav.add(button(b -> b.actionId(ActionIds.MEMBERS_PAGE + "-prev").text(plainText("Previous")).value(ButtonValue.of(group.groupId(), shown - 1))));
      }
      if (shown < pages - 1) {
        nav.add(button(b -> b.actionId(ActionIds.MEMBERS_PAGE + "-next").text(plainText("Next")).value(ButtonValue.of(group.groupId(), shown + 1))));
      }
      blocks.add(actions(a -> a.elements(nav)));
    }
    return blocks;
  }

  /** The viewer's own group access. */
  List<LayoutBlock> mine(List<GroupUser> access) {
    Instant now = clock.instant();
    if (access.isEmpty()) {
      return List.of(section(s -> s.text(markdownText("You have no group access in Opal right now."))));
    }
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(header(h -> h.text(plainText("Your group access"))));
    String lines = access.stream()
        .map(a -> "*" + esc(a.groupName()) + "*: " + SlackTime.ends(a.expiration(), now))
        .collect(Collectors.joining("\n"));
    blocks.add(section(s -> s.text(markdownText(clip(lines, SECTION_TEXT_LIMIT)))));
    blocks.add(context(c -> c.elements(List.of(markdownText("Give access back early with `" + command + " leave &lt;group&gt;`.")))));
    return blocks;
  }

  /** The groups the viewer leads. */
  List<LayoutBlock> groupsLed(List<Group> groups) {
    if (groups.isEmpty()) {
      return List.of(section(s -> s.text(markdownText(
          "You don't lead any Opal group. Group leaders are set on the group's page in Opal."))));
    }
    String lines = groups.stream()
        .map(g -> "*" + esc(g.displayName()) + "*" + g.maxAccessDuration().map(d -> " · up to " + DurationText.format(d)).orElse(""))
        .collect(Collectors.joining("\n"));
    return List.of(
        header(h -> h.text(plainText("Groups you lead"))),
        section(s -> s.text(markdownText(clip(lines, SECTION_TEXT_LIMIT)))),
        context(c -> c.elements(List.of(markdownText("`" + command + " members &lt;group&gt;` shows who has access.")))));
  }

  /** Escapes the three characters Slack's mrkdwn treats as control characters. */
  static String esc(String text) {
    return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  static String clip(String text, int limit) {
    return text.length() <= limit ? text : text.substring(0, limit - 1) + "…";
  }

  static List<LayoutBlock> divided(List<LayoutBlock> a, List<LayoutBlock> b) {
    List<LayoutBlock> all = new ArrayList<>(a);
    all.add(divider());
    all.addAll(b);
    return all;
  }
}
