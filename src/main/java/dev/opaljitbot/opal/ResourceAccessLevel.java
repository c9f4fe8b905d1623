package dev.opaljitbot.opal;

/** An access level (role) on a resource; the default level has an empty remote id. */
public record ResourceAccessLevel(String accessLevelName, String accessLevelRemoteId) {}
