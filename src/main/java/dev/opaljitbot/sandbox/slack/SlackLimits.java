package dev.opaljitbot.sandbox.slack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Slack's documented Block Kit limits (https://api.slack.com/reference/block-kit), checked so a test
 * fails where Slack would answer {@code invalid_blocks}.
 */
final class SlackLimits {
  /** chat.postMessage: text over 40,000 characters is refused (msg_too_long). */
  static final int MESSAGE_TEXT = 40_000;
  /** A message holds at most 50 blocks. */
  static final int MESSAGE_BLOCKS = 50;
  /** A modal or Home tab holds at most 100 blocks. */
  static final int VIEW_BLOCKS = 100;
  /** Section text: at most 3,000 characters. */
  static final int SECTION_TEXT = 3_000;
  /** Header text: at most 150 characters. */
  static final int HEADER_TEXT = 150;
  /** Modal title: at most 24 characters. */
  static final int VIEW_TITLE = 24;
  /** Button text: at most 75 characters. */
  static final int BUTTON_TEXT = 75;
  /** action_id and block_id: at most 255 characters. */
  static final int ID = 255;
  /** A static select offers at most 100 options. */
  static final int OPTIONS = 100;
  /** Option text: at most 75 characters. */
  static final int OPTION_TEXT = 75;
  /** A modal's private_metadata: at most 3,000 characters. */
  static final int PRIVATE_METADATA = 3_000;
  /** A section's fields: at most 10, each at most 2,000 characters. */
  static final int SECTION_FIELDS = 10;
  static final int FIELD_TEXT = 2_000;
  /** Context block: at most 10 elements. */
  static final int CONTEXT_ELEMENTS = 10;
  /** Actions block: at most 25 elements. */
  static final int ACTIONS_ELEMENTS = 25;

  private SlackLimits() {}

  /** Problems with blocks, in Slack's words; empty when Slack would accept them. */
  static List<String> check(JsonNode blocks, int maxBlocks) {
    List<String> problems = new ArrayList<>();
    if (blocks == null || blocks.isNull() || blocks.isMissingNode()) {
      return problems;
    }
    if (!blocks.isArray()) {
      problems.add("[ERROR] blocks must be an array");
      return problems;
    }
    if (blocks.size() > maxBlocks) {
      problems.add("[ERROR] no more than " + maxBlocks + " items allowed [json-pointer:/blocks]");
    }
    for (int i = 0; i < blocks.size(); i++) {
      JsonNode b = blocks.get(i);
      String at = "/blocks/" + i;
      String type = b.path("type").asText("");
      if (type.isEmpty()) problems.add("[ERROR] missing required field: type [json-pointer:" + at + "]");
      length(b.path("block_id"), ID, at + "/block_id", problems);
      switch (type) {
        case "section" -> {
          length(b.path("text").path("text"), SECTION_TEXT, at + "/text", problems);
          if (b.path("fields").size() > SECTION_FIELDS) problems.add("[ERROR] no more than 10 items allowed [json-pointer:" + at + "/fields]");
          b.path("fields").forEach(f -> length(f.path("text"), FIELD_TEXT, at + "/fields", problems));
          if (b.path("text").isMissingNode() && b.path("fields").isMissingNode()) {
            problems.add("[ERROR] must provide either text or fields [json-pointer:" + at + "]");
          }
          element(b.path("accessory"), at + "/accessory", problems);
        }
        case "header" -> length(b.path("text").path("text"), HEADER_TEXT, at + "/text", problems);
        case "context" -> {
          if (b.path("elements").size() > CONTEXT_ELEMENTS) problems.add("[ERROR] no more than 10 items allowed [json-pointer:" + at + "/elements]");
        }
        case "actions" -> {
          if (b.path("elements").size() > ACTIONS_ELEMENTS) problems.add("[ERROR] no more than 25 items allowed [json-pointer:" + at + "/elements]");
          for (int j = 0; j < b.path("elements").size(); j++) element(b.path("elements").get(j), at + "/elements/" + j, problems);
        }
        case "input" -> {
          if (b.path("label").isMissingNode()) problems.add("[ERROR] missing required field: label [json-pointer:" + at + "]");
          element(b.path("element"), at + "/element", problems);
        }
        default -> { }
      }
    }
    return problems;
  }

  private static void element(JsonNode e, String at, List<String> problems) {
    if (e.isMissingNode()) {
      return;
    }
    length(e.path("action_id"), ID, at + "/action_id", problems);
    if (e.path("type").asText().equals("button")) {
      length(e.path("text").path("text"), BUTTON_TEXT, at + "/text", problems);
    }
    if (e.path("options").size() > OPTIONS) {
      problems.add("[ERROR] no more than 100 items allowed [json-pointer:" + at + "/options]");
    }
    e.path("options").forEach(o -> length(o.path("text").path("text"), OPTION_TEXT, at + "/options", problems));
  }

  private static void length(JsonNode text, int max, String at, List<String> problems) {
    if (text.isTextual() && text.asText().length() > max) {
      problems.add("[ERROR] must be less than " + (max + 1) + " characters [json-pointer:" + at + "]");
    }
  }
}
