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

  /** A text input's value, trimmed; empty when blank. */
  Optional<String> text(String block, String action) {
    return value(block, action).map(ViewState.Value::getValue).map(String::strip).filter(s -> !s.isEmpty());
  }
}
