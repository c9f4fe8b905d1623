package dev.opaljitbot.directory;

import dev.opaljitbot.opal.Group;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * An immutable snapshot of every group, indexed for the lookups Slack needs: by id, by exact name, by
 * name prefix (binary search over sorted names) and by substring, and by leader. Rebuilt whole on each
 * refresh and swapped in atomically, so readers never see a half-built index.
 */
final class GroupIndex {
  private static final Comparator<Group> BY_NAME =
      Comparator.comparing((Group g) -> key(g.displayName())).thenComparing(g -> g.groupId().toString());
  // After BY_NAME: static fields initialize in order.
  static final GroupIndex EMPTY = new GroupIndex(List.of(), Instant.EPOCH, false);

  private final Instant loadedAt;
  private final boolean loaded;
  private final Map<UUID, Group> byId = new HashMap<>();
  private final Map<String, List<Group>> byName = new HashMap<>();
  private final Map<UUID, List<Group>> byLeader = new HashMap<>();
  /** Lower-cased names, sorted, parallel to {@link #sorted}. */
  private final String[] keys;
  private final Group[] sorted;

  GroupIndex(Collection<Group> groups, Instant loadedAt, boolean loaded) {
    this.loadedAt = loadedAt;
    this.loaded = loaded;
    this.sorted = groups.stream().sorted(BY_NAME).toArray(Group[]::new);
    this.keys = new String[sorted.length];
    for (int i = 0; i < sorted.length; i++) {
      Group g = sorted[i];
      keys[i] = key(g.displayName());
      byId.put(g.groupId(), g);
      byName.computeIfAbsent(keys[i], k -> new ArrayList<>(1)).add(g);
      for (UUID leader : g.groupLeaderUserIds()) {
        byLeader.computeIfAbsent(leader, k -> new ArrayList<>()).add(g);
      }
    }
  }

  static String key(String name) {
    return name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
  }

  boolean isLoaded() {
    return loaded;
  }

  Instant loadedAt() {
    return loadedAt;
  }

  int size() {
    return sorted.length;
  }

  Optional<Group> byId(UUID id) {
    return Optional.ofNullable(byId.get(id));
  }

  List<Group> exact(String text) {
    return byName.getOrDefault(key(text), List.of());
  }

  /** Groups whose name starts with the text, in name order, at most {@code limit}. */
  List<Group> prefix(String text, int limit) {
    String k = key(text);
    int from = lowerBound(k);
    List<Group> out = new ArrayList<>();
    for (int i = from; i < keys.length && out.size() < limit && keys[i].startsWith(k); i++) {
      out.add(sorted[i]);
    }
    return out;
  }

  /** Groups whose name contains the text anywhere, in name order, at most {@code limit}. */
  List<Group> substring(String text, int limit) {
    String k = key(text);
    List<Group> out = new ArrayList<>();
    for (int i = 0; i < keys.length && out.size() < limit; i++) {
      if (keys[i].contains(k)) {
        out.add(sorted[i]);
      }
    }
    return out;
  }

  /** Ranked search: exact names first, then prefixes, then substrings; each in name order. */
  List<Group> search(String text, int limit) {
    if (key(text).isEmpty()) {
      return Arrays.asList(sorted).subList(0, Math.min(limit, sorted.length));
    }
    Set<Group> ranked = new LinkedHashSet<>(exact(text));
    if (ranked.size() < limit) {
      ranked.addAll(prefix(text, limit));
    }
    if (ranked.size() < limit) {
      ranked.addAll(substring(text, limit + ranked.size()));
    }
    return ranked.stream().limit(limit).toList();
  }

  List<Group> ledBy(UUID userId) {
    return byLeader.getOrDefault(userId, List.of());
  }

  /**
   * The groups a person leads whose names match, ranked like {@link #search}. Searches only that person's
   * groups, so no group they lead is crowded out by others' groups.
   */
  List<Group> searchLedBy(UUID userId, String text, int limit) {
    // A leader's groups are few: an index of them alone costs less than a lookup over everyone's.
    List<Group> mine = ledBy(userId);
    return mine.isEmpty() ? List.of() : new GroupIndex(mine, loadedAt, loaded).search(text, limit);
  }

  private int lowerBound(String k) {
    int lo = 0;
    int hi = keys.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (keys[mid].compareTo(k) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
