package dev.opaljitbot.slack;

import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.views.ViewsOpenResponse;
import com.slack.api.model.view.View;
import dev.opaljitbot.access.DurationPolicy;
import dev.opaljitbot.access.DurationText;
import dev.opaljitbot.access.GroupAccess;
import dev.opaljitbot.approvals.Catalog;
import dev.opaljitbot.directory.GroupDirectory;
import dev.opaljitbot.directory.GroupMatch;
import dev.opaljitbot.directory.OpalIdentity;
import dev.opaljitbot.directory.UserDirectory;
import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.User;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the add, extend, remove and request forms straight away (a trigger id is valid for 3 seconds),
 * prefilled with every part of the command that was understood and a note on each part that was not.
 * People who could not use the form (no Opal account, leading no group) are told so instead, with the
 * leaders to ask.
 */
final class ModalOpener {
  private static final Logger LOG = LoggerFactory.getLogger(ModalOpener.class);
  /** How long one lookup for prefilling may take before the form opens without it. */
  static final Duration PREFILL_BUDGET = Duration.ofMillis(700);
  /** All lookups for one form together: leaves views.open a second of Slack's 3 s. */
  static final Duration FORM_BUDGET = Duration.ofMillis(1600);
  private static final String DURATION_HELP = "use whole numbers with m, h, d or w, e.g. 30m, 2h, 1d, 1w or 1h30m";

  private final GroupDirectory groups;
  private final UserDirectory users;
  private final GroupAccess access;
  private final DurationPolicy durations;
  private final Catalog catalog;
  private final RequestViews requestViews;
  private final Lookups lookups;
  private final dev.opaljitbot.access.GroupItems groupItems;
  private final ItemViews itemViews;
  private final dev.opaljitbot.approvals.AccessRequests accessRequests;
  private final ExecutorService work;
  private final Messages messages;

  ModalOpener(GroupDirectory groups, UserDirectory users, GroupAccess access, DurationPolicy durations, Catalog catalog,
      RequestViews requestViews, Lookups lookups, dev.opaljitbot.access.GroupItems groupItems, ItemViews itemViews,
      dev.opaljitbot.approvals.AccessRequests accessRequests, ExecutorService work, Messages messages) {
    this.accessRequests = accessRequests;
    this.groupItems = groupItems;
    this.itemViews = itemViews;
    this.groups = groups;
    this.users = users;
    this.access = access;
    this.durations = durations;
    this.catalog = catalog;
    this.requestViews = requestViews;
    this.lookups = lookups;
    this.work = work;
    this.messages = messages;
  }

  /** What every member form starts from: the group read from the command, notes, and whether the person may use it. */
  private record Start(Budget budget, Optional<Group> group, List<String> notes, Optional<String> refusal) {}

  private Start start(String slackUserId, Optional<String> groupText, Optional<String> notADuration, boolean noPeople, String doing) {
    List<String> notes = new ArrayList<>();
    Budget budget = Budget.start();
    Optional<Group> group = guessGroup(budget, groupText, notADuration, notes, noPeople);
    return new Start(budget, group, notes, whyNot(budget, slackUserId, group, doing));
  }

  Response openAdd(SlashCommandContext ctx, String slackUserId, String channelId, AccessCommand.Add add) {
    Start start = start(slackUserId, add.group(), add.notADuration(), add.userIds().isEmpty(), "add people to");
    if (start.refusal().isPresent()) {
      return ctx.ack(messages.problem(start.refusal().get()));
    }
    Optional<Group> group = start.group();
    List<String> notes = start.notes();
    // An unreadable duration is kept as typed, in the custom field, for the person to correct.
    Modals.Prefill prefill = new Modals.Prefill(group, add.userIds(), add.duration().or(add::notADuration), add.accessLevel(), add.reason());
    View view = Modals.addMembers(prefill, presets(group), suggested(group), indefiniteAllowed(group), notes, channelId);
    return open(ctx, view);
  }

  Response openExtend(SlashCommandContext ctx, String slackUserId, String channelId, AccessCommand.Extend extend) {
    Start start = start(slackUserId, extend.group(), extend.notADuration(), extend.userId().isEmpty(), "extend access to");
    if (start.refusal().isPresent()) {
      return ctx.ack(messages.problem(start.refusal().get()));
    }
    Optional<Group> group = start.group();
    List<String> notes = start.notes();
    Budget budget = start.budget();
    Modals.Prefill prefill = new Modals.Prefill(group, extend.userId().stream().toList(), extend.duration().or(extend::notADuration),
        Optional.empty(), Optional.empty());
    Optional<String> currentEnd = group.flatMap(g -> extend.userId().flatMap(u -> currentEnd(budget, g, u)));
    return open(ctx, Modals.extendMember(prefill, presets(group), suggested(group), indefiniteAllowed(group), currentEnd, notes, channelId));
  }

  Response openRemove(SlashCommandContext ctx, String slackUserId, String channelId, Optional<String> user, Optional<String> groupText) {
    Start start = start(slackUserId, groupText, Optional.empty(), user.isEmpty(), "remove people from");
    if (start.refusal().isPresent()) {
      return ctx.ack(messages.problem(start.refusal().get()));
    }
    Optional<Group> group = start.group();
    List<String> notes = start.notes();
    Modals.Prefill prefill = new Modals.Prefill(group, user.stream().toList(), Optional.empty(), Optional.empty(), Optional.empty());
    return open(ctx, Modals.removeMember(prefill, notes, channelId));
  }

  /**
   * {@code request [<group> <item…> <duration> <reason…>]}: the group is the longest start of the words that
   * names a group, then items by exact name, a duration, and the rest is the reason.
   */
  Response openRequest(SlashCommandContext ctx, String slackUserId, String channelId, AccessCommand.RequestAccess command) {
    Budget budget = Budget.start();
    List<String> words = new ArrayList<>(command.words());
    List<String> notes = new ArrayList<>();
    Optional<Group> group = Optional.empty();
    for (int end = words.size(); end >= 1 && group.isEmpty(); end--) {
      String text = String.join(" ", words.subList(0, end));
      if (quick(budget, () -> groups.find(text)).orElse(null) instanceof GroupMatch.Found found) {
        group = Optional.of(found.group());
        words.subList(0, end).clear();
      }
    }
    if (group.isEmpty() && !words.isEmpty()) {
      notes.add("I couldn't find a group in \"" + Messages.esc(String.join(" ", words)) + "\"; pick the group below.");
      words.clear();
    }
    Optional<String> refusal = whyNot(budget, slackUserId, group, "request access for");
    if (refusal.isPresent()) {
      return ctx.ack(messages.problem(refusal.get()));
    }
    List<Catalog.Entry> items = new ArrayList<>();
    while (!words.isEmpty() && !AccessCommand.DURATION_WORD.matcher(words.get(0)).matches()
        && !AccessCommand.DURATION_ATTEMPT.matcher(words.get(0)).matches()) {
      String name = words.get(0);
      Optional<Catalog.Entry> item = quick(budget, () -> catalog.findByName(name)).flatMap(found -> found);
      if (item.isEmpty()) {
        notes.add("I couldn't find a resource or group called \"" + Messages.esc(name) + "\"; pick the items below.");
        break;
      }
      items.add(item.get());
      words.remove(0);
    }
    Optional<String> duration = Optional.empty();
    if (!words.isEmpty() && AccessCommand.DURATION_WORD.matcher(words.get(0)).matches()) {
      duration = Optional.of(words.remove(0));
    } else if (!words.isEmpty() && AccessCommand.DURATION_ATTEMPT.matcher(words.get(0)).matches()) {
      notes.add("`" + Messages.esc(words.remove(0)) + "` is not a duration: " + DURATION_HELP + ".");
    }
    Optional<String> reason = words.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", words));
    Optional<Group> chosen = group;
    chosen.flatMap(g -> quick(budget, () -> itemViews.summary(g, groupItems.of(g.groupId()))).flatMap(x -> x))
        .ifPresent(held -> notes.add(0, held));
    return open(ctx, requestViews.requestForm(new RequestViews.Prefill(group, items, duration, reason, notes), channelId == null ? "" : channelId));
  }

  /** Opens a modal for a button click (Extend on a member list), prefilled with the member and the group. */
  void openExtendFor(MethodsClient client, String triggerId, Group group, String slackUserId, String channelId) {
    Modals.Prefill prefill = new Modals.Prefill(Optional.of(group), List.of(slackUserId), Optional.empty(), Optional.empty(), Optional.empty());
    View view = Modals.extendMember(prefill, durations.presets(group), durations.extension(group), durations.allowsIndefinite(group),
        currentEnd(Budget.start(), group, slackUserId), List.of(), channelId);
    openOnClick(client, triggerId, view);
  }

  /**
   * Request again on a group's item: the request form with the group and the item, once the clicker is
   * checked to lead the group. Returns why not when they may not (nothing opens then).
   */
  Optional<String> openRequestAgain(MethodsClient client, String triggerId, String clicker, Group group, Catalog.Entry.Kind kind, UUID itemId) {
    Budget budget = Budget.start();
    Optional<String> refusal = whyNot(budget, clicker, Optional.of(group), "request access for");
    if (refusal.isPresent()) {
      return refusal;
    }
    Optional<Catalog.Entry> item = quick(budget, () -> catalog.find(kind, itemId)).flatMap(found -> found);
    List<String> notes = new ArrayList<>();
    if (item.isEmpty()) {
      notes.add("That item can no longer be requested in Opal; pick another below.");
    }
    // The same duration as the request that gave the group this item, when Opal answers in time.
    Optional<String> duration = item.flatMap(e -> quick(budget, () -> accessRequests.lastApprovedDuration(group.groupId(), e.kind(), e.id()))
        .flatMap(found -> found)).map(d -> d.map(DurationText::format).orElse("indefinite"));
    openOnClick(client, triggerId, requestViews.requestForm(
        new RequestViews.Prefill(Optional.of(group), item.stream().toList(), duration, Optional.empty(), notes), ""));
    return Optional.empty();
  }

  /** Opens an empty add or request form for a button (the Home tab's Add people and Request access). */
  void openBlank(MethodsClient client, String triggerId, String callbackId) {
    View view = callbackId.equals(ActionIds.REQUEST_MODAL)
        ? requestViews.requestForm(RequestViews.Prefill.empty(), "")
        : Modals.addMembers(Modals.Prefill.empty(), DurationPolicy.PRESETS, Duration.ofHours(2), false, List.of(), "");
    openOnClick(client, triggerId, view);
  }

  /** Opens a form for a button click; a refusal from Slack is logged (the person can click again). */
  private static void openOnClick(MethodsClient client, String triggerId, View view) {
    try {
      ViewsOpenResponse response = client.viewsOpen(r -> r.triggerId(triggerId).view(view));
      if (!response.isOk()) {
        LOG.warn("views.open failed: {} {}", response.getError(), response.getResponseMetadata());
      }
    } catch (Exception e) {
      LOG.warn("views.open failed: {}", e.toString());
    }
  }

  private Response open(SlashCommandContext ctx, View view) {
    try {
      ViewsOpenResponse response = ctx.client().viewsOpen(r -> r.triggerId(ctx.getTriggerId()).view(view));
      if (response.isOk()) {
        return ctx.ack();
      }
      LOG.warn("views.open failed: {} {}", response.getError(), response.getResponseMetadata());
    } catch (Exception e) {
      LOG.warn("views.open failed: {}", e.toString());
    }
    return ctx.ack(messages.problem("I couldn't open the form (Slack said no). Please run the command again."));
  }

  /**
   * Finds the group in what was typed. When it is not found as typed, words at the start are tried as
   * people typed without @ (e.g. "ben Project Falcon"); a mistyped duration is named.
   */
  private Optional<Group> guessGroup(Budget budget, Optional<String> text, Optional<String> notADuration, List<String> notes, boolean noPeople) {
    if (text.isEmpty()) {
      notADuration.ifPresent(word -> notes.add("`" + Messages.esc(word) + "` is not a duration: " + DURATION_HELP + "."));
      return Optional.empty();
    }
    if (notADuration.isPresent()) {
      // "Team 2b" may be a group's real name: only when it is not is the last word a mistyped duration.
      Optional<Group> whole = found(budget, text.get() + " " + notADuration.get());
      if (whole.isPresent()) {
        return whole;
      }
      notes.add("`" + Messages.esc(notADuration.get()) + "` is not a duration: " + DURATION_HELP + ".");
    }
    Optional<Group> group = found(budget, text.get());
    if (group.isPresent()) {
      return group;
    }
    String[] words = text.get().split(" ");
    for (int skip = 1; skip < words.length && noPeople; skip++) {
      Optional<Group> rest = found(budget, String.join(" ", java.util.Arrays.copyOfRange(words, skip, words.length)));
      if (rest.isPresent()) {
        String people = java.util.Arrays.stream(words, 0, skip).map(w -> "@" + Messages.esc(w)).collect(Collectors.joining(" "));
        notes.add("Mention people as " + people + " (pick them from Slack's list as you type) so I know who they are;"
            + " choose them under Users.");
        return rest;
      }
    }
    notes.add("I couldn't find a group called \"" + Messages.esc(text.get()) + "\"; pick it below.");
    return Optional.empty();
  }

  private Optional<Group> found(Budget budget, String text) {
    return quick(budget, () -> groups.find(text)).filter(GroupMatch.Found.class::isInstance).map(m -> ((GroupMatch.Found) m).group());
  }

  /**
   * Why this person cannot use a form on {@code group} (or on any group): no Opal account, or not a leader,
   * with the leaders to ask. Empty when they can, or when it could not be told in time (the submission is
   * checked again anyway).
   */
  private Optional<String> whyNot(Budget budget, String slackUserId, Optional<Group> group, String doing) {
    Optional<OpalIdentity> identity = quick(budget, () -> users.identify(slackUserId));
    if (identity.isEmpty()) {
      return Optional.empty();
    }
    if (!(identity.get() instanceof OpalIdentity.Found found)) {
      return lookups.opalUser(slackUserId, true).problem();
    }
    User me = found.user();
    if (group.isPresent() && !group.get().isLeader(me.userId())) {
      return Optional.of("Only leaders of *" + Messages.esc(group.get().displayName()) + "* can " + doing + " it. "
          + leadersToAsk(budget, List.of(group.get())));
    }
    // Before the group index has loaded nobody seems to lead anything: then the form opens (its submission is checked).
    if (group.isEmpty() && groups.isLoaded() && groups.ledBy(me.userId()).isEmpty()) {
      List<Group> mine = quick(budget, () -> access.accessOf(me)).orElse(List.of()).stream()
          .map(m -> groups.cached(m.groupId())).flatMap(Optional::stream).toList();
      return Optional.of("You don't lead any Opal group, so there is no group you can " + doing + ". " + leadersToAsk(budget, mine));
    }
    return Optional.empty();
  }

  /** "Ask a leader: …" naming each group's leaders, as far as they can be named within the budget. */
  private String leadersToAsk(Budget budget, List<Group> of) {
    return quick(budget, () -> leadersToAsk(of))
        .orElse("Ask a leader of the group; its page in Opal names them.");
  }

  private String leadersToAsk(List<Group> of) {
    PersonNames names = lookups.personNames();
    List<String> lines = new ArrayList<>();
    for (Group g : of) {
      Set<String> leaders = new LinkedHashSet<>();
      g.groupLeaderUserIds().forEach(id -> users.cachedById(id).or(() -> users.byId(id))
          .ifPresent(u -> leaders.add(names.show(u.userId(), u.fullName(), u.email()))));
      lines.add("*" + Messages.esc(g.displayName()) + "*: " + (leaders.isEmpty() ? "no leaders in Opal; ask an Opal admin" : String.join(", ", leaders)));
    }
    return lines.isEmpty()
        ? "Group leaders are set on each group's page in Opal; ask the leader of the group you need."
        : "Ask a leader:\n" + String.join("\n", lines);
  }

  /** "Current end: …" for the extend form, when Opal answers within the budget; else nothing is shown. */
  private Optional<String> currentEnd(Budget budget, Group group, String memberSlackId) {
    return quick(budget, () -> {
      if (!(users.identify(memberSlackId) instanceof OpalIdentity.Found found)) {
        return Optional.<String>empty();
      }
      return access.currentEnd(group.groupId(), found.user().userId()).map(end -> end
          .map(at -> "*Current end:* " + SlackTime.date(at) + " (" + SlackTime.relative(at, messages.now()) + ")")
          .orElse("*Current end:* none: this access has no end date, so there is nothing to extend."))
          .or(() -> Optional.of("*Current end:* <@" + memberSlackId + "> has no access to this group now."));
    }).flatMap(line -> line);
  }

  /** What is left of one form's time for lookups. */
  private record Budget(long deadlineNanos) {
    static Budget start() {
      return new Budget(System.nanoTime() + FORM_BUDGET.toNanos());
    }

    long millisLeft() {
      return Math.min(PREFILL_BUDGET.toMillis(), Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000));
    }
  }

  /** The value if it can be had within the budget; else empty (the form opens without it). */
  private <T> Optional<T> quick(Budget budget, Supplier<T> lookup) {
    if (budget.millisLeft() == 0) {
      return Optional.empty();
    }
    CompletableFuture<T> future;
    try {
      future = CompletableFuture.supplyAsync(lookup, work);
    } catch (java.util.concurrent.RejectedExecutionException busy) {
      return Optional.empty(); // the form opens without it
    }
    try {
      return Optional.ofNullable(future.get(budget.millisLeft(), TimeUnit.MILLISECONDS));
    } catch (java.util.concurrent.TimeoutException slow) {
      future.cancel(false);
      LOG.debug("a form's pre-fill lookup did not finish within the form's budget");
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (java.util.concurrent.ExecutionException e) {
      // The form opens without it, and says so where it matters; the cause (e.g. Opal refusing the token) is logged.
      LOG.warn("a form's pre-fill lookup failed: {}", e.getCause() == null ? e.toString() : e.getCause().toString());
      return Optional.empty();
    }
  }

  private List<Duration> presets(Optional<Group> group) {
    return group.map(durations::presets).orElse(DurationPolicy.PRESETS);
  }

  private Duration suggested(Optional<Group> group) {
    return group.map(durations::suggested).orElse(Duration.ofHours(2));
  }

  private boolean indefiniteAllowed(Optional<Group> group) {
    return group.map(durations::allowsIndefinite).orElse(false);
  }
}
