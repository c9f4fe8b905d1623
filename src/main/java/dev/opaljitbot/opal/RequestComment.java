package dev.opaljitbot.opal;

import java.time.Instant;
import java.util.UUID;

/** A comment on an access request (schema {@code RequestComment}); Opal gives comments no id of their own. */
public record RequestComment(Instant createdAt, UUID requestId, UUID userId, String userFullName, String userEmail, String comment) {}
