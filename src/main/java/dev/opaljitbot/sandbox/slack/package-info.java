/** A stand-in for Slack's Web API, recording every call per user, for end-to-end tests and local runs. */
package dev.opaljitbot.sandbox.slack;
