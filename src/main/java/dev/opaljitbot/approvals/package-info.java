/** Requests for access on behalf of a group, and their review from Slack. No Slack types here. */
package dev.opaljitbot.approvals;
