/** A web page, in sandbox mode only, for trying the whole bot in a browser with no Slack workspace. */
package dev.opaljitbot.playground;
