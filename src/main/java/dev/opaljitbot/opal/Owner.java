package dev.opaljitbot.opal;

import java.util.UUID;

/** An Opal owner: a team whose users administer or review items (schema {@code Owner}). */
public record Owner(UUID ownerId, String name, String description) {}
