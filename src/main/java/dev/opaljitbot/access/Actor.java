package dev.opaljitbot.access;

import dev.opaljitbot.opal.User;

/** The person acting through the bot: their Slack user id (for the audit) and their Opal user. */
public record Actor(String slackUserId, User opalUser) {}
