package dev.opaljitbot.slack;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.handler.builtin.BlockActionHandler;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.block.LayoutBlock;
import dev.opaljitbot.access.Actor;
import dev.opaljitbot.access.GroupItems;
import dev.opaljitbot.approvals.Catalog;
import dev.opaljitbot.directory.GroupDirectory;
import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.User;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;

/**
 * Request again and Remove on a group's items. Buttons carry the group, the kind and the item; the click is
 * authorized again (the clicker must lead the group, by data no older than a minute) before anything is sent.
 */
final class ItemButtons implements BlockActionHandler {
  private final GroupDirectory groups;
  private final GroupItems items;
  private final Catalog catalog;
  private final Lookups lookups;
  private final ModalOpener modals;
  private final ItemViews views;
  private final Messages messages;
  private final ClickAnswers answers;
  private final ExecutorService work;
  private final dev.opaljitbot.reminders.ReminderActions reminderActions;
  private final HomeTab home;
  private final ActingAs actingAs;

  ItemButtons(GroupDirectory groups, GroupItems items, Catalog catalog, Lookups lookups, ModalOpener modals, ItemViews views,
      Messages messages, ClickAnswers answers, ExecutorService work, dev.opaljitbot.reminders.ReminderActions reminderActions,
      HomeTab home, ActingAs actingAs) {
    this.home = home;
    this.actingAs = actingAs;
    this.reminderActions = reminderActions;
    this.groups = groups;
    this.items = items;
    this.catalog = catalog;
    this.lookups = lookups;
    this.modals = modals;
    this.views = views;
    this.messages = messages;
    this.answers = answers;
    this.work = work;
  }

  /** What a button names: the group, whether the item is a resource, and the item. */
  private record Target(UUID groupId, boolean resource, UUID itemId) {
    static Optional<Target> parse(String value) {
      return ButtonValue.read(value, 3, v -> new Target(v.uuid(0), v.oneOf(1, "R", "G").equals("R"), v.uuid(2)));
    }
  }

  @Override
  public Response apply(BlockActionRequest req, ActionContext ctx) {
    BlockActionPayload payload = req.getPayload();
    BlockActionPayload.Action action = payload.getActions().get(0);
    if (action.getActionId().equals(ActionIds.ITEM_LET_EXPIRE)) {
      return letExpire(ctx, payload, action.getValue());
    }
    Optional<Target> target = Target.parse(action.getValue());
    if (target.isEmpty() || action.getActionId().equals(ActionIds.ITEM_REMOVE_IN_OPAL)) {
      return ctx.ack(); // a link button: Slack opens Opal's page; nothing to do here
    }
    String clicker = payload.getUser().getId();
    Answer answer = answers.forClick(ctx, payload);
    Target t = target.get();
    if (action.getActionId().equals(ActionIds.ITEM_REQUEST_AGAIN)) {
      // The trigger id expires in 3 s: the form opens now, prefilled from cached data.
      Optional<Group> group = groups.cached(t.groupId());
      Optional<String> refused = group.isEmpty() ? Optional.of("That group is no longer in Opal.")
          : modals.openRequestAgain(ctx.client(), payload.getTriggerId(), clicker, group.get(),
              t.resource() ? Catalog.Entry.Kind.RESOURCE : Catalog.Entry.Kind.GROUP, t.itemId());
      refused.ifPresent(why -> work.execute(() -> answer.send(messages.problem(why), false)));
      return ctx.ack();
    }
    work.execute(() -> answer.send(actingAs.reply(clicker, "remove the access", actor -> remove(actor, t))));
    return ctx.ack();
  }

  private Reply remove(Actor actor, Target t) {
    GroupItems.Removal removal = items.remove(actor, t.groupId(), t.resource() ? GroupItems.Item.Kind.RESOURCE : GroupItems.Item.Kind.GROUP,
        t.itemId());
    boolean done = removal instanceof GroupItems.Removal.Removed || removal instanceof GroupItems.Removal.AlreadyGone;
    return done ? Reply.replacing(withList(outcome(removal), t.groupId())) : Reply.beside(outcome(removal));
  }

  /** The outcome of a removal over the group's list as Opal has it now; the outcome alone if that read fails (it is done). */
  private List<LayoutBlock> withList(List<LayoutBlock> outcome, UUID groupId) {
    try {
      Group group = groups.groupNoOlderThan(groupId, java.time.Duration.ofMinutes(5));
      home.refreshLeadersOf(group); // the bot's own change shows at once on its leaders' Home tabs
      return Messages.divided(outcome, views.list(group, items.of(groupId), true));
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(ItemButtons.class).warn("items of group {} not redrawn after a removal: {}", groupId, e.toString());
      return outcome;
    }
  }

  /** "Let it expire" on an item reminder: no more reminders about that end, for the group's leaders. */
  private Response letExpire(ActionContext ctx, BlockActionPayload payload, String value) {
    Optional<ReminderMessages.Target> t = ReminderMessages.Target.parse(value);
    if (t.isEmpty()) {
      return ctx.ack();
    }
    String clicker = payload.getUser().getId();
    Answer answer = answers.forClick(ctx, payload);
    ReminderMessages.Target target = t.get();
    work.execute(() -> answer.send(actingAs.reply(clicker, "stop the reminders", actor -> letExpire(actor, target))));
    return ctx.ack();
  }

  private Reply letExpire(Actor actor, ReminderMessages.Target t) {
    Group group = groups.groupToAuthorize(t.groupId());
    if (!reminderActions.letItemExpire(actor.opalUser(), t.groupId(), t.userId(), t.expiresAt())) {
      return Reply.beside(messages.problem("Only leaders of *" + Messages.esc(group.displayName()) + "* can decide that."));
    }
    String item = catalog.find(Catalog.Entry.Kind.RESOURCE, t.userId()).map(Catalog.Entry::name).orElse("the resource");
    return Reply.replacing(messages.info(":white_check_mark: No more reminders to *" + Messages.esc(group.displayName()) + "*'s leaders about *"
        + Messages.esc(item) + "*: the group's access to it ends " + SlackTime.date(t.expiresAt()) + ". `"
        + itemsCommand(group) + "` can still request it again."));
  }

  private String itemsCommand(Group group) {
    return messages.command() + " items " + Messages.esc(group.displayName());
  }

  private List<LayoutBlock> outcome(GroupItems.Removal removal) {
    PersonNames names = lookups.personNames();
    if (removal instanceof GroupItems.Removal.Removed r) {
      return messages.info(":white_check_mark: *" + Messages.esc(r.group().displayName()) + "* no longer gives access to *"
          + Messages.esc(r.itemName()) + "*.");
    }
    if (removal instanceof GroupItems.Removal.AlreadyGone r) {
      return messages.info(":information_source: *" + Messages.esc(r.group().displayName()) + "* already had no access to *"
          + Messages.esc(r.itemName()) + "*; nothing changed.");
    }
    if (removal instanceof GroupItems.Removal.OnlyInOpal r) {
      return messages.problem("A resource is removed from *" + Messages.esc(r.group().displayName())
          + "* on the group's page in Opal (the Remove in Opal button).");
    }
    if (removal instanceof GroupItems.Removal.NotALeader r) {
      String leaders = r.leaders().isEmpty() ? "It has no leaders in Opal; ask an Opal admin."
          : "Ask one of its leaders: " + r.leaders().stream().map(u -> names.show(u.userId(), u.fullName(), u.email()))
              .collect(Collectors.joining(", ")) + ".";
      return messages.problem("Only leaders of *" + Messages.esc(r.group().displayName()) + "* can do that. " + leaders);
    }
    GroupItems.Removal.Failed f = (GroupItems.Removal.Failed) removal;
    return messages.problem(Problems.describe(f.cause(), "remove *" + Messages.esc(f.itemName()) + "* from *"
        + Messages.esc(f.group().displayName()) + "*"));
  }
}
