/** Expiry reminders: the sweep that knows what ends when, reminders at each lead time, leader digests. */
package dev.opaljitbot.reminders;
