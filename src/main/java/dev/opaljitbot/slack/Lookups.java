package dev.opaljitbot.slack;

import dev.opaljitbot.access.DurationPolicy;
import dev.opaljitbot.access.DurationText;
import dev.opaljitbot.directory.GroupDirectory;
import dev.opaljitbot.directory.GroupMatch;
import dev.opaljitbot.directory.OpalIdentity;
import dev.opaljitbot.directory.UserDirectory;
import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Turns what people type and pick in Slack into Opal objects, or into a sentence saying what to fix. */
final class Lookups {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Lookups.class);
  /** At most this many candidates are listed for an ambiguous group name. */
  private static final int CANDIDATES_SHOWN = 8;

  private final GroupDirectory groups;
  private final UserDirectory users;
  private final String command;

  Lookups(GroupDirectory groups, UserDirectory users, String command) {
    this.groups = groups;
    this.users = users;
    this.command = command;
  }

  /** A value, or the problem that prevented finding it. */
  record Resolved<T>(T value, Optional<String> problem) {
    static <T> Resolved<T> of(T value) {
      return new Resolved<>(value, Optional.empty());
    }

    static <T> Resolved<T> problem(String problem) {
      return new Resolved<>(null, Optional.of(problem));
    }
  }

  /** The Opal account of a Slack user; {@code self} words the problem for the person acting. */
  Resolved<User> opalUser(String slackUserId, boolean self) {
    OpalIdentity identity = users.identify(slackUserId);
    if (identity instanceof OpalIdentity.Found found) {
      return Resolved.of(found.user());
    }
    if (identity instanceof OpalIdentity.NoEmail) {
      return Resolved.problem(self
          ? "I can't see an e-mail address on your Slack profile, so I can't find your Opal account. Ask a Slack admin to make it visible."
          : "I can't see an e-mail address on <@" + slackUserId + ">'s Slack profile, so I can't find their Opal account.");
    }
    String email = ((OpalIdentity.NoOpalAccount) identity).email();
    return Resolved.problem(self
        ? "There is no Opal account for your e-mail (" + Messages.esc(email) + "). Ask your Opal admin to add you."
        : "<@" + slackUserId + "> has no Opal account (no Opal user with the e-mail " + Messages.esc(email) + ").");
  }

  /** Slack users split into those with an Opal account and a line per person without one. */
  record People(List<User> found, List<String> problems) {}

  /** The Opal accounts of several Slack users, each resolved on its own. */
  People people(List<String> slackUserIds) {
    List<String> problems = new ArrayList<>();
    List<User> found = new ArrayList<>();
    for (String slackUserId : slackUserIds) {
      Resolved<User> person = opalUser(slackUserId, false);
      person.problem().ifPresentOrElse(problems::add, () -> found.add(person.value()));
    }
    return new People(found, problems);
  }

  /** A group by exact name, unique prefix or id. */
  Resolved<Group> group(String text) {
    GroupMatch match = groups.find(text);
    if (match instanceof GroupMatch.Found found) {
      return Resolved.of(found.group());
    }
    if (match instanceof GroupMatch.Ambiguous ambiguous) {
      String names = ambiguous.candidates().stream().limit(CANDIDATES_SHOWN)
          .map(g -> "*" + Messages.esc(g.displayName()) + "*").collect(Collectors.joining(", "));
      String more = ambiguous.candidates().size() > CANDIDATES_SHOWN ? " and more" : "";
      return Resolved.problem("\"" + Messages.esc(text) + "\" matches several groups: " + names + more
          + ". Type more of the name, or the whole name in quotes.");
    }
    List<dev.opaljitbot.opal.Group> nearMisses = ((GroupMatch.NotFound) match).nearMisses();
    String hint = nearMisses.isEmpty() ? "" : " Did you mean " + nearMisses.stream()
        .map(g -> "*" + Messages.esc(g.displayName()) + "*").collect(Collectors.joining(", ")) + "?";
    return Resolved.problem("I can't find a group called \"" + Messages.esc(text) + "\"." + hint + " `" + command
        + " groups` lists the groups you lead.");
  }

  /** A duration word from a command or a modal: the duration syntax, or "indefinite". */
  static Resolved<DurationPolicy.Requested> duration(String text) {
    String word = text.strip().toLowerCase(Locale.ROOT);
    if (word.equals("indefinite") || word.equals("forever") || word.equals("permanent")) {
      return Resolved.of(new DurationPolicy.Requested.Indefinite());
    }
    DurationText.Parsed parsed = DurationText.parse(text);
    if (parsed instanceof DurationText.Parsed.Valid valid) {
      return Resolved.of(new DurationPolicy.Requested.For(valid.duration()));
    }
    return Resolved.problem(((DurationText.Parsed.Invalid) parsed).problem());
  }

  /**
   * The remote id of the access level named. Opal's API lists no access levels for a group, so the name
   * is matched against the levels its members have; anything else is passed on as a remote id, for Opal
   * to accept or refuse.
   */
  String accessLevelRemoteId(Group group, Optional<String> name) {
    if (name.isEmpty() || name.get().isBlank()) {
      return "";
    }
    String wanted = name.get().strip();
    return groups.accessLevelsOf(group.groupId()).stream()
        .filter(l -> wanted.equalsIgnoreCase(l.accessLevelName()) || wanted.equals(l.accessLevelRemoteId()))
        .map(l -> l.accessLevelRemoteId())
        .findFirst()
        .orElse(wanted);
  }

  /**
   * Shows Opal users as Slack mentions where their Slack account is known, else by name. A failed Slack lookup
   * falls back to the name: a reply about a change already made must never fail on how a person is shown.
   */
  /** An Opal user by id, from the cache when it has them. */
  java.util.Optional<User> opalUserById(java.util.UUID userId) {
    return users.byId(userId);
  }

  /** The Slack user's time zone, for times they type; UTC when Slack does not say. */
  java.time.ZoneId zoneOf(String slackUserId) {
    try {
      return users.zoneOf(slackUserId).orElse(java.time.ZoneOffset.UTC);
    } catch (RuntimeException e) {
      return java.time.ZoneOffset.UTC;
    }
  }

  PersonNames personNames() {
    return (opalUserId, fullName, email) -> {
      String name = Messages.esc(fullName != null && !fullName.isBlank() ? fullName : email);
      try {
        return users.slackIdOf(email).map(id -> "<@" + id + ">").orElse(name);
      } catch (RuntimeException e) {
        LOG.debug("Slack account of {} not known for now: {}", email, e.toString());
        return name;
      }
    };
  }
}
