package dev.opaljitbot.sandbox.slack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** A modal or Home tab as last set by the bot: its id, owner and the view JSON. */
public record RecordedView(String viewId, String userId, String type, JsonNode view, String hash) {

  public String title() {
    return view.path("title").path("text").asText("");
  }

  public String callbackId() {
    return view.path("callback_id").asText("");
  }

  /** Every text in the view, for assertions. */
  public String allText() {
    List<String> parts = new ArrayList<>();
    RecordedMessage.collect(view, parts);
    return String.join("\n", parts);
  }
}
