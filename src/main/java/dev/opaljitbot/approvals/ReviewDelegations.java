package dev.opaljitbot.approvals;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.opaljitbot.directory.GroupDirectory;
import dev.opaljitbot.opal.Delegation;
import dev.opaljitbot.opal.OpalApi;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Who reviews in a reviewer's place: the delegation they made in Opal that is in force now (by its start and
 * end). Read from Opal at most once a minute per reviewer, the same freshness as every other authorization.
 */
public final class ReviewDelegations {
  private final OpalApi opal;
  private final Clock clock;
  private final Cache<UUID, List<Delegation>> byDelegator =
      Caffeine.newBuilder().expireAfterWrite(GroupDirectory.AUTHORIZATION_FRESHNESS).maximumSize(10_000).build();
  private final Cache<UUID, List<Delegation>> byDelegate =
      Caffeine.newBuilder().expireAfterWrite(GroupDirectory.AUTHORIZATION_FRESHNESS).maximumSize(10_000).build();

  public ReviewDelegations(OpalApi opal, Clock clock) {
    this.opal = opal;
    this.clock = clock;
  }

  /** The reviewer's delegation in force now, if any (the most recently started, should several overlap). */
  public Optional<Delegation> activeOf(UUID reviewerId) {
    List<Delegation> made = byDelegator.get(reviewerId, id -> opal.getDelegations(id).toList());
    return made.stream().filter(d -> d.isActiveAt(clock.instant())).max(Comparator.comparing(Delegation::startTime));
  }

  /**
   * The first of {@code reviewers} who delegated their reviews to {@code delegateId}, in force now: one read of
   * the delegations made to the clicker, however many reviewers the stage has.
   */
  public Optional<UUID> delegatorAmong(List<UUID> reviewers, UUID delegateId) {
    List<Delegation> toMe = byDelegate.get(delegateId, id -> opal.getDelegationsTo(id).toList());
    return toMe.stream().filter(d -> d.isActiveAt(clock.instant()) && reviewers.contains(d.delegatorUserId()))
        .map(Delegation::delegatorUserId)
        // The delegator's own latest delegation must be this one (a newer one to someone else takes over).
        .filter(r -> activeOf(r).filter(d -> d.delegateUserId().equals(delegateId)).isPresent())
        .findFirst();
  }
}
