package dev.opaljitbot.slack;

import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.request.builtin.BlockSuggestionRequest;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.context.builtin.BlockSuggestionContext;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.interactive_components.response.BlockSuggestionResponse;
import com.slack.api.app_backend.interactive_components.response.Option;
import com.slack.api.bolt.App;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.MethodsClient;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.view.View;
import dev.opaljitbot.access.Actor;
import dev.opaljitbot.access.DurationPolicy;
import dev.opaljitbot.approvals.AccessRequests;
import dev.opaljitbot.approvals.Catalog;
import dev.opaljitbot.approvals.ReviewCard;
import dev.opaljitbot.opal.AccessDuration;
import dev.opaljitbot.opal.User;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requesting access on behalf of a group and reviewing requests: the request form and its item search,
 * Approve and Deny (with the comment form), and {@code pending}. Rules live in {@link AccessRequests}.
 */
final class RequestListeners {
  private static final Logger LOG = LoggerFactory.getLogger(RequestListeners.class);

  private final AccessRequests requests;
  private final Catalog catalog;
  private final Lookups lookups;
  private final RequestViews views;
  private final Messages messages;
  private final ExecutorService work;
  private final ClickAnswers answers;
  private final ActingAs actingAs;

  RequestListeners(AccessRequests requests, Catalog catalog, Lookups lookups, RequestViews views, Messages messages, ExecutorService work,
      ClickAnswers answers, ActingAs actingAs) {
    this.answers = answers;
    this.actingAs = actingAs;
    this.requests = requests;
    this.catalog = catalog;
    this.lookups = lookups;
    this.views = views;
    this.messages = messages;
    this.work = work;
  }

  void register(App app) {
    app.blockSuggestion(ActionIds.ITEMS_SELECT, this::itemOptions);
    app.viewSubmission(ActionIds.REQUEST_MODAL, (req, ctx) -> submitRequest(req.getPayload().getUser().getId(),
        req.getPayload().getView(), ctx.client(), ctx));
    app.blockAction(ActionIds.REVIEW_APPROVE, this::approve);
    app.blockAction(ActionIds.REVIEW_DENY, this::openDenyForm);
    // A link button (approve in Opal, with MFA): Slack still sends the click, which needs only its ack.
    app.blockAction(ActionIds.REVIEW_OPEN_IN_OPAL, (req, ctx) -> ctx.ack());
    app.viewSubmission(ActionIds.DENY_MODAL, this::submitDeny);
    app.blockAction(ActionIds.REQUEST_NUDGE, this::nudge);
  }

  /** "Nudge reviewers" on the requester's own pending request: at most once an hour, said privately. */
  private Response nudge(BlockActionRequest req, ActionContext ctx) {
    BlockActionPayload p = req.getPayload();
    Answer responder = answers.forClick(ctx, p);
    String clicker = p.getUser().getId();
    Optional<UUID> id = ButtonValue.uuid(p.getActions().get(0).getValue());
    if (id.isEmpty()) {
      return ctx.ack();
    }
    work.execute(() -> Replies.send(responder, actingAs.run(clicker, "nudge the reviewers", actor -> nudged(requests.nudge(actor, id.get()))), false));
    return ctx.ack();
  }

  private List<LayoutBlock> nudged(AccessRequests.Nudged nudged) {
    PersonNames names = lookups.personNames();
    if (nudged instanceof AccessRequests.Nudged.Sent s) {
      return messages.info(":wave: Nudged " + names.people(s.reviewers()) + (s.unreachable().isEmpty() ? ""
          : "; Slack did not take the nudge to " + names.people(s.unreachable()) + " yet") + ".");
    }
    if (nudged instanceof AccessRequests.Nudged.TooSoon t) {
      return messages.problem("You nudged this request's reviewers less than an hour ago; you can nudge them again from " + SlackTime.date(t.allowedAt()) + ".");
    }
    if (nudged instanceof AccessRequests.Nudged.NotPending n) {
      return messages.problem("This request is already " + n.status().name().toLowerCase(java.util.Locale.ROOT) + "; there is nobody to nudge.");
    }
    if (nudged instanceof AccessRequests.Nudged.NobodyReached) {
      return messages.problem("None of this request's reviewers could be reached in Slack just now; try again in a while, or remind them in Opal.");
    }
    return messages.problem("Only the person who made a request can nudge its reviewers.");
  }

  /** The request form's items as the leader types: the catalog's best matches. */
  private Response itemOptions(BlockSuggestionRequest req, BlockSuggestionContext ctx) {
    String query = req.getPayload().getValue() == null ? "" : req.getPayload().getValue();
    List<Option> options = catalog.search(query, GroupOptions.OPTIONS_LIMIT).stream()
        .map(e -> Option.builder()
            .text(PlainTextObject.builder().text(RequestViews.itemText(e)).build())
            .value(RequestViews.itemValue(e))
            .build())
        .toList();
    return ctx.ack(BlockSuggestionResponse.builder().options(options).build());
  }

  /** Approve on a reviewer's card: decided after the ack; the card (every reviewer's copy) shows the outcome. */
  private Response approve(BlockActionRequest req, ActionContext ctx) {
    BlockActionPayload p = req.getPayload();
    Answer responder = answers.forClick(ctx, p);
    String requestId = p.getActions().get(0).getValue();
    String clicker = p.getUser().getId();
    work.execute(() -> decide(clicker, requestId, true, Optional.empty(), responder));
    return ctx.ack();
  }

  /** Deny on a card opens a form for the comment Opal requires; it names what is denied (the card's own text). */
  private Response openDenyForm(BlockActionRequest req, ActionContext ctx) {
    BlockActionPayload p = req.getPayload();
    View form = views.denyForm(p.getActions().get(0).getValue(), cardText(p));
    Answer responder = answers.forClick(ctx, p);
    try {
      var opened = ctx.client().viewsOpen(r -> r.triggerId(p.getTriggerId()).view(form));
      if (!opened.isOk()) {
        throw new IllegalStateException(opened.getError());
      }
    } catch (Exception e) {
      LOG.warn("the deny form for request {} could not be opened: {}", p.getActions().get(0).getValue(), e.toString());
      work.execute(() -> Replies.send(responder, messages.problem("I couldn't open the deny form in time; please click Deny again."), false));
    }
    return ctx.ack();
  }

  /** The deny form: the comment is required; the decision is made after the ack and shown in the form. */
  private Response submitDeny(ViewSubmissionRequest req, ViewSubmissionContext ctx) {
    String comment = new FormState(req.getPayload().getView().getState()).text(ActionIds.COMMENT_BLOCK, ActionIds.COMMENT_INPUT).orElse("");
    if (comment.isBlank()) {
      return ctx.ackWithErrors(Map.of(ActionIds.COMMENT_BLOCK, "A comment is required to deny."));
    }
    String requestId = req.getPayload().getView().getPrivateMetadata();
    String clicker = req.getPayload().getUser().getId();
    String viewId = req.getPayload().getView().getId();
    MethodsClient client = ctx.client();
    work.execute(() -> {
      List<LayoutBlock> result = decideBlocks(clicker, requestId, false, Optional.of(comment));
      Modals.updateNotice(client, viewId, "Deny request", result, blocks -> answers.byDm(clicker, blocks));
    });
    return ctx.ackWithUpdate(Modals.notice("Deny request", messages.working("Asking Opal…")));
  }

  /** {@code /access pending}: the requests awaiting my review, with the same buttons. */
  List<LayoutBlock> pending(String slackUserId) {
    Lookups.Resolved<User> me = lookups.opalUser(slackUserId, true);
    if (me.problem().isPresent()) {
      return messages.problem(me.problem().get());
    }
    List<ReviewCard> cards = requests.awaitingReviewBy(me.value());
    if (cards.isEmpty()) {
      return messages.info(":tada: Nothing awaits your review.");
    }
    List<LayoutBlock> blocks = new ArrayList<>();
    for (ReviewCard card : cards.subList(0, Math.min(cards.size(), 10))) {
      if (!blocks.isEmpty()) {
        blocks.add(com.slack.api.model.block.Blocks.divider());
      }
      blocks.addAll(views.card(card, lookups.personNames(), true));
    }
    return blocks;
  }

  /** {@code /access requests}: my recent requests and where each stands. */
  List<LayoutBlock> mine(String slackUserId) {
    List<ReviewCard> cards = requests.recentRequestsBy(slackUserId, 10);
    return views.myRequests(cards, card -> requests.isStale(card.request()), lookups.personNames(), messages.now());
  }

  private Response submitRequest(String submitter, View view, MethodsClient client, com.slack.api.bolt.context.builtin.ViewSubmissionContext ctx) {
    FormState state = new FormState(view.getState());
    Map<String, String> errors = new LinkedHashMap<>();
    Optional<UUID> group = state.selected(ActionIds.GROUP_BLOCK, ActionIds.GROUP_SELECT).flatMap(ButtonValue::uuid);
    if (group.isEmpty()) errors.put(ActionIds.GROUP_BLOCK, "Pick the group that gets the access.");
    List<AccessRequests.Choice> choices = choices(state);
    if (choices.isEmpty()) errors.put(ActionIds.ITEMS_BLOCK, "Pick at least one resource or group.");
    FormState.Duration picked = state.duration();
    String durationText = picked.text();
    Lookups.Resolved<DurationPolicy.Requested> duration = Lookups.duration(durationText);
    if (duration.problem().isPresent()) {
      errors.put(picked.block(),
          durationText.isBlank() ? "Type a duration such as 90m or 3d." : duration.problem().get());
    }
    Optional<String> reason = state.text(ActionIds.REASON_BLOCK, ActionIds.REASON_INPUT);
    if (reason.isEmpty()) errors.put(ActionIds.REASON_BLOCK, "A reason is required: reviewers decide on it.");
    Optional<String> ticket = state.text(ActionIds.TICKET_BLOCK, ActionIds.TICKET_INPUT);
    if (duration.problem().isEmpty()) {
      // Item rules (ticket, maximum, MFA) are shown beside their fields; the form keeps what was typed.
      for (AccessRequests.ItemProblem problem : itemProblemsBeforeAck(group.orElse(new UUID(0, 0)), choices, duration.value(), ticket)) {
        String field = switch (problem.kind()) {
          case NEEDS_TICKET -> ActionIds.TICKET_BLOCK;
          case TOO_LONG, OVER_OPAL_MAXIMUM -> picked.block();
          case NEEDS_MFA_TO_REQUEST, GONE, SELF -> ActionIds.ITEMS_BLOCK;
        };
        String words = words(problem, problem.itemName());
        errors.merge(field, words, (a, b) -> a.equals(b) ? a : a + " " + b);
      }
    }
    if (!errors.isEmpty()) {
      return ctx.ackWithErrors(errors);
    }
    DurationPolicy.Requested chosenDuration = duration.value();
    String viewId = view.getId();
    work.execute(() -> Modals.updateNotice(client, viewId, "Request access",
        sendRequest(submitter, group.get(), choices, chosenDuration, reason.get(), ticket), blocks -> answers.byDm(submitter, blocks)));
    return ctx.ackWithUpdate(Modals.notice("Request access", messages.working("Sending the request to Opal…")));
  }

  /** What the leader picked in the items field (a resource {@code R:…} or a group {@code G:…}), at the access level typed. */
  private static List<AccessRequests.Choice> choices(FormState state) {
    List<AccessRequests.Choice> choices = new ArrayList<>();
    String level = state.text(ActionIds.REQUEST_LEVEL_BLOCK, ActionIds.REQUEST_LEVEL_INPUT).orElse("");
    for (String picked : state.selectedMany(ActionIds.ITEMS_BLOCK, ActionIds.ITEMS_SELECT)) {
      Optional<UUID> id = ButtonValue.uuid(picked.length() > 2 ? picked.substring(2) : "");
      if (id.isPresent()) {
        choices.add(new AccessRequests.Choice(picked.startsWith("G:") ? Catalog.Entry.Kind.GROUP : Catalog.Entry.Kind.RESOURCE, id.get(), level));
      }
    }
    return choices;
  }

  /** Sends the request (after the ack) and says what became of it, for the form. */
  private List<LayoutBlock> sendRequest(String submitter, UUID group, List<AccessRequests.Choice> choices, DurationPolicy.Requested duration,
      String reason, Optional<String> ticket) {
    return actingAs.run(submitter, "create the request", actor -> {
      AccessRequests.Submitted submitted = requests.submit(actor, group, choices, duration, reason, ticket);
      if (submitted instanceof AccessRequests.Submitted.Created c) {
        return views.submitted(c.card(), c.reviewersAsked(), c.reviewersDelayed(), lookups.personNames(), messages.now());
      }
      if (submitted instanceof AccessRequests.Submitted.CreatedNotFollowedUp c) {
        return views.createdNotFollowedUp(c.requestId(), c.followed());
      }
      return messages.problem(refusal((AccessRequests.Submitted.Refused) submitted) + "\nNothing was requested.");
    });
  }

  private void decide(String clicker, String requestId, boolean approve, Optional<String> comment, Answer responder) {
    // Empty when the decision went through (every card then shows it); a Home tab is still redrawn.
    Replies.send(responder, decideBlocks(clicker, requestId, approve, comment), false);
  }

  /** The decision; an empty list when it went through (every reviewer's DM then shows the outcome). */
  private List<LayoutBlock> decideBlocks(String clicker, String requestId, boolean approve, Optional<String> comment) {
    Optional<UUID> id = ButtonValue.uuid(requestId);
    if (id.isEmpty()) {
      return messages.problem("That button is out of date.");
    }
    return actingAs.run(clicker, approve ? "approve the request" : "deny the request", actor -> {
      AccessRequests.Decided decided = requests.decide(actor, id.get(), approve, comment);
      if (decided instanceof AccessRequests.Decided.Refused r) {
        return messages.problem(switch (r.why()) {
          case OWN_REQUEST -> "You asked for this access, so someone else must review it.";
          case NOT_A_PENDING_REVIEWER -> "You are not a pending reviewer of this request's current stage, so your decision was not sent."
              + " If you review it on someone's behalf, decide " + views.requestLink(id.get(), "in Opal") + ".";
          case NEEDS_MFA -> "This request needs MFA to approve, which Slack cannot prove: approve " + views.requestLink(id.get(), "it in Opal")
              + ".";
          case NEEDS_COMMENT -> "A comment is required to deny a request.";
        });
      }
      if (decided instanceof AccessRequests.Decided.AlreadyDecided a) {
        return messages.problem("This request was already decided (" + a.request().status().name().toLowerCase() + "); nothing more was sent.");
      }
      return approve ? List.<LayoutBlock>of() : messages.info(":no_entry: Denied; the requester has been told.");
    });
  }


  /** An item's rule in words: plain text for the form's inline errors ({@code item} as is), or mrkdwn (item in bold, escaped). */
  private static String words(AccessRequests.ItemProblem problem, String item) {
    return switch (problem.kind()) {
      case NEEDS_TICKET -> item + " needs a support ticket: type its reference, e.g. OPS-1234.";
      case TOO_LONG -> item + " allows at most " + dev.opaljitbot.access.DurationText.format(problem.maximum().orElseThrow()) + ".";
      case OVER_OPAL_MAXIMUM -> "Opal allows at most " + dev.opaljitbot.access.DurationText.format(problem.maximum().orElseThrow()) + ".";
      case NEEDS_MFA_TO_REQUEST -> item + " needs MFA to request, which Slack cannot do: request it in Opal's web app.";
      case GONE -> "An item you picked no longer exists in Opal.";
      case SELF -> item + " cannot be given access to itself: pick other items.";
    };
  }

  /** Why a request was not sent, in mrkdwn. */
  private static String refusal(AccessRequests.Submitted.Refused r) {
    String group = "*" + Messages.esc(r.groupName()) + "*";
    return switch (r.why()) {
      case NOT_A_LEADER -> "Only leaders of " + group + " can request access on its behalf.";
      case NO_REASON -> "A reason is required: reviewers decide on it.";
      case NO_ITEMS -> "Pick at least one resource or group to request.";
      case ITEM_PROBLEMS -> r.items().stream().map(p -> words(p, "*" + Messages.esc(p.itemName()) + "*")).distinct()
          .collect(java.util.stream.Collectors.joining("\n"));
    };
  }

  /**
   * The items' rules for the form's inline errors; when Opal cannot be read now they are skipped (the request
   * is checked again after the ack and any refusal is shown then), so the ack is never held up or lost.
   */
  private List<AccessRequests.ItemProblem> itemProblemsBeforeAck(UUID group, List<AccessRequests.Choice> choices, DurationPolicy.Requested duration,
      Optional<String> ticket) {
    try {
      return requests.itemProblems(group, choices, duration, ticket);
    } catch (RuntimeException e) {
      LOG.warn("item rules not checked before the ack: {}", e.toString());
      return List.of();
    }
  }

  /** The first section's text of the message holding the clicked button, if any. */
  private static Optional<String> cardText(BlockActionPayload p) {
    List<LayoutBlock> blocks = p.getMessage() != null ? p.getMessage().getBlocks() : List.of();
    return blocks == null ? Optional.empty() : blocks.stream()
        .filter(b -> b instanceof com.slack.api.model.block.SectionBlock)
        .map(b -> ((com.slack.api.model.block.SectionBlock) b).getText())
        .filter(t -> t != null && t.getText() != null)
        .map(t -> t.getText())
        .findFirst();
  }
}
