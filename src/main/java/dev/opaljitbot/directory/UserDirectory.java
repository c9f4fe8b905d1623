package dev.opaljitbot.directory;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.opaljitbot.opal.OpalApi;
import dev.opaljitbot.opal.User;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

/**
 * Opal users by e-mail and id, and the mapping between Slack and Opal users (by e-mail, both ways), all
 * cached. Unknown users are remembered briefly too, so a typo does not hammer Opal or Slack.
 */
public final class UserDirectory {
  private final OpalApi opal;
  private final LoadingCache<String, Optional<User>> byEmail;
  private final LoadingCache<UUID, Optional<User>> byId;
  private final LoadingCache<String, Optional<String>> emailOfSlackUser;
  private final LoadingCache<String, Optional<String>> slackUserOfEmail;
  private final LoadingCache<String, Optional<java.time.ZoneId>> zoneOfSlackUser;

  public UserDirectory(OpalApi opal, SlackProfiles slack, DirectorySettings settings, Clock clock, MeterRegistry metrics) {
    this(opal, slack, settings, clock, metrics, ForkJoinPool.commonPool());
  }

  public UserDirectory(
      OpalApi opal, SlackProfiles slack, DirectorySettings settings, Clock clock, MeterRegistry metrics, Executor executor) {
    this.opal = opal;
    Ticker ticker = () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
    this.byEmail = cache(settings, ticker, executor, email -> opal.getUserByEmail(email));
    this.byId = cache(settings, ticker, executor, opal::getUserById);
    this.emailOfSlackUser = cache(settings, ticker, executor, slack::emailOf);
    this.slackUserOfEmail = cache(settings, ticker, executor, slack::slackIdOf);
    this.zoneOfSlackUser = cache(settings, ticker, executor, slack::zoneOf);
    if (metrics != null) {
      CaffeineCacheMetrics.monitor(metrics, byEmail, "opal_users_by_email");
      CaffeineCacheMetrics.monitor(metrics, byId, "opal_users_by_id");
      CaffeineCacheMetrics.monitor(metrics, emailOfSlackUser, "slack_user_emails");
      CaffeineCacheMetrics.monitor(metrics, slackUserOfEmail, "slack_users_by_email");
    }
  }

  /** A Slack user's time zone, as their profile says (for times they type). */
  public Optional<java.time.ZoneId> zoneOf(String slackUserId) {
    return zoneOfSlackUser.get(slackUserId);
  }

  private static <K, V> LoadingCache<K, Optional<V>> cache(
      DirectorySettings settings, Ticker ticker, Executor executor, java.util.function.Function<K, Optional<V>> loader) {
    return Caffeine.newBuilder()
        .maximumSize(settings.maxUsers())
        .refreshAfterWrite(settings.entryRefresh())
        .expireAfter(new Expiry<K, Optional<V>>() {
          @Override
          public long expireAfterCreate(K key, Optional<V> value, long currentTime) {
            return (value.isPresent() ? settings.entryExpiry() : settings.negativeTtl()).toNanos();
          }

          @Override
          public long expireAfterUpdate(K key, Optional<V> value, long currentTime, long currentDuration) {
            return expireAfterCreate(key, value, currentTime);
          }

          @Override
          public long expireAfterRead(K key, Optional<V> value, long currentTime, long currentDuration) {
            return currentDuration;
          }
        })
        .ticker(ticker)
        .executor(executor)
        .recordStats()
        .build(loader::apply);
  }

  /** The Opal user with this e-mail (any case). */
  public Optional<User> byEmail(String email) {
    return unwrap(() -> byEmail.get(email.strip().toLowerCase(Locale.ROOT)));
  }

  public Optional<User> byId(UUID id) {
    return unwrap(() -> byId.get(id));
  }

  /** The users Opal knows among these ids, in order (e.g. a group's leaders); unknown ids are left out. */
  public java.util.List<User> byIds(java.util.Collection<UUID> ids) {
    return ids.stream().map(this::byId).flatMap(Optional::stream).toList();
  }

  /** The Opal user if already in memory; never calls Opal. */
  public Optional<User> cachedById(UUID id) {
    Optional<User> hit = byId.getIfPresent(id);
    return hit == null ? Optional.empty() : hit;
  }

  /** The Slack user's Opal account, or why there is none. */
  public OpalIdentity identify(String slackUserId) {
    Optional<String> email = unwrap(() -> emailOfSlackUser.get(slackUserId));
    if (email.isEmpty()) {
      return new OpalIdentity.NoEmail();
    }
    Optional<User> user = byEmail(email.get());
    user.ifPresent(u -> byId.put(u.userId(), Optional.of(u)));
    return user.<OpalIdentity>map(OpalIdentity.Found::new).orElseGet(() -> new OpalIdentity.NoOpalAccount(email.get()));
  }

  /** The Slack user id for an e-mail, for mentions and DMs. */
  public Optional<String> slackIdOf(String email) {
    if (email == null || email.isBlank()) {
      return Optional.empty();
    }
    return unwrap(() -> slackUserOfEmail.get(email.strip().toLowerCase(Locale.ROOT)));
  }

  /** Caffeine wraps a loader's exception; callers want the original (an OpalException, say). */
  private static <T> T unwrap(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }
}
