/** The bot's configuration, read once from the environment and checked as a whole. */
package dev.opaljitbot.config;
