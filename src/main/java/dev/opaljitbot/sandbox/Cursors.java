package dev.opaljitbot.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque pagination cursors: the offset of the next page, bound to the query's filters so a cursor from
 * one listing cannot be replayed against another, and a tampered cursor is refused.
 */
final class Cursors {
  private Cursors() {}

  static String encode(int offset, String filters) {
    String raw = "v1:" + offset + ":" + fingerprint(filters);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** The offset a cursor stands for; 0 for no cursor. */
  static int decode(String cursor, String filters) {
    if (cursor == null || cursor.isEmpty()) {
      return 0;
    }
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
      if (parts.length == 3 && parts[0].equals("v1") && parts[2].equals(fingerprint(filters))) {
        int offset = Integer.parseInt(parts[1]);
        if (offset >= 0) {
          return offset;
        }
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw SandboxException.badRequest("invalid cursor: use the cursor from the previous page of the same query");
  }

  private static String fingerprint(String filters) {
    return Integer.toHexString(filters.hashCode());
  }
}
