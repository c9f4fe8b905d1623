/** The HTTP server: Jetty, Bolt's servlet at /slack/events, health and metrics. */
package dev.opaljitbot.server;
