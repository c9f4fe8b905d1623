/** Cached Opal groups and users (Caffeine), so Slack's 3-second deadline is met without waiting on Opal. */
package dev.opaljitbot.directory;
