package dev.opaljitbot.opal;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import java.util.UUID;

/** One reviewer in a request stage and where they stand. */
public record RequestReviewer(UUID id, String fullName, Status status) {
  /** A reviewer's decision so far. */
  public enum Status {
    PENDING,
    APPROVED,
    REJECTED,
    @JsonEnumDefaultValue
    UNKNOWN
  }
}
