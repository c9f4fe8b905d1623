/** The domain: who may do what on a group, duration policy, and the orchestration of access changes. */
package dev.opaljitbot.access;
