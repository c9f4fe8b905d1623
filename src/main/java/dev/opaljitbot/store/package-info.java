/** The bot's own durable store (SQLite by default, PostgreSQL for several bot processes): expiries and sent notices. */
package dev.opaljitbot.store;
