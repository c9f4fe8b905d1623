package dev.opaljitbot.opal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A request for access on behalf of a group ({@code POST /requests} with {@code target_group_id}).
 *
 * @param items the resources and groups requested, each with an optional access level remote id
 * @param supportTicket a ticket reference, required by items with {@code require_support_ticket}
 */
public record CreateRequest(
    UUID targetGroupId,
    List<Item> items,
    AccessDuration duration,
    String reason,
    Optional<SupportTicket> supportTicket) {

  public CreateRequest {
    items = List.copyOf(items);
    supportTicket = supportTicket == null ? Optional.empty() : supportTicket;
  }

  /** One requested item: a resource or a group. */
  public record Item(Kind kind, UUID id, String accessLevelRemoteId) {
    /** Whether the item is an Opal resource or an Opal group. */
    public enum Kind {
      RESOURCE,
      GROUP
    }
  }

  /** A support ticket as Opal wants it ({@code ticketing_provider} is e.g. JIRA, LINEAR). */
  public record SupportTicket(String ticketingProvider, String remoteId, String identifier, String url) {}
}
