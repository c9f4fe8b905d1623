package dev.opaljitbot.opal;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A user's membership in a group (schema {@code GroupUser}); no expiration means indefinite. */
public record GroupUser(
    UUID groupId,
    String groupName,
    String description,
    UUID userId,
    GroupAccessLevel accessLevel,
    String fullName,
    String email,
    @JsonInclude(JsonInclude.Include.ALWAYS) Instant expirationDate,
    PropagationStatus propagationStatus) {

  public Optional<Instant> expiration() {
    return Optional.ofNullable(expirationDate);
  }

  public boolean isIndefinite() {
    return expirationDate == null;
  }
}
