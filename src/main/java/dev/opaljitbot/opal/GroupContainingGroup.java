package dev.opaljitbot.opal;

import java.util.UUID;

/**
 * A group that a group is a member of, so its members get that group's access too (schema
 * {@code GroupContainingGroup}). Opal's API reports no end for it, only {@code duration_minutes} (0: indefinite).
 */
public record GroupContainingGroup(UUID containingGroupId, Integer durationMinutes, String accessLevelRemoteId) {}
