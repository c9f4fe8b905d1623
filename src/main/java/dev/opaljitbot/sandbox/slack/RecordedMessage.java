package dev.opaljitbot.sandbox.slack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A message as a person would see it: a DM, an ephemeral reply, a channel message, or a reply posted to
 * a {@code response_url}.
 *
 * @param ts the message's timestamp (its id for {@code chat.update}); null for ephemeral replies
 * @param blocks the Block Kit blocks, or an empty array
 */
public record RecordedMessage(Kind kind, String channel, String userId, String ts, String text, JsonNode blocks, boolean replaceOriginal) {

  /** Where the message appeared. */
  public enum Kind {
    DM,
    EPHEMERAL,
    CHANNEL,
    RESPONSE_URL
  }

  /** The fallback text and every text object in the blocks, for assertions on what a person reads. */
  public String allText() {
    List<String> parts = new ArrayList<>();
    if (text != null) {
      parts.add(text);
    }
    collect(blocks, parts);
    return String.join("\n", parts);
  }

  static void collect(JsonNode node, List<String> out) {
    if (node == null) {
      return;
    }
    if (node.isObject()) {
      JsonNode type = node.get("type");
      JsonNode text = node.get("text");
      if (type != null && text != null && text.isTextual() && (type.asText().equals("mrkdwn") || type.asText().equals("plain_text"))) {
        out.add(text.asText());
      }
      node.fields().forEachRemaining(e -> collect(e.getValue(), out));
    } else if (node.isArray()) {
      node.forEach(n -> collect(n, out));
    }
  }

  /** The action ids of all buttons and menus in the message. */
  public List<String> actionIds() {
    List<String> ids = new ArrayList<>();
    if (blocks != null) {
      blocks.findValues("action_id").forEach(v -> ids.add(v.asText()));
    }
    return ids;
  }
}
