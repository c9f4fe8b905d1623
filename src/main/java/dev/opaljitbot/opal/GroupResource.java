package dev.opaljitbot.opal;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/** A resource a group has access to (schema {@code GroupResource}). */
public record GroupResource(
    UUID groupId,
    UUID resourceId,
    String groupName,
    String resourceName,
    @JsonInclude(JsonInclude.Include.ALWAYS) Instant expirationDate,
    ResourceAccessLevel accessLevel) {}
