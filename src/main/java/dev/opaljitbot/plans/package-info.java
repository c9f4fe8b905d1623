/** Adds planned for later: held by the bot (Opal has no start time for membership) and started once, on time. */
package dev.opaljitbot.plans;
