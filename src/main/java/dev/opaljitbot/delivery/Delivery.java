package dev.opaljitbot.delivery;

import java.time.Duration;
import java.time.Instant;

/** How one attempt to send a message went: sent, refused for now (try again), or never deliverable. */
public sealed interface Delivery {
  /** The shortest wait before trying a refused message again; it doubles per attempt up to {@link #LONGEST_BACKOFF}. */
  Duration FIRST_BACKOFF = Duration.ofMinutes(1);
  Duration LONGEST_BACKOFF = Duration.ofMinutes(30);
  /** A claimed send that never reported (its process died, or never got an answer) may be tried again after this. */
  Duration SENDING_LEASE = Duration.ofMinutes(3);
  /** A message still refused this long after its first attempt is given up: news a day late is no longer news. */
  Duration GIVE_UP_AFTER = Duration.ofHours(24);

  /** Slack took it; the message is at {@code channelId}/{@code ts} (both empty when not known). */
  record Sent(String channelId, String ts) implements Delivery {}

  /** Slack refused it or did not answer: worth another try, not before {@code retryAfter} (Slack's Retry-After, or zero). */
  record Refused(Duration retryAfter, String why) implements Delivery {}

  /** It can never arrive as addressed (no Slack account, or Slack says the recipient cannot get it). */
  record Undeliverable(String why) implements Delivery {}

  /** When a message refused on its {@code attempts}-th try may be tried again. */
  static Instant nextTry(int attempts, Duration retryAfter, Instant now) {
    Duration backoff = FIRST_BACKOFF.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 5));
    if (backoff.compareTo(LONGEST_BACKOFF) > 0) {
      backoff = LONGEST_BACKOFF;
    }
    return now.plus(retryAfter.compareTo(backoff) > 0 ? retryAfter : backoff);
  }

  /** Where a message stands in the store. */
  enum State {
    /** Claimed by a sender; if it never reports, the claim lapses at its retry time. */
    SENDING,
    SENT,
    /** Refused; due again at its retry time. */
    RETRY,
    GAVE_UP
  }

  /** What a claim found: the message is yours to send now, already settled, or waiting (for its retry time or another sender). */
  enum Claim {
    YOURS,
    DONE,
    WAITING
  }
}
