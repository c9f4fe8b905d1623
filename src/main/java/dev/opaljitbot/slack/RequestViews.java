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

  private final String opalWebUrl;
  private final String command;

  RequestViews(String opalWebUrl, String command) {
    this.opalWebUrl = opalWebUrl;
    this.command = command;
  }

  /** What the request form opens with: whatever the command said, and notes on what could not be used. */
  record Prefill(
      java.util.Optional<dev.opaljitbot.opal.Group> group, List<dev.opaljitbot.approvals.Catalog.Entry> items,
      java.util.Optional<String> duration, java.util.Optional<String> reason, List<String> notes) {
    static Prefill empty() {
      return new Prefill(java.util.Optional.empty(), List.of(), java.util.Optional.empty(), java.util.Optional.empty(), List.of());
    }
  }

  /** The value an item has in the items select: {@code R:} or {@code G:} and its id. */
  static String itemValue(dev.opaljitbot.approvals.Catalog.Entry e) {
    return (e.kind() == dev.opaljitbot.approvals.Catalog.Entry.Kind.RESOURCE ? "R:" : "G:") + e.id();
  }

  /** The text an item has in the items select. */
  static String itemText(dev.opaljitbot.approvals.Catalog.Entry e) {
    return Messages.clip((e.kind() == dev.opaljitbot.approvals.Catalog.Entry.Kind.RESOURCE ? "" : "Group: ") + e.name(), Modals.OPTION_TEXT_LIMIT);
  }

  View requestForm(Prefill prefill, String privateMetadata) {
    List<OptionObject> durations = new ArrayList<>(DurationPolicy.PRESETS.stream().map(Modals::durationOption).toList());
    durations.add(option(plainText("Custom…"), Modals.CUSTOM));
    // A duration that is not a preset ("indefinite", "90m", a typo) is kept as typed in the custom field.
    String wanted = prefill.duration().map(d -> DurationText.tryParse(d).map(DurationText::format).orElse(d)).orElse("1d");
    java.util.Optional<OptionObject> preset = durations.stream().filter(o -> o.getValue().equals(wanted)).findFirst();
    OptionObject initial = preset.orElse(prefill.duration().isPresent() ? durations.get(durations.size() - 1) : durations.get(0));
    java.util.Optional<String> custom = preset.isPresent() ? java.util.Optional.empty() : prefill.duration();
    List<OptionObject> items = prefill.items().stream().map(e -> option(plainText(itemText(e)), itemValue(e))).toList();
    List<LayoutBlock> blocks = new ArrayList<>(Modals.notes(prefill.notes()));
    blocks.add(input(i -> i.blockId(ActionIds.GROUP_BLOCK).label(plainText("Group")).dispatchAction(true)
        .hint(plainText("The group that gets the access; only groups you lead."))
        .element(externalSelect(e -> {
          e.actionId(ActionIds.GROUP_SELECT).placeholder(plainText("Search your groups")).minQueryLength(0);
          prefill.group().ifPresent(g -> e.initialOption(Modals.groupOption(g)));
          return e;
        }))));
    blocks.add(input(i -> i.blockId(ActionIds.ITEMS_BLOCK).label(plainText("Item")).hint(plainText("Resources and groups to request; type to search."))
        .element(multiExternalSelect(e -> {
          e.actionId(ActionIds.ITEMS_SELECT).placeholder(plainText("Search resources and groups")).minQueryLength(0);
          if (!items.isEmpty()) {
            e.initialOptions(items);
          }
          return e;
        }))));
    blocks.add(input(i -> i.blockId(ActionIds.REQUEST_LEVEL_BLOCK).label(plainText("Access level")).optional(true)
        .hint(plainText("Only for items with access levels (e.g. a database role): the level to request. Leave empty for the default."))
        .element(plainTextInput(e -> e.actionId(ActionIds.REQUEST_LEVEL_INPUT).maxLength(200)))));
    blocks.add(input(i -> i.blockId(ActionIds.DURATION_BLOCK).label(plainText("Duration"))
        .element(staticSelect(e -> e.actionId(ActionIds.DURATION_SELECT).options(durations).initialOption(initial)))));
    blocks.add(input(i -> i.blockId(ActionIds.CUSTOM_DURATION_BLOCK).label(plainText("Custom duration")).optional(true)
        .hint(plainText("Used when Duration is Custom: e.g. 90m, 1h30m, 3d, 1w."))
        .element(plainTextInput(e -> {
          e.actionId(ActionIds.CUSTOM_DURATION_INPUT).maxLength(20);
          custom.ifPresent(e::initialValue);
          return e;
        }))));
    blocks.add(input(i -> i.blockId(ActionIds.REASON_BLOCK).label(plainText("Reason"))
        .element(plainTextInput(e -> {
          e.actionId(ActionIds.REASON_INPUT).multiline(true).maxLength(1000);
          prefill.reason().ifPresent(e::initialValue);
          return e;
        }))));
    blocks.add(input(i -> i.blockId(ActionIds.TICKET_BLOCK).label(plainText("Ticket reference")).optional(true)
        .hint(plainText("Required by items that need a support ticket, e.g. OPS-1234."))
        .element(plainTextInput(e -> e.actionId(ActionIds.TICKET_INPUT).maxLength(100)))));
    return view(v -> v.type("modal").callbackId(ActionIds.REQUEST_MODAL)
        .title(viewTitle(t -> t.type("plain_text").text("Request access")))
        .submit(viewSubmit(s -> s.type("plain_text").text("Request")))
        .close(viewClose(c -> c.type("plain_text").text("Cancel")))
        .privateMetadata(privateMetadata).blocks(blocks));
  }

  /** The Deny form, naming the request it denies ({@code summary}: the card's text, when the click came from one). */
  View denyForm(String requestId, java.util.Optional<String> summary) {
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(section(s -> s.text(markdownText(Messages.clip(summary.map(t -> "You are denying:\n" + t)
        .orElse("You are denying <" + opalWebUrl + "/requests/" + requestId + "|this request>."), Messages.SECTION_TEXT_LIMIT)))));
    blocks.add(input(i -> i.blockId(ActionIds.COMMENT_BLOCK).label(plainText("Comment"))
        .hint(plainText("Required: the requester sees it."))
        .element(plainTextInput(e -> e.actionId(ActionIds.COMMENT_INPUT).multiline(true).maxLength(1000)))));
    return view(v -> v.type("modal").callbackId(ActionIds.DENY_MODAL)
        .title(viewTitle(t -> t.type("plain_text").text("Deny request")))
        .submit(viewSubmit(s -> s.type("plain_text").text("Deny")))
        .close(viewClose(c -> c.type("plain_text").text("Cancel")))
        .privateMetadata(requestId)
        .blocks(blocks));
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
      buttons.add(button(b -> b.actionId(ActionIds.REVIEW_OPEN_IN_OPAL).text(plainText("Approve in Opal (MFA)")).url(opalWebUrl + "/requests/" + id)));
    } else {
      buttons.add(button(b -> b.actionId(ActionIds.REVIEW_APPROVE).style("primary").text(plainText("Approve")).value(id)));
    }
    buttons.add(button(b -> b.actionId(ActionIds.REVIEW_DENY).style("danger").text(plainText("Deny")).value(id)));
    blocks.add(actions(a -> a.elements(buttons)));
    return blocks;
  }

  /** A comment of a request's conversation: who, where and when, and the words (quoted, escaped); for the requester, which request. */
  List<LayoutBlock> comment(dev.opaljitbot.approvals.RequestConversation.Comment comment, boolean forRequester, PersonNames names) {
    String who = comment.authorUser().map(u -> names.show(u.userId(), u.fullName(), u.email())).orElse("*" + Messages.esc(comment.author()) + "*");
    String where = comment.inSlack() ? "replied in Slack" : "commented in Opal";
    String about = forRequester ? " on your request " + requestLink(comment.requestId(), "in Opal") : "";
    String text = ":speech_balloon: " + who + " " + where + about + " " + SlackTime.date(comment.at()) + ":\n>" + Messages.esc(comment.text())
        .replace("\n", "\n>");
    return List.of(section(s -> s.text(markdownText(Messages.clip(text, Messages.SECTION_TEXT_LIMIT)))));
  }

  /** A card for a delegate: says first whose review this is, and until when the delegation lasts. */
  List<LayoutBlock> delegated(List<LayoutBlock> card, java.util.Optional<ReviewNotifier.OnBehalfOf> onBehalfOf, PersonNames names) {
    if (onBehalfOf.isEmpty()) {
      return card;
    }
    User reviewer = onBehalfOf.get().reviewer();
    List<LayoutBlock> blocks = new ArrayList<>(card);
    blocks.add(0, context(c -> c.elements(List.of(markdownText(":busts_in_silhouette: On behalf of "
        + names.show(reviewer.userId(), reviewer.fullName(), reviewer.email()) + ", who delegated their reviews to you in Opal until "
        + SlackTime.date(onBehalfOf.get().until()) + ".")))));
    return blocks;
  }

  /** A nudge: the card again, with its buttons, under a line saying how long it has waited and who asks. */
  List<LayoutBlock> nudgeCard(ReviewCard card, ReviewNotifier.Nudge nudge, PersonNames names) {
    String waited = nudge.pendingFor().compareTo(java.time.Duration.ofMinutes(1)) < 0 ? "less than a minute"
        : DurationText.format(nudge.pendingFor().truncatedTo(java.time.temporal.ChronoUnit.MINUTES));
    String who = card.requester().map(u -> names.show(u.userId(), u.fullName(), u.email())).orElse("The requester");
    String text = nudge.byRequester()
        ? ":wave: " + who + " asks you to look at this request; it has waited " + waited + " for your review."
        : ":alarm_clock: Still waiting for your review: this request has waited " + waited + ".";
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(section(s -> s.text(markdownText(text))));
    blocks.addAll(card(card, names, true));
    return blocks;
  }

  /** A stale request's card: the card (in a channel, naming its reviewers) flagged with how long it has waited. */
  List<LayoutBlock> staleCard(ReviewCard card, java.util.Optional<List<User>> channelReviewers, java.time.Duration age, PersonNames names) {
    List<LayoutBlock> blocks = new ArrayList<>(channelReviewers.map(r -> channelCard(card, r, names)).orElseGet(() -> card(card, names, true)));
    blocks.add(0, context(c -> c.elements(List.of(markdownText(":warning: *Stale:* pending for " + days(age) + "; please decide, or deny it"
        + " if it is no longer needed.")))));
    return blocks;
  }

  /** The requester's one notice that their request has waited past the stale age. */
  List<LayoutBlock> staleNotice(ReviewCard card, java.time.Duration age, PersonNames names) {
    String items = card.items().stream().map(i -> "*" + Messages.esc(i.name()) + "*").collect(Collectors.joining(", "));
    String group = "*" + Messages.esc(card.targetGroup() == null ? "the group" : card.targetGroup().displayName()) + "*";
    return List.of(
        section(s -> s.text(markdownText(Messages.clip(":warning: Your request for " + items + " on behalf of " + group + " has been pending for "
            + days(age) + ". Its reviewers were reminded; `" + command + " requests` lets you nudge them, or ask them directly.",
            Messages.SECTION_TEXT_LIMIT)))),
        context(c -> c.elements(List.of(markdownText(openInOpal(card))))));
  }

  private static String days(java.time.Duration age) {
    long d = age.toDays();
    return d == 1 ? "1 day" : d + " days";
  }

  /** The card in a review channel: the same card, saying who may decide (anyone else clicking is told why, privately). */
  List<LayoutBlock> channelCard(ReviewCard card, List<User> reviewers, PersonNames names) {
    List<LayoutBlock> blocks = new ArrayList<>(card(card, names, true));
    String who = reviewers.isEmpty() ? "Its reviewers in Opal decide." : "Reviewers" + (card.stages() > 1 ? " of stage " + card.stage() + " of "
        + card.stages() : "") + ": " + names.people(reviewers) + ". Only they can decide.";
    blocks.add(blocks.size() - 1, context(c -> c.elements(List.of(markdownText(who)))));
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

  /** What the requester sees once the request exists: what Opal decided at once, or who was asked. */
  List<LayoutBlock> submitted(ReviewCard card, List<User> reviewers, List<User> delayed, PersonNames names, java.time.Instant now) {
    String group = "*" + Messages.esc(card.targetGroup() == null ? "the group" : card.targetGroup().displayName()) + "*";
    String status = switch (card.request().status()) {
      case APPROVED -> ":white_check_mark: *Approved at once* by the item's rules in Opal: " + group + " now has the access; it "
          + SlackTime.ends(card.request().requestedDuration().map(now::plus), now) + ".";
      case DENIED -> ":no_entry: *Denied at once* by the item's rules in Opal; " + group + " did not get the access.";
      case PENDING -> reviewers.isEmpty() && delayed.isEmpty()
          ? ":outbox_tray: Sent. No reviewer could be reached in Slack; they can review it in Opal."
          : ":outbox_tray: Sent. " + (reviewers.isEmpty() ? "" : "Asked " + names.people(reviewers) + " to review. ")
              + (delayed.isEmpty() ? "" : "Slack did not take the message to " + names.people(delayed)
                  + " yet; the bot keeps trying, and they can review it in Opal meanwhile. ")
              + "You'll get a DM with the decision.";
      default -> ":information_source: Opal has the request as " + card.request().status().name().toLowerCase(java.util.Locale.ROOT) + ".";
    };
    List<LayoutBlock> blocks = new ArrayList<>(describe(card, names));
    blocks.add(section(s -> s.text(markdownText(status))));
    return blocks;
  }

  /** The requester's own record of the decision: items, group, decision, who decided, comment, and the end. */
  List<LayoutBlock> requesterOutcome(ReviewCard card, ReviewNotifier.Outcome outcome, PersonNames names, java.time.Instant now) {
    String group = "*" + Messages.esc(card.targetGroup() == null ? "the group" : card.targetGroup().displayName()) + "*";
    String items = card.items().stream().map(i -> "*" + Messages.esc(i.name()) + "*").collect(Collectors.joining(", "));
    String by = outcome.decidedBy().map(u -> " by " + names.show(u.userId(), u.fullName(), u.email())).orElse(" in Opal");
    String text = outcome.approved()
        ? ":white_check_mark: Your request for " + items + " on behalf of " + group + " was *approved*" + by + ". " + group
            + " has the access; it " + SlackTime.ends(card.request().requestedDuration().map(now::plus), now) + "."
        : ":no_entry: Your request for " + items + " on behalf of " + group + " was *denied*" + by + ".";
    String comment = outcome.comment().filter(c -> !c.isBlank()).map(c -> "\n*Comment:* " + Messages.esc(c)).orElse("");
    return List.of(
        section(s -> s.text(markdownText(Messages.clip(text + comment, Messages.SECTION_TEXT_LIMIT)))),
        context(c -> c.elements(List.of(markdownText(openInOpal(card))))));
  }

  /** The requester's recent requests: items, group, duration, state and a link each. */
  List<LayoutBlock> myRequests(List<ReviewCard> cards, java.util.function.Predicate<ReviewCard> isStale, PersonNames names, java.time.Instant now) {
    if (cards.isEmpty()) {
      return List.of(section(s -> s.text(markdownText("You have made no requests through me yet."))));
    }
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(com.slack.api.model.block.Blocks.header(h -> h.text(plainText("Your recent requests"))));
    for (ReviewCard card : cards) {
      String state = switch (card.request().status()) {
        case APPROVED -> ":white_check_mark: Approved";
        case DENIED -> ":no_entry: Denied";
        case PENDING -> ":hourglass: Pending" + (card.stages() > 1 ? " (stage " + card.stage() + " of " + card.stages() + ")" : "");
        default -> ":information_source: " + card.request().status().name().charAt(0)
            + card.request().status().name().substring(1).toLowerCase(java.util.Locale.ROOT);
      };
      String items = card.items().stream().map(i -> "*" + Messages.esc(i.name()) + "*").collect(Collectors.joining(", "));
      String group = card.targetGroup() == null ? "" : " for *" + Messages.esc(card.targetGroup().displayName()) + "*";
      String duration = card.request().requestedDuration().map(DurationText::format).orElse("no end date");
      String asked = card.request().createdAt() == null ? "" : " · asked " + SlackTime.date(card.request().createdAt());
      String stale = isStale.test(card) ? " · :warning: stale" : "";
      String line = state + stale + ": " + items + group + " · " + duration + asked + " · " + openInOpal(card);
      blocks.add(section(s -> {
        s.text(markdownText(Messages.clip(line, Messages.SECTION_TEXT_LIMIT)));
        if (card.request().isPending()) {
          s.accessory(button(b -> b.actionId(ActionIds.REQUEST_NUDGE).text(plainText("Nudge reviewers")).value(card.request().id().toString())));
        }
        return s;
      }));
    }
    return blocks;
  }

  /** For a group's members: the group now has access to these items, until when, and who asked and decided. */
  List<LayoutBlock> groupGained(ReviewCard card, ReviewNotifier.Outcome outcome, PersonNames names, java.time.Instant now) {
    String group = "*" + Messages.esc(card.targetGroup().displayName()) + "*";
    String items = card.items().stream().map(i -> "*" + Messages.esc(i.name()) + "*").collect(Collectors.joining(", "));
    String asked = card.requesterSlackId().filter(id -> !id.isBlank()).map(id -> " at <@" + id + ">'s request").orElse("");
    String by = outcome.decidedBy().map(u -> ", approved by " + names.show(u.userId(), u.fullName(), u.email())).orElse("");
    String text = ":key: " + group + ", which you are a member of, now has access to " + items + asked + by + ". It "
        + SlackTime.ends(card.request().requestedDuration().map(now::plus), now) + ".";
    return List.of(section(s -> s.text(markdownText(Messages.clip(text, Messages.SECTION_TEXT_LIMIT)))));
  }

  /** A Slack link to the request in Opal's web app (never a bare id). */
  String openInOpal(ReviewCard card) {
    return "<" + opalWebUrl + "/requests/" + card.request().id() + "|Open the request in Opal>";
  }

  /** A link to the request in Opal's web app. */
  String requestLink(java.util.UUID requestId, String label) {
    return "<" + opalWebUrl + "/requests/" + requestId + "|" + Messages.esc(label) + ">";
  }

  /** Opal has the request, but the bot could not finish: say so, so it is not requested twice. */
  List<LayoutBlock> createdNotFollowedUp(java.util.UUID requestId, boolean followed) {
    String link = "<" + opalWebUrl + "/requests/" + requestId + "|the request>";
    return List.of(section(s -> s.text(markdownText(":outbox_tray: Opal has " + link + ", but the bot could not finish sending it to the reviewers"
        + (followed ? "; it will ask them within a minute." : "; reviewers see it in Opal.") + " Don't send it again."))));
  }

  private List<LayoutBlock> describe(ReviewCard card, PersonNames names) {
    String who = card.requesterSlackId().filter(id -> !id.isBlank()).map(id -> "<@" + id + ">")
        .or(() -> card.requester().map(u -> Messages.esc(u.fullName()))).orElse("Someone");
    String members = card.targetGroupMembers().isPresent()
        ? " (" + card.targetGroupMembers().getAsInt() + (card.targetGroupMembers().getAsInt() == 1 ? " member" : " members") + ")" : "";
    String group = card.targetGroup() == null ? "a user" : "*" + Messages.esc(card.targetGroup().displayName()) + "*" + members;
    String items = card.items().stream().map(i -> "• *" + Messages.esc(i.name()) + "* · " + Messages.esc(typeName(i)) + " · "
        + Messages.esc(i.accessLevel()) + (i.requiresMfaToApprove() ? " · needs MFA to approve" : "")).collect(Collectors.joining("\n"));
    String duration = card.request().requestedDuration().map(DurationText::format).orElse("no end date");
    String text = who + " requests access for " + group + " for *" + duration + "*:\n" + items
        + "\n*Reason:* " + Messages.esc(card.request().reason())
        + card.ticket().map(t -> "\n*Ticket:* " + Messages.esc(t)).orElse("");
    String progress = (card.stages() > 1 ? "Stage " + Math.min(card.stage(), card.stages()) + " of " + card.stages() + " · " : "")
        + openInOpal(card);
    return new ArrayList<>(List.of(
        section(s -> s.text(markdownText(Messages.clip(text, Messages.SECTION_TEXT_LIMIT)))),
        context(c -> c.elements(List.of(markdownText(progress))))));
  }

  /** Opal's type in words: AWS_IAM_ROLE → "AWS IAM Role", OPAL_GROUP → "Opal Group". */
  static String typeName(ReviewCard.Item item) {
    String[] words = item.type().toLowerCase(java.util.Locale.ROOT).split("_");
    StringBuilder out = new StringBuilder();
    for (String w : words) {
      if (w.isEmpty()) continue;
      if (out.length() > 0) out.append(' ');
      out.append(w.length() <= 3 ? w.toUpperCase(java.util.Locale.ROOT) : Character.toUpperCase(w.charAt(0)) + w.substring(1));
    }
    String words2 = out.toString();
    return item.group() && !words2.endsWith("Group") ? words2 + " group" : words2;
  }
}
