package dev.opaljitbot.slack;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.option;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.externalSelect;
import static com.slack.api.model.block.element.BlockElements.multiUsersSelect;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;
import static com.slack.api.model.block.element.BlockElements.staticSelect;
import static com.slack.api.model.block.element.BlockElements.usersSelect;
import static com.slack.api.model.view.Views.view;
import static com.slack.api.model.view.Views.viewClose;
import static com.slack.api.model.view.Views.viewSubmit;
import static com.slack.api.model.view.Views.viewTitle;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.OptionObject;
import com.slack.api.model.view.View;
import dev.opaljitbot.access.DurationText;
import dev.opaljitbot.opal.Group;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The bot's modals, one small builder method each; inputs are labelled in plain words. */
final class Modals {
  /** Slack: a modal title holds at most 24 characters. */
  static final int TITLE_LIMIT = 24;
  /** Slack: an option's text holds at most 75 characters. */
  static final int OPTION_TEXT_LIMIT = 75;
  /** Value of the "custom" duration choice, which defers to the free-text field. */
  static final String CUSTOM = "custom";
  static final String INDEFINITE = "indefinite";

  private Modals() {}

  /** What a modal is opened with: whatever the command already said. */
  record Prefill(
      Optional<Group> group,
      List<String> slackUserIds,
      Optional<String> duration,
      Optional<String> accessLevel,
      Optional<String> reason) {
    static Prefill empty() {
      return new Prefill(Optional.empty(), List.of(), Optional.empty(), Optional.empty(), Optional.empty());
    }
  }

  static OptionObject groupOption(Group group) {
    return option(plainText(Messages.clip(group.displayName(), OPTION_TEXT_LIMIT)), group.groupId().toString());
  }

  static OptionObject durationOption(Duration d) {
    return option(plainText(DurationText.format(d)), DurationText.format(d));
  }

  /** Notes on what the command said that could not be used, shown above the form's fields. */
  static List<LayoutBlock> notes(List<String> notes) {
    if (notes.isEmpty()) {
      return List.of();
    }
    // A note on what the group already holds is information, not a warning.
    String text = notes.stream().map(n -> (n.contains("already gives access to") ? ":information_source: " : ":warning: ") + n)
        .collect(java.util.stream.Collectors.joining("\n"));
    return List.of(section(s -> s.text(markdownText(Messages.clip(text, Messages.SECTION_TEXT_LIMIT)))));
  }

  static View addMembers(
      Prefill prefill, List<Duration> presets, Duration suggested, boolean indefiniteAllowed, List<String> notes, String privateMetadata) {
    List<LayoutBlock> blocks = new ArrayList<>(notes(notes));
    blocks.add(input(i -> i.blockId(ActionIds.GROUP_BLOCK).label(plainText("Group")).dispatchAction(true)
        .hint(plainText("Only groups you lead are listed. Type to search."))
        .element(externalSelect(e -> {
          e.actionId(ActionIds.GROUP_SELECT).placeholder(plainText("Search your groups")).minQueryLength(0);
          prefill.group().ifPresent(g -> e.initialOption(groupOption(g)));
          return e;
        }))));
    blocks.add(input(i -> i.blockId(ActionIds.USERS_BLOCK).label(plainText("Users"))
        .element(multiUsersSelect(e -> {
          e.actionId(ActionIds.USERS_SELECT).placeholder(plainText("Who gets access"));
          if (!prefill.slackUserIds().isEmpty()) {
            e.initialUsers(prefill.slackUserIds());
          }
          return e;
        }))));
    blocks.addAll(durationInputs(prefill.duration(), presets, suggested, indefiniteAllowed));
    blocks.add(input(i -> i.blockId(ActionIds.START_BLOCK).label(plainText("Starts")).optional(true)
        .hint(plainText("Leave empty to add now. A later time (in your time zone) plans the add: I add them then, if you still lead the group."))
        .element(com.slack.api.model.block.element.DatetimePickerElement.builder().actionId(ActionIds.START_PICKER).build())));
    blocks.add(input(i -> i.blockId(ActionIds.ACCESS_LEVEL_BLOCK).label(plainText("Access level")).optional(true)
        .hint(plainText("Only for groups with access levels: the level's name, e.g. Admin. Leave empty for the default."))
        .element(plainTextInput(e -> {
          e.actionId(ActionIds.ACCESS_LEVEL_INPUT).maxLength(200);
          prefill.accessLevel().ifPresent(e::initialValue);
          return e;
        }))));
    blocks.add(input(i -> i.blockId(ActionIds.REASON_BLOCK).label(plainText("Reason")).optional(true)
        .element(plainTextInput(e -> {
          e.actionId(ActionIds.REASON_INPUT).multiline(true).maxLength(1000);
          prefill.reason().ifPresent(e::initialValue);
          return e;
        }))));
    return modal(ActionIds.ADD_MODAL, "Add members", "Add", blocks, privateMetadata);
  }

  static View extendMember(
      Prefill prefill, List<Duration> presets, Duration suggested, boolean indefiniteAllowed, Optional<String> currentEnd,
      List<String> notes, String privateMetadata) {
    List<LayoutBlock> blocks = new ArrayList<>(notes(notes));
    blocks.add(groupInput(prefill));
    blocks.add(userInput(prefill));
    currentEnd.ifPresent(line -> blocks.add(section(s -> s.text(markdownText(line)))));
    blocks.addAll(durationInputs(prefill.duration(), presets, suggested, indefiniteAllowed));
    blocks.add(context(c -> c.elements(List.of(markdownText(
        "The new end is the *current end plus this duration*, up to the group's maximum counted from now. It never moves earlier.")))));
    return modal(ActionIds.EXTEND_MODAL, "Extend access", "Extend", blocks, privateMetadata);
  }

  static View removeMember(Prefill prefill, List<String> notes, String privateMetadata) {
    List<LayoutBlock> blocks = new ArrayList<>(notes(notes));
    blocks.add(groupInput(prefill));
    blocks.add(userInput(prefill));
    return modal(ActionIds.REMOVE_MODAL, "Remove access", "Remove", blocks, privateMetadata);
  }

  /** A read-only modal showing an outcome (after submission) or a wait message. */
  static View notice(String title, List<LayoutBlock> blocks) {
    return view(v -> v.type("modal").title(viewTitle(t -> t.type("plain_text").text(Messages.clip(title, TITLE_LIMIT))))
        .close(viewClose(c -> c.type("plain_text").text("Close"))).blocks(blocks));
  }

  /**
   * Replaces a modal with a notice (the outcome of its submission). When Slack refuses (most often: the person
   * closed the form before the answer came), the outcome goes to {@code otherwise} instead (a DM), so it is
   * never lost; failures are logged, not thrown.
   */
  static void updateNotice(com.slack.api.methods.MethodsClient client, String viewId, String title, List<LayoutBlock> blocks,
      java.util.function.Consumer<List<LayoutBlock>> otherwise) {
    org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Modals.class);
    try {
      var response = SlackCalls.withRetries("views.update", () -> client.viewsUpdate(r -> r.viewId(viewId).view(notice(title, blocks))));
      if (response.isOk()) {
        return;
      }
      log.info("views.update of {} refused ({}): the outcome goes by DM", viewId, response.getError());
    } catch (Exception e) {
      log.warn("views.update of {} failed ({}): the outcome goes by DM", viewId, e.toString());
    }
    otherwise.accept(blocks);
  }

  private static LayoutBlock groupInput(Prefill prefill) {
    // dispatch_action: picking a group redraws the durations for that group's maximum.
    return input(i -> i.blockId(ActionIds.GROUP_BLOCK).label(plainText("Group")).dispatchAction(true)
        .element(externalSelect(e -> {
          e.actionId(ActionIds.GROUP_SELECT).placeholder(plainText("Search your groups")).minQueryLength(0);
          prefill.group().ifPresent(g -> e.initialOption(groupOption(g)));
          return e;
        })));
  }

  private static LayoutBlock userInput(Prefill prefill) {
    return input(i -> i.blockId(ActionIds.USER_BLOCK).label(plainText("User"))
        .element(usersSelect(e -> {
          e.actionId(ActionIds.USER_SELECT).placeholder(plainText("Whose access"));
          prefill.slackUserIds().stream().findFirst().ifPresent(e::initialUser);
          return e;
        })));
  }

  private static List<LayoutBlock> durationInputs(
      Optional<String> given, List<Duration> presets, Duration suggested, boolean indefiniteAllowed) {
    List<OptionObject> options = new ArrayList<>(presets.stream().map(Modals::durationOption).toList());
    if (indefiniteAllowed) {
      options.add(option(plainText("No end date"), INDEFINITE));
    }
    options.add(option(plainText("Custom…"), CUSTOM));
    // A duration typed in the command preselects its preset, or goes into the custom field.
    Optional<OptionObject> givenPreset = given.flatMap(DurationText::tryParse)
        .flatMap(d -> options.stream().filter(o -> o.getValue().equals(DurationText.format(d))).findFirst());
    OptionObject initial = givenPreset
        .or(() -> given.map(g -> options.get(options.size() - 1)))
        .or(() -> options.stream().filter(o -> o.getValue().equals(DurationText.format(suggested))).findFirst())
        .orElse(options.get(0));
    Optional<String> custom = givenPreset.isPresent() ? Optional.empty() : given;
    return List.of(
        input(i -> i.blockId(ActionIds.DURATION_BLOCK).label(plainText("Duration"))
            .element(staticSelect(e -> e.actionId(ActionIds.DURATION_SELECT).options(options).initialOption(initial)))),
        input(i -> i.blockId(ActionIds.CUSTOM_DURATION_BLOCK).label(plainText("Custom duration")).optional(true)
            .hint(plainText("Used when Duration is Custom: e.g. 90m, 1h30m, 3d, 1w."))
            .element(plainTextInput(e -> {
              e.actionId(ActionIds.CUSTOM_DURATION_INPUT).maxLength(20);
              custom.ifPresent(e::initialValue);
              return e;
            }))));
  }

  private static View modal(String callbackId, String title, String submit, List<LayoutBlock> blocks, String privateMetadata) {
    return view(v -> v.type("modal").callbackId(callbackId)
        .title(viewTitle(t -> t.type("plain_text").text(Messages.clip(title, TITLE_LIMIT))))
        .submit(viewSubmit(s -> s.type("plain_text").text(submit)))
        .close(viewClose(c -> c.type("plain_text").text("Cancel")))
        .privateMetadata(privateMetadata)
        .blocks(blocks));
  }
}
