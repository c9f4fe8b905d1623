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
import static com.slack.api.model.view.Views.view;

import com.slack.api.methods.MethodsClient;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.element.BlockElement;
import dev.opaljitbot.access.DurationPolicy;
import dev.opaljitbot.access.DurationText;
import dev.opaljitbot.access.GroupAccess;
import dev.opaljitbot.access.MembershipObserver;
import dev.opaljitbot.directory.OpalIdentity;
import dev.opaljitbot.directory.UserDirectory;
import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.GroupUser;
import dev.opaljitbot.opal.User;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot's Home tab: each person's own group access with its end and buttons, and, for leaders, their
 * groups with the members whose access ends soonest. Published when opened and after each change the bot
 * makes to a membership.
 */
final class HomeTab implements MembershipObserver {
  private static final Logger LOG = LoggerFactory.getLogger(HomeTab.class);
  /** Slack: a Home tab holds at most 100 blocks; these caps keep well inside it. */
  static final int OWN_ACCESS_SHOWN = 10;
  static final int REVIEWS_SHOWN = 3;
  static final int GROUPS_SHOWN = 5;
  static final int MEMBERS_PER_GROUP = 4;
  static final int ITEMS_PER_GROUP = 3;

  private final MethodsClient slack;
  private final UserDirectory users;
  private final GroupAccess access;
  private final DurationPolicy durations;
  private final Lookups lookups;
  private final ExecutorService work;
  private final Clock clock;
  private final String command;
  private final dev.opaljitbot.approvals.AccessRequests requests;
  private final RequestViews requestViews;
  /** Slack users who have opened Home; only their Home tabs are redrawn after changes. */
  private final java.util.Set<String> opened = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** When (in {@link #redraws}) each Home tab's latest redraw was asked for, so a click's answer can skip a redraw a change already asked for. */
  private final java.util.Map<String, Long> redrawAsked = new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong redraws = new java.util.concurrent.atomic.AtomicLong();
  private final dev.opaljitbot.access.GroupItems items;
  private final ItemViews itemViews;

  HomeTab(MethodsClient slack, UserDirectory users, GroupAccess access, DurationPolicy durations, Lookups lookups,
      ExecutorService work, Clock clock, String command, dev.opaljitbot.approvals.AccessRequests requests, RequestViews requestViews,
      dev.opaljitbot.access.GroupItems items, ItemViews itemViews, dev.opaljitbot.plans.PlannedAdds plans, PlanViews planViews) {
    this.plans = plans;
    this.planViews = planViews;
    this.items = items;
    this.itemViews = itemViews;
    this.requests = requests;
    this.requestViews = requestViews;
    this.slack = slack;
    this.users = users;
    this.access = access;
    this.durations = durations;
    this.lookups = lookups;
    this.work = work;
    this.clock = clock;
    this.command = command;
  }

  private final dev.opaljitbot.plans.PlannedAdds plans;
  private final PlanViews planViews;

  /** Publishes the person's Home tab now. */
  void publish(String slackUserId) {
    List<LayoutBlock> blocks;
    try {
      OpalIdentity identity = users.identify(slackUserId);
      if (identity instanceof OpalIdentity.Found found) {
        blocks = blocksFor(found.user());
      } else {
        blocks = List.of(section(s -> s.text(markdownText(lookups.opalUser(slackUserId, true).problem().orElse("")))));
      }
    } catch (RuntimeException e) {
      // Opal (or Slack's users.info) failed: say so on Home rather than leave it stale (describe logs it).
      blocks = List.of(section(s -> s.text(markdownText(":warning: " + Problems.describe(e, "show the Home tab of " + slackUserId)))));
    }
    List<LayoutBlock> shown = blocks;
    try {
      var response = SlackCalls.withRetries("views.publish",
          () -> slack.viewsPublish(r -> r.userId(slackUserId).view(view(v -> v.type("home").blocks(shown)))));
      if (!response.isOk()) {
        LOG.warn("views.publish for {} failed: {} {}", slackUserId, response.getError(), response.getResponseMetadata());
      }
    } catch (Exception e) {
      LOG.warn("views.publish for {} failed: {}", slackUserId, e.toString());
    }
  }

  @Override
  public void changed(Group group, User user, Optional<Instant> endsAt, boolean removed) {
    redrawFor(group, List.of(user));
  }

  /** Redraws the Home tabs (of those who opened them) of the group's leaders, e.g. after its items changed. */
  void refreshLeadersOf(Group group) {
    redrawFor(group, List.of());
  }

  private void redrawFor(Group group, List<User> alsoFor) {
    try {
      alsoFor.forEach(this::refresh);
      users.byIds(group.groupLeaderUserIds()).forEach(this::refresh);
    } catch (RuntimeException e) {
      LOG.warn("Home tabs after a change to group {} could not be refreshed: {}", group.groupId(), e.toString());
    }
  }

  private void refresh(User user) {
    // Only for people who have opened Home (since this process started): far below views.publish's limits,
    // and nobody else would see it.
    users.slackIdOf(user.email()).filter(opened::contains).ifPresent(this::redrawSoon);
  }

  private void redrawSoon(String slackUserId) {
    long asked = redraws.incrementAndGet();
    redrawAsked.put(slackUserId, asked);
    try {
      work.execute(() -> publish(slackUserId));
    } catch (java.util.concurrent.RejectedExecutionException full) {
      // With the queue full (or at shutdown) the redraw is skipped; a click's own redraw must then not count on it.
      redrawAsked.remove(slackUserId, asked);
      LOG.info("Home tab redraw skipped: the work queue is full");
    }
  }

  /** A mark to take when a click arrives, for {@link #clicked}. */
  long clickMark() {
    return redraws.get();
  }

  /**
   * A click on Home was answered: redraw it, unless what the click did (a change to access) already asked
   * for a redraw after {@code mark}, which shows the same state; so Home is drawn once per click.
   */
  void clicked(String slackUserId, long mark) {
    opened.add(slackUserId);
    if (redrawAsked.getOrDefault(slackUserId, Long.MIN_VALUE) <= mark) {
      publish(slackUserId);
    }
  }

  /** Someone opened their Home tab (or clicked on it): draw it now, and keep it current from now on. */
  void opened(String slackUserId) {
    opened.add(slackUserId);
    publish(slackUserId);
  }

  private List<LayoutBlock> blocksFor(User me) {
    Instant now = clock.instant();
    PersonNames names = lookups.personNames();
    List<Group> led = access.groupsLedBy(me);
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(header(h -> h.text(plainText("Your group access"))));
    List<GroupUser> mine = access.accessOf(me);
    if (mine.isEmpty()) {
      blocks.add(section(s -> s.text(markdownText("You have no group access in Opal right now."))));
    }
    for (GroupUser m : mine.subList(0, Math.min(mine.size(), OWN_ACCESS_SHOWN))) {
      blocks.add(section(s -> s.text(markdownText("*" + Messages.esc(m.groupName()) + "* · " + SlackTime.ends(m.expiration(), now)))));
      if (m.expirationDate() != null) {
        blocks.add(actions(a -> a.elements(ownButtons(me, m, led))));
      }
    }
    if (mine.size() > OWN_ACCESS_SHOWN) {
      blocks.add(context(c -> c.elements(List.of(markdownText("and " + (mine.size() - OWN_ACCESS_SHOWN) + " more: `" + command + " mine`")))));
    }
    planViews.upcoming(upcomingFor(me)).ifPresent(blocks::add);
    List<dev.opaljitbot.approvals.ReviewCard> reviews = pendingReviews(me);
    if (!reviews.isEmpty()) {
      blocks.add(divider());
      blocks.add(header(h -> h.text(plainText("Awaiting your review"))));
      for (dev.opaljitbot.approvals.ReviewCard card : reviews.subList(0, Math.min(reviews.size(), REVIEWS_SHOWN))) {
        blocks.addAll(requestViews.card(card, names, true));
      }
      if (reviews.size() > REVIEWS_SHOWN) {
        blocks.add(context(c -> c.elements(List.of(markdownText("and " + (reviews.size() - REVIEWS_SHOWN) + " more: `" + command + " pending`")))));
      }
    }
    if (!led.isEmpty()) {
      blocks.add(divider());
      blocks.add(header(h -> h.text(plainText("Groups you lead"))));
      blocks.add(actions(a -> a.elements(List.of(
          button(b -> b.actionId(ActionIds.HOME_ADD).style("primary").text(plainText("Add people"))),
          button(b -> b.actionId(ActionIds.HOME_REQUEST).text(plainText("Request access for a group")))))));
      for (Group g : led.subList(0, Math.min(led.size(), GROUPS_SHOWN))) {
        List<GroupUser> members = access.members(g.groupId()).stream().filter(u -> !u.userId().equals(me.userId())).toList();
        String extend = "Extend " + DurationText.format(durations.extension(g));
        blocks.add(section(s -> s.text(markdownText("*" + Messages.esc(g.displayName()) + "*"
            + (members.isEmpty() ? "\nNobody else has access right now." : " · " + members.size() + (members.size() == 1 ? " member" : " members"))))));
        for (GroupUser u : members.subList(0, Math.min(members.size(), MEMBERS_PER_GROUP))) {
          String who = names.show(u.userId(), u.fullName(), u.email());
          if (u.expirationDate() == null) {
            blocks.add(section(s -> s.text(markdownText(who + " · no end date"))));
          } else {
            blocks.add(section(s -> s.text(markdownText(who + " · " + SlackTime.ends(u.expiration(), now)))
                .accessory(button(b -> b.actionId(ActionIds.LEADER_EXTEND)
                    .value(ReminderMessages.value(g.groupId(), u.userId(), u.expirationDate()))
                    .text(plainText(extend))))));
          }
        }
        if (members.size() > MEMBERS_PER_GROUP) {
          blocks.add(context(c -> c.elements(List.of(markdownText("and " + (members.size() - MEMBERS_PER_GROUP) + " more: `" + command
              + " members " + Messages.esc(g.displayName()) + "`")))));
        }
        // Adds planned for later, each with Cancel.
        blocks.addAll(planViews.inGroup(g, plannedIn(g), p -> lookups.opalUserById(p.userId()), true, names));
        // The other half: what the group gives access to, until when, with Request again.
        List<dev.opaljitbot.access.GroupItems.Item> held = groupItems(g);
        for (dev.opaljitbot.access.GroupItems.Item item : held.subList(0, Math.min(held.size(), ITEMS_PER_GROUP))) {
          blocks.add(section(s -> s.text(markdownText(":package: " + itemViews.line(item)))
              .accessory(button(b -> b.actionId(ActionIds.ITEM_REQUEST_AGAIN).value(ItemViews.value(g.groupId(), item))
                  .text(plainText("Request again"))))));
        }
        if (held.size() > ITEMS_PER_GROUP) {
          blocks.add(context(c -> c.elements(List.of(markdownText("and " + (held.size() - ITEMS_PER_GROUP) + " more items: `" + command
              + " items " + Messages.esc(g.displayName()) + "`")))));
        }
      }
    }
    blocks.add(context(c -> c.elements(List.of(markdownText("`" + command + " help` lists everything I can do.")))));
    return blocks;
  }

  /** The person's planned access. */
  private List<dev.opaljitbot.plans.PlannedAdds.Upcoming> upcomingFor(User me) {
    return orNone("planned adds for " + me.userId(), () -> plans.upcomingFor(me.userId()));
  }

  /** The group's planned adds. */
  private List<dev.opaljitbot.plans.PlannedAdd> plannedIn(Group g) {
    return orNone("planned adds of group " + g.groupId(), () -> plans.inGroup(g.groupId()));
  }

  /** The group's items. */
  private List<dev.opaljitbot.access.GroupItems.Item> groupItems(Group g) {
    return orNone("items of group " + g.groupId(), () -> items.of(g.groupId()));
  }

  /** Requests whose current stage the person reviews. */
  private List<dev.opaljitbot.approvals.ReviewCard> pendingReviews(User me) {
    return orNone("pending reviews of " + me.userId(), () -> requests.awaitingReviewBy(me));
  }

  /** One part of a Home tab; when it cannot be read, Home still shows the rest. */
  private static <T> List<T> orNone(String what, java.util.function.Supplier<List<T>> read) {
    try {
      return read.get();
    } catch (RuntimeException e) {
      LOG.warn("{} for a Home tab could not be read: {}", what, e.toString());
      return List.of();
    }
  }

  private List<BlockElement> ownButtons(User me, GroupUser m, List<Group> led) {
    String value = ReminderMessages.value(m.groupId(), me.userId(), m.expirationDate());
    List<BlockElement> buttons = new ArrayList<>();
    Optional<Group> leads = led.stream().filter(g -> g.groupId().equals(m.groupId())).findFirst();
    if (leads.isPresent()) {
      // The same words as the reminder's button: what it adds to the current end.
      buttons.add(button(b -> b.actionId(ActionIds.REMINDER_EXTEND).value(value)
          .text(plainText("Extend " + DurationText.format(durations.extension(leads.get()))))));
    } else {
      buttons.add(button(b -> b.actionId(ActionIds.REMINDER_ASK).value(value).text(plainText("Ask a leader to extend"))));
    }
    buttons.add(button(b -> b.actionId(ActionIds.REMINDER_DONE).style("danger").value(value).text(plainText("I'm done"))
        .confirm(confirmationDialog(d -> d.title(plainText("Give access back?"))
            .text(markdownText("Your access to *" + Messages.esc(m.groupName()) + "* ends now."))
            .confirm(plainText("Give it back")).deny(plainText("Keep it"))))));
    return buttons;
  }
}
