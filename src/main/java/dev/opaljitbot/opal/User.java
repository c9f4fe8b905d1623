package dev.opaljitbot.opal;

import java.util.UUID;

/** An Opal user (schema {@code User}). {@code hrIdpStatus} is Opal's string, e.g. ACTIVE. */
public record User(
    UUID userId,
    String email,
    String fullName,
    String firstName,
    String lastName,
    String position,
    String hrIdpStatus) {}
