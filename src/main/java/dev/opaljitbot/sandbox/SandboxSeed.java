package dev.opaljitbot.sandbox;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The organisation a sandbox starts with, in Opal's own field names (the runtime contract's seed
 * format). Two optional extensions: {@code token_user_id} names the user the API tokens act as (an Opal
 * admin; default the first user), and a resource's or group's {@code reviewer_owner_ids} lists the owners
 * reviewing it, one stage each (default: its admin owner).
 */
public record SandboxSeed(
    List<SeedUser> users,
    List<SeedGroup> groups,
    List<SeedGroupUser> groupUsers,
    List<SeedResource> resources,
    List<SeedOwner> owners,
    List<String> apiTokens,
    UUID tokenUserId,
    List<SeedTag> tags,
    List<SeedDelegation> delegations) {

  /** This organisation with these tags (replacing any). */
  public SandboxSeed withTags(List<SeedTag> newTags) {
    return new SandboxSeed(users, groups, groupUsers, resources, owners, apiTokens, tokenUserId, newTags, delegations);
  }

  /** A seed without tags. */
  public SandboxSeed(List<SeedUser> users, List<SeedGroup> groups, List<SeedGroupUser> groupUsers, List<SeedResource> resources,
      List<SeedOwner> owners, List<String> apiTokens, UUID tokenUserId) {
    this(users, groups, groupUsers, resources, owners, apiTokens, tokenUserId, List.of(), List.of());
  }

  public SandboxSeed {
    tags = tags == null ? List.of() : List.copyOf(tags);
    delegations = delegations == null ? List.of() : List.copyOf(delegations);
    users = users == null ? List.of() : List.copyOf(users);
    groups = groups == null ? List.of() : List.copyOf(groups);
    groupUsers = groupUsers == null ? List.of() : List.copyOf(groupUsers);
    resources = resources == null ? List.of() : List.copyOf(resources);
    owners = owners == null ? List.of() : List.copyOf(owners);
    apiTokens = apiTokens == null ? List.of() : List.copyOf(apiTokens);
  }

  /** An Opal user. */
  public record SeedUser(UUID userId, String email, String fullName, String firstName, String lastName, String position) {}

  /** An Opal group with the settings the bot reads. */
  public record SeedGroup(
      UUID groupId, String name, String description, String groupType, UUID adminOwnerId, List<UUID> groupLeaderUserIds,
      Integer maxDuration, Integer recommendedDuration, Integer extensionsDurationInMinutes, Boolean isRequestable,
      Boolean requireSupportTicket, Boolean requireMfaToApprove, Boolean requireMfaToRequest, Boolean autoApproval,
      List<UUID> reviewerOwnerIds) {}

  /** A membership at start-up; {@code durationMinutes} counts from the sandbox's start, 0 = indefinite. */
  public record SeedGroupUser(UUID groupId, UUID userId, Integer durationMinutes, String accessLevelRemoteId) {}

  /** An Opal resource. */
  public record SeedResource(
      UUID resourceId, String name, String description, String resourceType, UUID adminOwnerId, Integer maxDuration,
      Integer recommendedDuration, Boolean isRequestable, Boolean requireSupportTicket, Boolean requireMfaToApprove,
      Boolean requireMfaToRequest, Boolean autoApproval, List<UUID> reviewerOwnerIds) {}

  /** A tag (Opal's {@code Tag}: {@code tag_id}, {@code key}, {@code value}) and the groups and resources it is applied to. */
  public record SeedTag(UUID tagId, String key, String value, List<UUID> groupIds, List<UUID> resourceIds) {
    public SeedTag {
      groupIds = groupIds == null ? List.of() : List.copyOf(groupIds);
      resourceIds = resourceIds == null ? List.of() : List.copyOf(resourceIds);
    }
  }

  /**
   * A review delegation (Opal's {@code Delegation}); {@code start_time} and {@code end_time} as in Opal, or as
   * minutes from the sandbox's start with {@code start_minutes}/{@code end_minutes} (for demos that stay current).
   */
  public record SeedDelegation(UUID id, UUID delegatorUserId, UUID delegateUserId, java.time.Instant startTime, java.time.Instant endTime,
      Integer startMinutes, Integer endMinutes, String reason) {}

  /** An owner (a team) and its users. */
  public record SeedOwner(UUID ownerId, String name, String description, List<UUID> userIds) {}

  private static ObjectMapper mapper() {
    return new ObjectMapper()
        .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
  }

  /** The built-in demo organisation (see README). */
  public static SandboxSeed demo() {
    try (InputStream in = SandboxSeed.class.getResourceAsStream("/sandbox/demo-org.json")) {
      return mapper().readValue(in, SandboxSeed.class).validated("built-in demo organisation");
    } catch (IOException e) {
      throw new UncheckedIOException("the built-in demo organisation cannot be read", e);
    }
  }

  /** Reads a seed file; any problem is reported with the file name and what to fix. */
  public static SandboxSeed read(Path file) {
    try {
      return mapper().readValue(Files.readAllBytes(file), SandboxSeed.class).validated(file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException("seed " + file + " is not valid: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
  }

  /** Parses seed JSON (tests). */
  public static SandboxSeed parse(String json) {
    try {
      return mapper().readValue(json, SandboxSeed.class).validated("seed");
    } catch (IOException e) {
      throw new IllegalArgumentException("seed is not valid: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
  }

  /** Checks every reference, naming each bad entry; returns this seed when it is sound. */
  SandboxSeed validated(String source) {
    List<String> problems = new ArrayList<>();
    Set<UUID> userIds = ids(users.stream().map(SeedUser::userId).toList(), "user", problems);
    Set<UUID> groupIds = ids(groups.stream().map(SeedGroup::groupId).toList(), "group", problems);
    Set<UUID> ownerIds = ids(owners.stream().map(SeedOwner::ownerId).toList(), "owner", problems);
    Set<UUID> resourceIds = ids(resources.stream().map(SeedResource::resourceId).toList(), "resource", problems);
    ids(tags.stream().map(SeedTag::tagId).toList(), "tag", problems);
    ids(delegations.stream().map(SeedDelegation::id).toList(), "delegation", problems);
    for (SeedDelegation d : delegations) {
      ref("delegation " + d.id() + " delegator_user_id", d.delegatorUserId(), userIds, problems);
      ref("delegation " + d.id() + " delegate_user_id", d.delegateUserId(), userIds, problems);
      if ((d.startTime() == null) == (d.startMinutes() == null) || (d.endTime() == null) == (d.endMinutes() == null)) {
        problems.add("delegation " + d.id() + " needs start_time or start_minutes, and end_time or end_minutes");
      }
    }
    for (SeedTag t : tags) {
      if (t.key() == null || t.key().isBlank()) problems.add("tag " + t.tagId() + " needs a key");
      refs("tag " + t.key() + " group", t.groupIds(), groupIds, problems);
      refs("tag " + t.key() + " resource", t.resourceIds(), resourceIds, problems);
    }
    for (SeedUser u : users) {
      if (u.email() == null || !u.email().contains("@")) problems.add("user " + u.userId() + " needs an email");
    }
    for (SeedGroup g : groups) {
      if (g.name() == null || g.name().isBlank()) problems.add("group " + g.groupId() + " needs a name");
      refs("group " + g.name() + " leader", g.groupLeaderUserIds(), userIds, problems);
      ref("group " + g.name() + " admin_owner_id", g.adminOwnerId(), ownerIds, problems);
      refs("group " + g.name() + " reviewer_owner_ids", g.reviewerOwnerIds(), ownerIds, problems);
    }
    for (SeedResource r : resources) {
      if (r.name() == null || r.name().isBlank()) problems.add("resource " + r.resourceId() + " needs a name");
      ref("resource " + r.name() + " admin_owner_id", r.adminOwnerId(), ownerIds, problems);
      refs("resource " + r.name() + " reviewer_owner_ids", r.reviewerOwnerIds(), ownerIds, problems);
    }
    for (SeedOwner o : owners) {
      refs("owner " + o.name() + " user", o.userIds(), userIds, problems);
    }
    for (SeedGroupUser m : groupUsers) {
      ref("group_users entry group_id", m.groupId(), groupIds, problems);
      ref("group_users entry user_id", m.userId(), userIds, problems);
      if (m.durationMinutes() != null && (m.durationMinutes() < 0 || m.durationMinutes() > 525_960)) {
        problems.add("group_users entry for user " + m.userId() + ": duration_minutes must be 0 (indefinite) to 525960");
      }
    }
    if (tokenUserId != null) ref("token_user_id", tokenUserId, userIds, problems);
    if (apiTokens.isEmpty()) problems.add("api_tokens must list at least one token");
    if (users.isEmpty()) problems.add("users must list at least one user (API calls act as one)");
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(source + " is not a valid sandbox seed:\n  - " + String.join("\n  - ", problems));
    }
    return this;
  }

  private static Set<UUID> ids(List<UUID> ids, String what, List<String> problems) {
    Set<UUID> seen = new HashSet<>();
    for (UUID id : ids) {
      if (id == null) {
        problems.add("a " + what + " has no id");
      } else if (!seen.add(id)) {
        problems.add(what + " id " + id + " appears twice");
      }
    }
    return seen;
  }

  private static void ref(String where, UUID id, Set<UUID> known, List<String> problems) {
    if (id != null && !known.contains(id)) {
      problems.add(where + " " + id + " does not exist");
    }
  }

  private static void refs(String where, List<UUID> ids, Set<UUID> known, List<String> problems) {
    if (ids != null) {
      ids.forEach(id -> ref(where, id, known, problems));
    }
  }
}
