package dev.opaljitbot.slack;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.handler.builtin.BlockActionHandler;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.block.LayoutBlock;
import dev.opaljitbot.access.Actor;
import dev.opaljitbot.access.GroupAccess;
import dev.opaljitbot.access.MemberChange;
import dev.opaljitbot.directory.GroupDirectory;
import dev.opaljitbot.directory.UserDirectory;
import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.User;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;

/**
 * The Extend, Remove and paging buttons on a members list. Buttons carry the group and member ids; the
 * click is authorized again by the domain (with fresh group data), whatever the button said.
 */
final class MemberButtons implements BlockActionHandler {
  private final GroupDirectory groups;
  private final UserDirectory users;
  private final GroupAccess access;
  private final Lookups lookups;
  private final ModalOpener modals;
  private final Messages messages;
  private final ExecutorService work;
  private final ClickAnswers answers;
  private final ActingAs actingAs;

  MemberButtons(
      GroupDirectory groups, UserDirectory users, GroupAccess access, Lookups lookups, ModalOpener modals, Messages messages,
      ExecutorService work, ClickAnswers answers, ActingAs actingAs) {
    this.answers = answers;
    this.actingAs = actingAs;
    this.groups = groups;
    this.users = users;
    this.access = access;
    this.lookups = lookups;
    this.modals = modals;
    this.messages = messages;
    this.work = work;
  }

  @Override
  public Response apply(BlockActionRequest req, ActionContext ctx) {
    BlockActionPayload payload = req.getPayload();
    BlockActionPayload.Action action = payload.getActions().get(0);
    String clicker = payload.getUser().getId();
    boolean paging = action.getActionId().startsWith(ActionIds.MEMBERS_PAGE);
    // A member button names the group and the member; a page button the group and the page.
    Optional<UUID> groupId = ButtonValue.read(action.getValue(), 2, v -> v.uuid(0));
    Optional<UUID> memberId = paging ? Optional.empty() : ButtonValue.read(action.getValue(), 2, v -> v.uuid(1));
    Optional<Integer> pageShown = paging ? ButtonValue.read(action.getValue(), 2, v -> v.number(1)) : Optional.empty();
    if (groupId.isEmpty() || (paging ? pageShown.isEmpty() : memberId.isEmpty())) {
      return ctx.ack();
    }
    String channelId = payload.getChannel() == null ? null : payload.getChannel().getId();
    Answer responder = answers.forClick(ctx, payload);
    if (action.getActionId().equals(ActionIds.MEMBER_EXTEND)) {
      // The trigger id expires in 3 s: open the modal now, from cached data only.
      Optional<Group> group = groups.cached(groupId.get());
      Optional<String> memberSlackId = memberId.flatMap(users::cachedById).flatMap(u -> users.slackIdOf(u.email()));
      if (group.isPresent() && memberSlackId.isPresent()) {
        modals.openExtendFor(ctx.client(), payload.getTriggerId(), group.get(), memberSlackId.get(), channelId);
        return ctx.ack();
      }
      work.execute(() -> Replies.send(responder,
          messages.problem("I couldn't open the form quickly enough; please use `extend @user &lt;group&gt; &lt;duration&gt;`."), false));
      return ctx.ack();
    }
    work.execute(() -> Replies.send(responder, paging
        ? actingAs.run(clicker, "show the members", actor -> page(actor, groupId.get(), pageShown.get()))
        : actingAs.run(clicker, "remove the access", actor -> remove(actor, groupId.get(), memberId.get())), true));
    return ctx.ack();
  }

  private List<LayoutBlock> page(Actor me, UUID groupId, int page) {
    Group group = groups.groupNoOlderThan(groupId, java.time.Duration.ofMinutes(5));
    return messages.members(group, access.members(groupId), group.isLeader(me.opalUser().userId()), page, lookups.personNames());
  }

  private List<LayoutBlock> remove(Actor me, UUID groupId, UUID memberId) {
    Optional<User> member = users.byId(memberId);
    if (member.isEmpty()) {
      return messages.problem("Opal no longer knows that person; nothing was changed.");
    }
    MemberChange change = access.remove(me, groupId, member.get());
    List<LayoutBlock> outcome = messages.memberChange(change, lookups.personNames(), me.opalUser().userId());
    if (change instanceof MemberChange.Refused) {
      return outcome;
    }
    // Whether removed now or already gone, the list is redrawn as Opal has it, under the outcome; if that read
    // fails, the outcome alone is the answer (the removal is done, and must not be reported as failed).
    try {
      Group group = groups.groupNoOlderThan(groupId, java.time.Duration.ofMinutes(5));
      return Messages.divided(
          outcome,
          messages.members(group, access.members(groupId), group.isLeader(me.opalUser().userId()), 0, lookups.personNames()));
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(MemberButtons.class).warn("members of group {} not redrawn after a removal: {}", groupId, e.toString());
      return outcome;
    }
  }
}
