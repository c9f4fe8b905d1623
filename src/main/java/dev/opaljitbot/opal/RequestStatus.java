package dev.opaljitbot.opal;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** Status of an access request; values Opal adds later parse as {@link #UNKNOWN}. */
public enum RequestStatus {
  PENDING,
  APPROVED,
  DENIED,
  CANCELED,
  @JsonEnumDefaultValue
  UNKNOWN
}
