package dev.opaljitbot.slack;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What someone typed after the slash command, parsed into one of the subcommands. Parsing only splits
 * the words; whether a group, user or duration is valid is decided later, with the facts at hand.
 */
public sealed interface AccessCommand {
  /** The subcommand in one lower-case word (bounded: a metric label, and what a failure message names). */
  String word();

  /** {@code help}, or an empty command. */
  record Help() implements AccessCommand {
    @Override
    public String word() {
      return "help";
    }
  }

  /** {@code groups}: the groups I lead. */
  record Groups() implements AccessCommand {
    @Override
    public String word() {
      return "groups";
    }
  }

  /** {@code mine}: my own group access. */
  record Mine() implements AccessCommand {
    @Override
    public String word() {
      return "mine";
    }
  }

  /** {@code items <group>} (or {@code resources}): what the group gives access to, until when. */
  record Items(String group) implements AccessCommand {
    @Override
    public String word() {
      return "items";
    }
  }

  /** {@code members <group>}. */
  record Members(String group) implements AccessCommand {
    @Override
    public String word() {
      return "members";
    }
  }

  /**
   * {@code add <@user…> <group> <duration> [from <day> <time>] [as <access level>] [reason…]}; missing parts
   * are empty and open the modal prefilled with what was given.
   *
   * @param startsFrom the words after "from" that say when a planned add starts; empty: now
   */
  record Add(
      List<String> userIds,
      Optional<String> group,
      Optional<String> duration,
      Optional<String> accessLevel,
      Optional<String> reason,
      Optional<String> notADuration,
      Optional<String> startsFrom)
      implements AccessCommand {
    @Override
    public String word() {
      return "add";
    }

    public Add(List<String> userIds, Optional<String> group, Optional<String> duration, Optional<String> accessLevel, Optional<String> reason) {
      this(userIds, group, duration, accessLevel, reason, Optional.empty(), Optional.empty());
    }

    public boolean isComplete() {
      return !userIds.isEmpty() && group.isPresent() && duration.isPresent() && notADuration.isEmpty();
    }
  }

  /**
   * {@code extend <@user> <group> <duration>}: the end moves {@code duration} later.
   *
   * @param notADuration a last word that looked like a duration but is not one (e.g. {@code 2x})
   */
  record Extend(Optional<String> userId, Optional<String> group, Optional<String> duration, Optional<String> notADuration)
      implements AccessCommand {
    @Override
    public String word() {
      return "extend";
    }

    public Extend(Optional<String> userId, Optional<String> group, Optional<String> duration) {
      this(userId, group, duration, Optional.empty());
    }

    public boolean isComplete() {
      return userId.isPresent() && group.isPresent() && duration.isPresent() && notADuration.isEmpty();
    }
  }

  /** {@code remove <@user> <group>}. */
  record Remove(Optional<String> userId, Optional<String> group) implements AccessCommand {
    @Override
    public String word() {
      return "remove";
    }

    public boolean isComplete() {
      return userId.isPresent() && group.isPresent();
    }
  }

  /** {@code leave <group>}: give back my own access early. */
  record Leave(Optional<String> group) implements AccessCommand {
    @Override
    public String word() {
      return "leave";
    }
  }

  /**
   * {@code request [<group> <item…> <duration> <reason…>]}: request access on behalf of a group; the form opens
   * prefilled with whatever of {@code words} can be understood.
   */
  record RequestAccess(List<String> words) implements AccessCommand {
    @Override
    public String word() {
      return "requestaccess";
    }

    public RequestAccess() {
      this(List.of());
    }

    public RequestAccess {
      words = List.copyOf(words);
    }
  }

  /** {@code requests}: my recent requests and their state. */
  record MyRequests() implements AccessCommand {
    @Override
    public String word() {
      return "myrequests";
    }
  }

  /** {@code pending}: requests awaiting my review. */
  record Pending() implements AccessCommand {
    @Override
    public String word() {
      return "pending";
    }
  }

  /** A command that cannot be understood; {@code problem} says what to fix. */
  record Invalid(String problem) implements AccessCommand {
    @Override
    public String word() {
      return "invalid";
    }
  }

  /** A Slack user mention as sent with {@code should_escape: true}: {@code <@U123ABC|name>} or {@code <@U123ABC>}. */
  Pattern MENTION = Pattern.compile("<@([UW][A-Z0-9]+)(?:\\|[^>]*)?>");

  /** A duration word: the duration syntax, or "indefinite". */
  Pattern DURATION_WORD = Pattern.compile("(?i)(?:\\d+[wdhm])+|indefinite|forever|permanent");

  /** A word that someone meant as a duration but mistyped: it starts with a number ({@code 2x}, {@code 3hours}). */
  Pattern DURATION_ATTEMPT = Pattern.compile("(?i)\\d+[a-z][a-z.]*");

  static AccessCommand parse(String text) {
    List<String> words = words(text == null ? "" : text);
    if (words.isEmpty()) {
      return new Help();
    }
    String verb = words.remove(0).toLowerCase(Locale.ROOT);
    return switch (verb) {
      case "help", "?" -> new Help();
      case "groups" -> new Groups();
      case "mine", "me" -> new Mine();
      case "members", "list", "who" -> {
        if (words.isEmpty()) {
          yield new Invalid("Which group? Use `members &lt;group&gt;`, e.g. `members Project Falcon`.");
        }
        Optional<String> mention = words.stream().filter(w -> MENTION.matcher(w).matches()).findFirst();
        if (mention.isPresent()) {
          yield new Invalid("`members` takes a group, not a person: e.g. `members Project Falcon`.");
        }
        yield new Members(String.join(" ", words));
      }
      case "items", "resources" -> words.isEmpty()
          ? new Invalid("Which group? Use `items &lt;group&gt;`, e.g. `items Project Falcon`.")
          : new Items(String.join(" ", words));
      case "add" -> parseAdd(words);
      case "extend" -> parseExtend(words);
      case "remove", "rm" -> {
        List<String> users = leadingMentions(words);
        if (users.size() > 1) {
          yield new Invalid("`remove` takes one person at a time: `remove @user &lt;group&gt;`.");
        }
        yield new Remove(users.stream().findFirst(), joined(words));
      }
      case "leave" -> new Leave(joined(words));
      case "request" -> new RequestAccess(words);
      case "pending", "reviews" -> new Pending();
      case "requests", "my-requests" -> new MyRequests();
      default -> new Invalid("I don't know `" + verb + "`. Try `help` to see what I can do.");
    };
  }

  private static AccessCommand parseAdd(List<String> words) {
    List<String> users = leadingMentions(words);
    if (words.stream().anyMatch(w -> MENTION.matcher(w).matches())) {
      return new Invalid("Put all the people first: `add @user1 @user2 &lt;group&gt; &lt;duration&gt;`.");
    }
    int durationAt = firstDuration(words);
    if (durationAt < 0 && words.stream().anyMatch(w -> w.equalsIgnoreCase("from"))) {
      return new Invalid("A planned add needs a duration before `from`, e.g. `add @dev Project Falcon 2h from tomorrow 9am`.");
    }
    if (durationAt < 0) {
      Optional<String> attempt = trailingDurationAttempt(words);
      return new Add(users, joined(words), Optional.empty(), Optional.empty(), Optional.empty(), attempt, Optional.empty());
    }
    Optional<String> group = joined(words.subList(0, durationAt));
    String duration = words.get(durationAt);
    List<String> rest = new ArrayList<>(words.subList(durationAt + 1, words.size()));
    Optional<String> startsFrom = Optional.empty();
    if (!rest.isEmpty() && rest.get(0).equalsIgnoreCase("from")) {
      rest.remove(0);
      List<String> when = new ArrayList<>();
      while (!rest.isEmpty() && when.size() < 2 && dev.opaljitbot.access.StartText.isPart(rest.get(0))) {
        when.add(rest.remove(0));
      }
      if (when.isEmpty()) {
        return new Invalid("`from` needs a start, e.g. `from 2026-12-07 09:00`, `from monday 09:00` or `from tomorrow 9am` (your time zone)."
            + " To give a reason that begins with \u201cfrom\u201d, put it in quotes.");
      }
      startsFrom = Optional.of(String.join(" ", when));
    }
    Optional<String> accessLevel = Optional.empty();
    if (rest.size() >= 2 && rest.get(0).equalsIgnoreCase("as")) {
      rest.remove(0);
      accessLevel = Optional.of(rest.remove(0));
    } else if (rest.size() == 1 && rest.get(0).equalsIgnoreCase("as")) {
      return new Invalid("`as` needs an access level, e.g. `as Admin` (quote it if it has spaces).");
    }
    return new Add(users, group, Optional.of(duration), accessLevel, joined(rest), Optional.empty(), startsFrom);
  }

  private static AccessCommand parseExtend(List<String> words) {
    List<String> users = leadingMentions(words);
    if (users.size() > 1) {
      return new Invalid("`extend` takes one person at a time: `extend @user &lt;group&gt; &lt;duration&gt;`.");
    }
    Optional<String> duration = Optional.empty();
    if (!words.isEmpty() && DURATION_WORD.matcher(words.get(words.size() - 1)).matches()) {
      duration = Optional.of(words.remove(words.size() - 1));
    }
    Optional<String> attempt = duration.isEmpty() ? trailingDurationAttempt(words) : Optional.empty();
    return new Extend(users.stream().findFirst(), joined(words), duration, attempt);
  }

  /** Removes and returns a last word meant as a duration but not one, so the group is not taken to include it. */
  private static Optional<String> trailingDurationAttempt(List<String> words) {
    if (words.size() >= 2 && DURATION_ATTEMPT.matcher(words.get(words.size() - 1)).matches()) {
      return Optional.of(words.remove(words.size() - 1));
    }
    return Optional.empty();
  }

  /** Removes and returns the mentions at the start of {@code words}, as user ids, without duplicates. */
  private static List<String> leadingMentions(List<String> words) {
    List<String> ids = new ArrayList<>();
    while (!words.isEmpty()) {
      Matcher m = MENTION.matcher(words.get(0));
      if (!m.matches()) {
        break;
      }
      words.remove(0);
      if (!ids.contains(m.group(1))) {
        ids.add(m.group(1));
      }
    }
    return ids;
  }

  private static int firstDuration(List<String> words) {
    // The group comes first, so a duration word is only taken after at least one group word.
    for (int i = 1; i < words.size(); i++) {
      if (DURATION_WORD.matcher(words.get(i)).matches()) {
        return i;
      }
    }
    return words.size() == 1 && DURATION_WORD.matcher(words.get(0)).matches() ? 0 : -1;
  }

  private static Optional<String> joined(List<String> words) {
    return words.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", words));
  }

  /**
   * Splits on white space, keeping "quoted phrases" (straight or curly quotes) together. Slack escapes
   * {@code & < >} in command text, so a group called "R&D" arrives as "R&amp;D": words are unescaped.
   */
  private static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    for (String word : rawWords(text)) {
      words.add(MENTION.matcher(word).matches() ? word : word.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
    }
    return words;
  }

  private static List<String> rawWords(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    boolean hadQuotes = false;
    for (char c : text.strip().toCharArray()) {
      if (c == '"' || c == '\u201c' || c == '\u201d') {
        quoted = !quoted;
        hadQuotes = true;
      } else if (Character.isWhitespace(c) && !quoted) {
        if (current.length() > 0 || hadQuotes) {
          words.add(current.toString());
        }
        current.setLength(0);
        hadQuotes = false;
      } else {
        current.append(c);
      }
    }
    if (current.length() > 0 || hadQuotes) {
      words.add(current.toString());
    }
    return words;
  }
}
