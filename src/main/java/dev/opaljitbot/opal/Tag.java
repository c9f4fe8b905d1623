package dev.opaljitbot.opal;

import java.util.UUID;

/** A tag on a group or resource (schema {@code Tag}): a key and an optional value, set by admins in Opal. */
public record Tag(UUID tagId, String key, String value) {}
