package dev.opaljitbot.opal;

/** An access level within a group; the default level has an empty remote id. */
public record GroupAccessLevel(String accessLevelName, String accessLevelRemoteId) {}
