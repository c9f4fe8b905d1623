package dev.opaljitbot.store;

import java.time.Instant;
import java.util.UUID;

/** A reminder DM the bot sent about one membership's end, and where it is (to update it later). */
public record ReminderMessage(UUID groupId, UUID userId, Instant expiresAt, String channelId, String messageTs) {}
