package dev.opaljitbot.slack;

import com.slack.api.model.view.ViewState;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A submitted modal's values, read by block and action id. */
record FormState(ViewState state) {
  private Optional<ViewState.Value> value(String block, String action) {
    Map<String, Map<String, ViewState.Value>> values = state == null ? null : state.getValues();
    if (values == null || values.get(block) == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(values.get(block).get(action));
  }

  /** The value of a single select. */
  Optional<String> selected(String block, String action) {
    return value(block, action).map(ViewState.Value::getSelectedOption).map(o -> o.getValue());
  }

  /** The values of a multi select. */
  List<String> selectedMany(String block, String action) {
    return value(block, action).map(ViewState.Value::getSelectedOptions).map(l -> l.stream().map(o -> o.getValue()).toList())
        .orElse(List.of());
  }

  List<String> users(String block, String action) {
    return value(block, action).map(ViewState.Value::getSelectedUsers).orElse(List.of());
  }

  Optional<String> user(String block, String action) {
    return value(block, action).map(ViewState.Value::getSelectedUser);
  }

  /** A date-and-time picker's choice (Slack sends it as epoch seconds, picked in the user's own time zone). */
  Optional<java.time.Instant> dateTime(String block, String action) {
    return value(block, action).map(ViewState.Value::getSelectedDateTime).map(s -> java.time.Instant.ofEpochSecond(s.longValue()));
  }

  /** A text input's value, trimmed; empty when blank. */
  Optional<String> text(String block, String action) {
    return value(block, action).map(ViewState.Value::getValue).map(String::strip).filter(s -> !s.isEmpty());
  }

  /**
   * The duration in a form with a preset menu and a custom field: the preset picked, or what was typed in the
   * custom field when "custom" (or nothing) was picked; {@code block} is where an error about it belongs.
   */
  Duration duration() {
    Optional<String> preset = selected(ActionIds.DURATION_BLOCK, ActionIds.DURATION_SELECT).filter(c -> !c.equals(Modals.CUSTOM));
    return preset.isPresent()
        ? new Duration(preset.get(), ActionIds.DURATION_BLOCK)
        : new Duration(text(ActionIds.CUSTOM_DURATION_BLOCK, ActionIds.CUSTOM_DURATION_INPUT).orElse(""), ActionIds.CUSTOM_DURATION_BLOCK);
  }

  /** A duration as typed or picked, and the form field it came from. */
  record Duration(String text, String block) {}
}
