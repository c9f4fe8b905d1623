/** The Slack side: Bolt listeners, command parsing and Block Kit views. The only package that imports Slack types. */
package dev.opaljitbot.slack;
