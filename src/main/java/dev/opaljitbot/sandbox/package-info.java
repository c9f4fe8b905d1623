/** The Opal sandbox (a local emulation of Opal's API) and, in {@code sandbox.slack}, the Slack stand-in. */
package dev.opaljitbot.sandbox;
