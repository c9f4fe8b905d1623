package dev.opaljitbot.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.confirmationDialog;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.element.BlockElement;
import dev.opaljitbot.access.DurationText;
import dev.opaljitbot.access.GroupItems;
import dev.opaljitbot.opal.Group;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A group's items (resources it holds, groups it is a member of) with their ends, and leaders' buttons. */
final class ItemViews {
  /** Items shown per message; each takes two blocks, well under Slack's 50. */
  static final int ITEMS_SHOWN = 20;

  private final Clock clock;
  private final String opalWebUrl;
  private final String command;

  ItemViews(Clock clock, String opalWebUrl, String command) {
    this.clock = clock;
    this.opalWebUrl = opalWebUrl;
    this.command = command;
  }

  /** The button value of an item: the group, the kind (R or G) and the item's id. */
  static String value(UUID groupId, GroupItems.Item item) {
    return ButtonValue.of(groupId, item.kind() == GroupItems.Item.Kind.RESOURCE ? "R" : "G", item.id());
  }

  /** One line per item: name, kind, access level and end. */
  String line(GroupItems.Item item) {
    Instant now = clock.instant();
    String what = item.kind() == GroupItems.Item.Kind.RESOURCE ? "resource" : "group";
    String end = item.endKnown()
        ? SlackTime.ends(item.end(), now)
        : "granted for " + item.granted().map(DurationText::format).orElse("?") + " (Opal does not report when it ends)";
    return "*" + Messages.esc(item.name()) + "* · " + what + " · " + Messages.esc(item.accessLevel()) + " · " + end;
  }

  /** {@code items <group>}: every item; leaders get Request again and Remove on each. */
  List<LayoutBlock> list(Group group, List<GroupItems.Item> items, boolean viewerLeads) {
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(header(h -> h.text(plainText(Messages.clip("What " + group.displayName() + " gives access to", Messages.HEADER_TEXT_LIMIT)))));
    if (items.isEmpty()) {
      blocks.add(section(s -> s.text(markdownText("*" + Messages.esc(group.displayName()) + "* gives access to no resource or group"
          + " besides its own membership." + (viewerLeads ? " `" + command + " request` asks for some on its behalf." : "")))));
      return blocks;
    }
    for (GroupItems.Item item : items.subList(0, Math.min(items.size(), ITEMS_SHOWN))) {
      blocks.add(section(s -> s.text(markdownText(line(item)))));
      if (viewerLeads) {
        blocks.add(actions(a -> a.elements(buttons(group, item))));
      }
    }
    if (items.size() > ITEMS_SHOWN) {
      blocks.add(context(c -> c.elements(List.of(markdownText("and " + (items.size() - ITEMS_SHOWN) + " more, in Opal.")))));
    }
    return blocks;
  }

  /** A short mention of the items, for the members list and the request form; empty when there are none. */
  Optional<String> summary(Group group, List<GroupItems.Item> items) {
    if (items.isEmpty()) {
      return Optional.empty();
    }
    List<String> names = items.stream().limit(5).map(i -> "*" + Messages.esc(i.name()) + "*"
        + (i.endKnown() ? i.end().map(e -> " until " + SlackTime.date(e)).orElse(" (no end date)") : "")).toList();
    String more = items.size() > 5 ? " and " + (items.size() - 5) + " more" : "";
    return Optional.of("*" + Messages.esc(group.displayName()) + "* already gives access to " + String.join(", ", names) + more
        + ". `" + command + " items " + Messages.esc(group.displayName()) + "` lists them.");
  }

  private List<BlockElement> buttons(Group group, GroupItems.Item item) {
    String value = value(group.groupId(), item);
    List<BlockElement> buttons = new ArrayList<>();
    buttons.add(button(b -> b.actionId(ActionIds.ITEM_REQUEST_AGAIN).text(plainText("Request again")).value(value)));
    if (item.kind() == GroupItems.Item.Kind.GROUP) {
      buttons.add(button(b -> b.actionId(ActionIds.ITEM_REMOVE).style("danger").text(plainText("Remove")).value(value)
          .confirm(confirmationDialog(d -> d.title(plainText("Remove access?"))
              .text(markdownText(Messages.clip("*" + Messages.esc(group.displayName()) + "* leaves *" + Messages.esc(item.name())
                  + "*: its members lose the access that group gives, now.", 300)))
              .confirm(plainText("Remove")).deny(plainText("Cancel")).style("danger")))));
    } else {
      // Opal's API can end a resource only by rewriting the group's whole resource list, without ends: done in Opal.
      buttons.add(button(b -> b.actionId(ActionIds.ITEM_REMOVE_IN_OPAL).text(plainText("Remove in Opal"))
          .url(opalWebUrl + "/groups/" + group.groupId()).value(value)));
    }
    return buttons;
  }
}
