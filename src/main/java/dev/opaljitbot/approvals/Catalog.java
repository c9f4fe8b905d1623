package dev.opaljitbot.approvals;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.opaljitbot.directory.GroupDirectory;
import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.OpalApi;
import dev.opaljitbot.opal.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** What can be requested: Opal resources (cached) and groups (from the directory), searchable by name. */
public final class Catalog {
  private final GroupDirectory groups;
  private final LoadingCache<String, List<Resource>> resources;

  /** A requestable item with the rules that apply to it. */
  public record Entry(Kind kind, UUID id, String name, Optional<Duration> maxDuration, boolean requiresSupportTicket,
      boolean requiresMfaToRequest, boolean requiresMfaToApprove, String type) {
    /** A resource or a group. */
    public enum Kind {
      RESOURCE,
      GROUP
    }
  }

  public Catalog(OpalApi opal, GroupDirectory groups) {
    this.groups = groups;
    this.resources = Caffeine.newBuilder().maximumSize(1).refreshAfterWrite(Duration.ofMinutes(5))
        .build(key -> opal.getResources(null).toList());
  }

  /**
   * Loads the resource list now (call at start-up, off the request path), so the first request form's item
   * checks, which run before Slack's ack, read a warm cache.
   */
  public void warmUp() {
    try {
      resources.get("all");
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(Catalog.class).warn("resource list not loaded at start-up (loaded on first use): {}", e.toString());
    }
  }

  /** Items whose name contains the text, resources first, at most {@code limit}. */
  public List<Entry> search(String text, int limit) {
    String needle = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    List<Entry> out = new ArrayList<>();
    resources.get("all").stream()
        .filter(r -> !Boolean.FALSE.equals(r.isRequestable()))
        .filter(r -> r.name() != null && r.name().toLowerCase(Locale.ROOT).contains(needle))
        .sorted(Comparator.comparing(Resource::name, String.CASE_INSENSITIVE_ORDER))
        .map(Catalog::entry)
        .forEach(out::add);
    groups.search(needle, limit).stream().filter(g -> !Boolean.FALSE.equals(g.isRequestable())).map(Catalog::entry).forEach(out::add);
    return out.stream().limit(limit).toList();
  }

  /** A requestable resource or group with exactly this name (any case); resources first. */
  public Optional<Entry> findByName(String name) {
    String wanted = name.strip();
    Optional<Entry> resource = resources.get("all").stream()
        .filter(r -> !Boolean.FALSE.equals(r.isRequestable()) && r.name() != null && r.name().equalsIgnoreCase(wanted))
        .findFirst().map(Catalog::entry);
    if (resource.isPresent()) {
      return resource;
    }
    return groups.find(wanted) instanceof dev.opaljitbot.directory.GroupMatch.Found found && !Boolean.FALSE.equals(found.group().isRequestable())
        ? Optional.of(entry(found.group())) : Optional.empty();
  }

  public Optional<Entry> find(Entry.Kind kind, UUID id) {
    if (kind == Entry.Kind.RESOURCE) {
      return resources.get("all").stream().filter(r -> r.resourceId().equals(id)).findFirst().map(Catalog::entry);
    }
    return groups.cached(id).or(() -> Optional.of(groups.group(id))).map(Catalog::entry);
  }

  private static Entry entry(Resource r) {
    return new Entry(Entry.Kind.RESOURCE, r.resourceId(), r.name(), r.maxAccessDuration(), r.requireSupportTicket(),
        r.requireMfaToRequest(), r.requireMfaToApprove(), r.resourceType() == null ? "RESOURCE" : r.resourceType());
  }

  private static Entry entry(Group g) {
    return new Entry(Entry.Kind.GROUP, g.groupId(), g.displayName(), g.maxAccessDuration(), g.requireSupportTicket(),
        g.requireMfaToRequest(), g.requireMfaToApprove(), g.groupType() == null ? "GROUP" : g.groupType().name());
  }
}
