package dev.opaljitbot.directory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.GroupAccessLevel;
import dev.opaljitbot.opal.GroupQuery;
import dev.opaljitbot.opal.GroupUser;
import dev.opaljitbot.opal.OpalApi;
import dev.opaljitbot.opal.OpalException;
import dev.opaljitbot.opal.OpalNotFoundException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opal groups from memory: an index of every group (reloaded in the background, for name lookups and
 * search-as-you-type) and a per-group cache that knows how old each entry is, so authorization can ask for
 * data no older than it needs.
 */
public final class GroupDirectory {
  /** How old group data may be when it decides who may act: a leader removed in Opal loses power within a minute (every check uses this). */
  public static final Duration AUTHORIZATION_FRESHNESS = Duration.ofSeconds(60);

  private static final Logger LOG = LoggerFactory.getLogger(GroupDirectory.class);
  /** Candidates listed for an ambiguous name or a near miss. */
  static final int CANDIDATES = 25;
  static final Duration RELOAD_RETRY_PAUSE = Duration.ofSeconds(30);

  /** A group with the moment it was read from Opal. */
  private record Fetched(Group group, Instant at) {}

  private final OpalApi opal;
  private final DirectorySettings settings;
  private final Clock clock;
  private final Executor executor;
  private final AtomicReference<GroupIndex> index = new AtomicReference<>(GroupIndex.EMPTY);
  private final AtomicBoolean reloading = new AtomicBoolean();
  private final AtomicReference<Instant> lastReloadAttempt = new AtomicReference<>(Instant.MIN);
  private final LoadingCache<UUID, Fetched> groups;
  private final Cache<UUID, List<GroupUser>> members;

  public GroupDirectory(OpalApi opal, DirectorySettings settings, Clock clock, MeterRegistry metrics) {
    this(opal, settings, clock, metrics, ForkJoinPool.commonPool());
  }

  /**
   * Done when the first attempt to load the index has finished, loaded or failed (then waiting is pointless):
   * the sweep and answers about who leads what wait on it instead of loading a second time.
   */
  private final java.util.concurrent.CompletableFuture<Void> firstLoad = new java.util.concurrent.CompletableFuture<>();

  public GroupDirectory(OpalApi opal, DirectorySettings settings, Clock clock, MeterRegistry metrics, Executor executor) {
    this.opal = opal;
    this.settings = settings;
    this.clock = clock;
    this.executor = executor;
    Ticker ticker = () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
    this.groups = Caffeine.newBuilder()
        .maximumSize(settings.maxGroups())
        .refreshAfterWrite(settings.entryRefresh())
        .expireAfterWrite(settings.entryExpiry())
        .ticker(ticker)
        .executor(executor)
        .recordStats()
        .build(id -> new Fetched(opal.getGroup(id), clock.instant()));
    this.members = Caffeine.newBuilder()
        .maximumSize(10_000)
        .expireAfterWrite(settings.membersTtl())
        .ticker(ticker)
        .executor(executor)
        .recordStats()
        .build();
    if (metrics != null) {
      CaffeineCacheMetrics.monitor(metrics, groups, "opal_groups");
      CaffeineCacheMetrics.monitor(metrics, members, "opal_group_members");
    }
  }

  /** Starts loading the index of all groups in the background; call at start-up. */
  public void warmUp() {
    reloadInBackground();
  }

  /** Loads the index now (tests, and callers that prefer to wait). */
  public void reloadNow() {
    List<Group> all = opal.getGroups(GroupQuery.all()).toList();
    Instant now = clock.instant();
    index.set(new GroupIndex(all, now, true));
    for (Group g : all) {
      groups.put(g.groupId(), new Fetched(g, now));
    }
    firstLoad.complete(null);
    LOG.info("group index loaded: {} groups", all.size());
  }

  /**
   * Waits for the index's first load (started by {@link #warmUp}) rather than loading it a second time;
   * true when it is loaded (false at once when that first attempt failed).
   */
  public boolean awaitLoaded(Duration timeout) {
    try {
      firstLoad.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
      return isLoaded();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return isLoaded();
  }

  /** Resolves what someone typed: an id, a whole name (any case) or the unique start of a name. */
  public GroupMatch find(String text) {
    String typed = text == null ? "" : text.strip();
    if (typed.isEmpty()) {
      return new GroupMatch.NotFound(List.of());
    }
    Optional<UUID> id = uuid(typed);
    if (id.isPresent()) {
      try {
        return new GroupMatch.Found(group(id.get()));
      } catch (OpalNotFoundException e) {
        return new GroupMatch.NotFound(List.of());
      }
    }
    GroupIndex current = currentIndex();
    if (!current.isLoaded()) {
      // Cold start: ask Opal by name rather than make the person wait for the whole index.
      List<Group> named = opal.getGroups(GroupQuery.byName(typed))
          .filter(g -> GroupIndex.key(g.displayName()).equals(GroupIndex.key(typed)))
          .limit(CANDIDATES)
          .toList();
      return named.size() == 1 ? new GroupMatch.Found(named.get(0))
          : named.isEmpty() ? new GroupMatch.NotFound(List.of()) : new GroupMatch.Ambiguous(named);
    }
    List<Group> exact = current.exact(typed);
    if (exact.size() == 1) {
      return new GroupMatch.Found(exact.get(0));
    }
    if (exact.size() > 1) {
      return new GroupMatch.Ambiguous(exact);
    }
    List<Group> prefix = current.prefix(typed, CANDIDATES);
    if (prefix.size() == 1) {
      return new GroupMatch.Found(prefix.get(0));
    }
    if (prefix.size() > 1) {
      return new GroupMatch.Ambiguous(prefix);
    }
    return new GroupMatch.NotFound(current.substring(typed, 5));
  }

  /** Search for select menus: exact > prefix > substring, case-insensitive; never calls Opal. */
  public List<Group> search(String query, int limit) {
    return currentIndex().search(query == null ? "" : query, limit);
  }

  /** Every group in the index, by name (empty until the first load). */
  public List<Group> all() {
    return currentIndex().search("", Integer.MAX_VALUE);
  }

  /** Whether the index of all groups has loaded (until then {@link #ledBy} knows nobody). */
  public boolean isLoaded() {
    return currentIndex().isLoaded();
  }

  /**
   * The groups a user leads whose names match the query (exact > prefix > substring), at most {@code limit};
   * never calls Opal. Just after start-up it waits briefly for the index (type-ahead must answer within 3 s).
   */
  public List<Group> searchLedBy(UUID userId, String query, int limit) {
    return loadedIndex(TYPE_AHEAD_WAIT).searchLedBy(userId, query == null ? "" : query, limit);
  }

  /**
   * The groups a user leads, by name, from the index. Just after start-up it waits for the index's first
   * load (a leader's Home or group list must not come out empty because the bot has just started).
   */
  public List<Group> ledBy(UUID userId) {
    return loadedIndex(FIRST_LOAD_WAIT).ledBy(userId);
  }

  /** How long answers about who leads what wait for the index's first load (after the ack, off Slack's deadline). */
  static final Duration FIRST_LOAD_WAIT = Duration.ofSeconds(20);
  /** The same for type-ahead, answered within Slack's 3 seconds. */
  static final Duration TYPE_AHEAD_WAIT = Duration.ofMillis(1500);

  private GroupIndex loadedIndex(Duration wait) {
    GroupIndex current = currentIndex();
    if (!current.isLoaded() && awaitLoaded(wait)) {
      current = index.get();
    }
    return current;
  }

  /** The group, from the cache when present (refreshed in the background when old), else from Opal. */
  public Group group(UUID id) {
    try {
      return groups.get(id).group();
    } catch (OpalException e) {
      throw e;
    } catch (RuntimeException e) {
      if (e.getCause() instanceof OpalException oe) {
        throw oe;
      }
      throw e;
    }
  }

  /** The group if it is in memory; never calls Opal (for work that must finish within Slack's 3 s). */
  public Optional<Group> cached(UUID id) {
    Fetched f = groups.getIfPresent(id);
    return f != null ? Optional.of(f.group()) : currentIndex().byId(id);
  }

  /** The group as Opal had it within the last minute, to decide who may act on it. */
  public Group groupToAuthorize(UUID id) {
    return groupNoOlderThan(id, AUTHORIZATION_FRESHNESS);
  }

  /** Whether the person leads the group, by group data no older than a minute. */
  public boolean leads(UUID groupId, UUID userId) {
    return groupToAuthorize(groupId).isLeader(userId);
  }

  /** The group as read from Opal no longer than {@code maxAge} ago; reads Opal now if the cache is older. */
  public Group groupNoOlderThan(UUID id, Duration maxAge) {
    Fetched f = groups.getIfPresent(id);
    if (f == null || f.at().plus(maxAge).isBefore(clock.instant())) {
      f = new Fetched(opal.getGroup(id), clock.instant());
      groups.put(id, f);
    }
    return f.group();
  }

  /** Access levels seen among the group's members (Opal's API has no list of a group's levels). */
  public List<GroupAccessLevel> accessLevelsOf(UUID groupId) {
    List<GroupUser> list = members.get(groupId, id -> opal.getGroupUsers(id).toList());
    LinkedHashMap<String, GroupAccessLevel> levels = new LinkedHashMap<>();
    for (GroupUser u : list) {
      if (u.accessLevel() != null && u.accessLevel().accessLevelRemoteId() != null) {
        levels.putIfAbsent(u.accessLevel().accessLevelRemoteId(), u.accessLevel());
      }
    }
    return new ArrayList<>(levels.values());
  }

  /** Forgets what is cached about a group after the bot changed it. */
  public void invalidateGroup(UUID id) {
    groups.invalidate(id);
    members.invalidate(id);
  }

  /** Hit and miss counts of the per-group cache. */
  public com.github.benmanes.caffeine.cache.stats.CacheStats stats() {
    return groups.stats();
  }

  private GroupIndex currentIndex() {
    GroupIndex current = index.get();
    if (!current.isLoaded() || current.loadedAt().plus(settings.groupIndexRefresh()).isBefore(clock.instant())) {
      reloadInBackground();
    }
    return current;
  }

  private void reloadInBackground() {
    Instant now = clock.instant();
    // After a failed load, wait before trying again, so a down Opal is not asked on every keystroke.
    if (lastReloadAttempt.get().plus(RELOAD_RETRY_PAUSE).isAfter(now)) {
      return;
    }
    if (reloading.compareAndSet(false, true)) {
      lastReloadAttempt.set(now);
      executor.execute(() -> {
        try {
          reloadNow();
        } catch (RuntimeException e) {
          LOG.warn("could not load the group index (will retry on next use): {}", e.getMessage());
        } finally {
          reloading.set(false);
          firstLoad.complete(null);
        }
      });
    }
  }

  private static Optional<UUID> uuid(String text) {
    if (text.length() != 36) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
