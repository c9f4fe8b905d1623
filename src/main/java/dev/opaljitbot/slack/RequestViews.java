package dev.opaljitbot.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.option;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;
import static com.slack.api.model.block.element.BlockElements.externalSelect;
import static com.slack.api.model.block.element.BlockElements.multiExternalSelect;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;
import static com.slack.api.model.block.element.BlockElements.staticSelect;
import static com.slack.api.model.view.Views.view;
import static com.slack.api.model.view.Views.viewClose;
import static com.slack.api.model.view.Views.viewSubmit;
import static com.slack.api.model.view.Views.viewTitle;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.OptionObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.view.View;
import dev.opaljitbot.access.DurationPolicy;
import dev.opaljitbot.access.DurationText;
import dev.opaljitbot.approvals.ReviewCard;
import dev.opaljitbot.approvals.ReviewNotifier;
import dev.opaljitbot.opal.User;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The request form, the reviewer's card with Approve and Deny, and what replaces it after the decision. */
final class RequestViews {
  static final String REQUEST_MODAL = "request-access";
  static final String DENY_MODAL = "deny-request";
  static final String ITEMS_BLOCK = "items";
  static final String ITEMS_SELECT = "item-select";
  static final String LEVEL_BLOCK = "request-level";
  static final String LEVEL_INPUT = "request-level-input";
  static final String TICKET_BLOCK = "ticket";
  static final String TICKET_INPUT = "ticket-input";
  static final String COMMENT_BLOCK = "comment";
  static final String COMMENT_INPUT = "comment-input";
  static final String APPROVE = "review-approve";
  static final String DENY = "review-deny";

  private final String opalWebUrl;

  RequestViews(String opalWebUrl) {
    this.opalWebUrl = opalWebUrl;
  }

  View requestForm(String privateMetadata) {
    List<OptionObject> durations = new ArrayList<>(DurationPolicy.PRESETS.stream().map(Modals::durationOption).toList());
    durations.add(option(plainText("Custom…"), Modals.CUSTOM));
    OptionObject initial = durations.stream().filter(o -> o.getValue().equals("1d")).findFirst().orElse(durations.get(0));
    List<LayoutBlock> blocks = List.of(
        input(i -> i.blockId(ActionIds.GROUP_BLOCK).label(plainText("Group")).hint(plainText("The group that gets the access; only groups you lead."))
            .element(externalSelect(e -> e.actionId(ActionIds.GROUP_SELECT).placeholder(plainText("Search your groups")).minQueryLength(0)))),
        input(i -> i.blockId(ITEMS_BLOCK).label(plainText("Item")).hint(plainText("Resources and groups to request; type to search."))
            .element(multiExternalSelect(e -> e.actionId(ITEMS_SELECT).placeholder(plainText("Search resources and groups")).minQueryLength(0)))),
        input(i -> i.blockId(LEVEL_BLOCK).label(plainText("Access level")).optional(true)
            .hint(plainText("The access level's remote id, where the item has levels; empty for the default."))
            .element(plainTextInput(e -> e.actionId(LEVEL_INPUT).maxLength(200)))),
        input(i -> i.blockId(ActionIds.DURATION_BLOCK).label(plainText("Duration"))
            .element(staticSelect(e -> e.actionId(ActionIds.DURATION_SELECT).options(durations).initialOption(initial)))),
        input(i -> i.blockId(ActionIds.CUSTOM_DURATION_BLOCK).label(plainText("Custom duration")).optional(true)
            .element(plainTextInput(e -> e.actionId(ActionIds.CUSTOM_DURATION_INPUT).maxLength(20)))),
        input(i -> i.blockId(ActionIds.REASON_BLOCK).label(plainText("Reason"))
            .element(plainTextInput(e -> e.actionId(ActionIds.REASON_INPUT).multiline(true).maxLength(1000)))),
        input(i -> i.blockId(TICKET_BLOCK).label(plainText("Ticket reference")).optional(true)
            .hint(plainText("Required by items that need a support ticket, e.g. OPS-1234."))
            .element(plainTextInput(e -> e.actionId(TICKET_INPUT).maxLength(100)))));
    return view(v -> v.type("modal").callbackId(REQUEST_MODAL)
        .title(viewTitle(t -> t.type("plain_text").text("Request access")))
        .submit(viewSubmit(s -> s.type("plain_text").text("Request")))
        .close(viewClose(c -> c.type("plain_text").text("Cancel")))
        .privateMetadata(privateMetadata).blocks(blocks));
  }

  View denyForm(String requestId) {
    return view(v -> v.type("modal").callbackId(DENY_MODAL)
        .title(viewTitle(t -> t.type("plain_text").text("Deny request")))
        .submit(viewSubmit(s -> s.type("plain_text").text("Deny")))
        .close(viewClose(c -> c.type("plain_text").text("Cancel")))
        .privateMetadata(requestId)
        .blocks(List.of(input(i -> i.blockId(COMMENT_BLOCK).label(plainText("Comment"))
            .hint(plainText("Required: the requester sees it."))
            .element(plainTextInput(e -> e.actionId(COMMENT_INPUT).multiline(true).maxLength(1000)))))));
  }

  /** The card a reviewer decides on: Approve (unless MFA is needed) and Deny carry the request id. */
  List<LayoutBlock> card(ReviewCard card, PersonNames names, boolean withButtons) {
    List<LayoutBlock> blocks = new ArrayList<>(describe(card, names));
    if (!withButtons) {
      return blocks;
    }
    String id = card.request().id().toString();
    List<BlockElement> buttons = new ArrayList<>();
    if (card.needsMfaToApprove()) {
      buttons.add(button(b -> b.actionId("review-open-in-opal").text(plainText("Approve in Opal (MFA)")).url(opalWebUrl + "/requests/" + id)));
    } else {
      buttons.add(button(b -> b.actionId(APPROVE).style("primary").text(plainText("Approve")).value(id)));
    }
    buttons.add(button(b -> b.actionId(DENY).style("danger").text(plainText("Deny")).value(id)));
    blocks.add(actions(a -> a.elements(buttons)));
    return blocks;
  }

  List<LayoutBlock> outcome(ReviewCard card, ReviewNotifier.Outcome outcome, PersonNames names) {
    List<LayoutBlock> blocks = new ArrayList<>(describe(card, names));
    String by = outcome.decidedBy().map(u -> " by " + names.show(u.userId(), u.fullName(), u.email())).orElse(" in Opal");
    String what;
    if (!outcome.approved()) {
      what = ":no_entry: *Denied*" + by + outcome.comment().map(c -> ": \u201c" + Messages.esc(c) + "\u201d").orElse("");
    } else if (outcome.finalStatus() == dev.opaljitbot.opal.RequestStatus.PENDING) {
      what = ":white_check_mark: Stage " + outcome.stage() + " of " + outcome.stages() + " approved" + by + "; waiting for the next stage.";
    } else {
      what = ":white_check_mark: *Approved*" + by + ". *" + Messages.esc(card.targetGroup() == null ? "" : card.targetGroup().displayName())
          + "* now has the access.";
    }
    blocks.add(context(c -> c.elements(List.of(markdownText(what)))));
    return blocks;
  }

  List<LayoutBlock> submitted(ReviewCard card, List<User> reviewers, PersonNames names) {
    String asked = reviewers.isEmpty() ? "No reviewer could be reached in Slack; they will see it in Opal."
        : "Asked " + reviewers.stream().map(u -> names.show(u.userId(), u.fullName(), u.email())).collect(Collectors.joining(", ")) + " to review.";
    List<LayoutBlock> blocks = new ArrayList<>(describe(card, names));
    blocks.add(section(s -> s.text(markdownText(":outbox_tray: Request `" + card.request().id() + "` sent. " + asked))));
    return blocks;
  }

  private List<LayoutBlock> describe(ReviewCard card, PersonNames names) {
    String who = card.requesterSlackId().map(id -> "<@" + id + ">")
        .or(() -> card.requester().map(u -> Messages.esc(u.fullName()))).orElse("Someone");
    String group = card.targetGroup() == null ? "a user" : "*" + Messages.esc(card.targetGroup().displayName()) + "*";
    String items = card.items().stream().map(i -> "• *" + Messages.esc(i.name()) + "* (" + Messages.esc(i.accessLevel()) + ")"
        + (i.requiresMfaToApprove() ? " · needs MFA to approve" : "")).collect(Collectors.joining("\n"));
    String duration = card.request().requestedDuration().map(DurationText::format).orElse("no end date");
    String text = who + " requests access for " + group + " for *" + duration + "*:\n" + items
        + "\n*Reason:* " + Messages.esc(card.request().reason());
    String progress = "Request `" + card.request().id() + "` · stage " + Math.min(card.stage(), card.stages()) + " of " + card.stages();
    return new ArrayList<>(List.of(
        section(s -> s.text(markdownText(Messages.clip(text, Messages.SECTION_TEXT_LIMIT)))),
        context(c -> c.elements(List.of(markdownText(progress))))));
  }
}
