package dev.opaljitbot.sandbox.slack;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One Web API call the bot made, as the stand-in received it.
 *
 * @param userId the Slack user the call concerns (DM recipient, ephemeral viewer, view owner), or null
 * @param params the call's arguments; JSON-valued arguments ({@code blocks}, {@code view}) parsed
 * @param error Slack's error code when the call was refused, else null
 */
public record RecordedCall(Instant at, String method, String userId, JsonNode params, String error) {}
