package dev.opaljitbot.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opaljitbot.opal.OpalJson;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Opal's REST API over the sandbox's world: the endpoints the bot uses, with Opal's status codes, JSON
 * shapes and opaque cursors. Served at {@code /v1} and at {@code /}.
 */
final class SandboxApi extends HttpServlet {
  private static final int DEFAULT_PAGE_SIZE = 100;
  private static final int MAX_PAGE_SIZE = 1000;
  private static final Set<String> LITERALS =
      Set.of("groups", "users", "resources", "requests", "approve", "deny", "owners", "user", "containing-groups", "tags", "delegations", "comments");
  private static final Set<String> ROUTES = Set.of(
      "GET /groups/{id}", "GET /groups/{id}/users", "GET /groups/users/{id}", "GET /groups/{id}/resources",
      "GET /groups/{id}/containing-groups", "GET /groups/{id}/tags", "GET /resources/{id}/tags", "DELETE /groups/{id}/containing-groups/{id}",
      "POST /groups/{id}/users/{id}", "PUT /groups/{id}/users/{id}", "DELETE /groups/{id}/users/{id}",
      "GET /owners/{id}/users", "GET /requests/{id}", "POST /requests/{id}/approve", "POST /requests/{id}/deny",
      "GET /requests/{id}/comments", "POST /requests/{id}/comments");

  /** A route's answer for operations the spec documents as 204 No Content. */
  private static final Object NO_CONTENT = new Object();

  private final transient SandboxWorld world;
  private final transient Set<String> tokens;
  private final transient ObjectMapper json = OpalJson.mapper();

  SandboxApi(SandboxWorld world, List<String> tokens) {
    this.world = world;
    this.tokens = Set.copyOf(tokens);
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    try {
      if (!authorized(req)) {
        throw new SandboxException(401, "missing or invalid API token");
      }
      Object body = route(req.getMethod(), segments(req), req);
      resp.setStatus(body == NO_CONTENT ? 204 : 200);
      // Operations the spec documents without a body (DELETE) answer with none, and so with no JSON type.
      if (body != null && body != NO_CONTENT) {
        resp.setContentType("application/json");
        resp.getOutputStream().write(json.writeValueAsBytes(body));
      }
    } catch (SandboxException e) {
      resp.setStatus(e.status());
      resp.setContentType("application/json");
      resp.getOutputStream().write(json.writeValueAsBytes(json.createObjectNode().put("code", e.status()).put("message", e.getMessage())));
    }
  }

  private boolean authorized(HttpServletRequest req) {
    String header = req.getHeader("Authorization");
    return header != null && header.startsWith("Bearer ") && tokens.contains(header.substring("Bearer ".length()).strip());
  }

  private static List<String> segments(HttpServletRequest req) {
    String path = req.getRequestURI().substring(req.getContextPath().length());
    List<String> parts = new ArrayList<>(Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList());
    if (!parts.isEmpty() && parts.get(0).equals("v1")) {
      parts.remove(0);
    }
    return parts;
  }

  private Object route(String method, List<String> p, HttpServletRequest req) throws IOException {
    String shape = method + " /" + String.join("/", p.stream().map(s -> looksLikeId(s) ? "{id}" : s).toList());
    if (!p.isEmpty() && p.get(0).equals("requests")) {
      return requests(shape, method, p, req);
    }
    switch (shape) {
      case "GET /groups": {
        List<UUID> ids = uuids(req, "group_ids");
        List<UUID> tags = uuids(req, "tag_ids");
        String name = req.getParameter("group_name");
        String type = req.getParameter("group_type_filter");
        Predicate<dev.opaljitbot.opal.Group> filter = g -> (ids.isEmpty() || ids.contains(g.groupId()))
            && (name == null || name.equals(g.name()))
            && (type == null || type.equals(g.groupType().name()))
            && (tags.isEmpty() || world.groupTags(g.groupId()).stream().anyMatch(t -> tags.contains(t.tagId())));
        return page(req, world.groups().stream().filter(filter).toList(), "results", "next",
            "groups|" + ids + "|" + tags + "|" + name + "|" + type);
      }
      case "GET /groups/{id}":
        return world.group(uuid(p.get(1), "group_id"));
      case "GET /groups/{id}/users": {
        UUID id = uuid(p.get(1), "group_id");
        return page(req, world.groupUsers(id), "results", "next", "group-users|" + id);
      }
      case "GET /groups/users/{id}": {
        UUID id = uuid(p.get(2), "user_id");
        world.userById(id).orElseThrow(() -> SandboxException.notFound("user " + id + " not found"));
        return page(req, world.userGroups(id), "results", "next", "user-groups|" + id);
      }
      case "GET /groups/{id}/containing-groups":
        return json.createObjectNode().set("containing_groups", json.valueToTree(world.containingGroups(uuid(p.get(1), "group_id"))));
      case "GET /groups/{id}/tags":
        return json.createObjectNode().set("tags", json.valueToTree(world.groupTags(uuid(p.get(1), "group_id"))));
      case "GET /resources/{id}/tags":
        return json.createObjectNode().set("tags", json.valueToTree(world.resourceTags(uuid(p.get(1), "resource_id"))));
      case "DELETE /groups/{id}/containing-groups/{id}":
        world.deleteContainingGroup(uuid(p.get(1), "group_id"), uuid(p.get(3), "containing_group_id"));
        return NO_CONTENT;
      case "GET /groups/{id}/resources":
        return json.createObjectNode().set("group_resources", json.valueToTree(world.groupResources(uuid(p.get(1), "group_id"))));
      case "POST /groups/{id}/users/{id}": {
        JsonNode body = optionalBody(req);
        int minutes = duration(body, req, true);
        return world.addGroupUser(uuid(p.get(1), "group_id"), uuid(p.get(3), "user_id"), minutes, level(body, req));
      }
      case "PUT /groups/{id}/users/{id}": {
        JsonNode body = requiredBody(req);
        return world.updateGroupUser(uuid(p.get(1), "group_id"), uuid(p.get(3), "user_id"), duration(body, null, true), level(body, null));
      }
      case "DELETE /groups/{id}/users/{id}":
        world.deleteGroupUser(uuid(p.get(1), "group_id"), uuid(p.get(3), "user_id"));
        return null;
      case "GET /user": {
        String email = req.getParameter("email");
        String userId = req.getParameter("user_id");
        if (email == null && userId == null) {
          throw SandboxException.badRequest("give email or user_id");
        }
        return (userId != null ? world.userById(uuid(userId, "user_id")) : world.userByEmail(email))
            .orElseThrow(() -> SandboxException.notFound("user not found"));
      }
      case "GET /delegations": {
        UUID delegator = optionalUuid(req, "delegator_user_id");
        UUID delegate = optionalUuid(req, "delegate_user_id");
        List<ObjectNode> found = world.delegations(delegator, delegate).stream().map(d -> {
          ObjectNode node = json.valueToTree(d);
          // Opal's Delegation also says when it was made; the sandbox's were made when it started, or when added.
          String made = (d.startTime().isBefore(world.started()) ? d.startTime() : world.started()).toString();
          return node.put("created_at", made).put("updated_at", made);
        }).toList();
        return page(req, found, "results", "next", "delegations|" + delegator + "|" + delegate);
      }
      case "GET /users":
        return page(req, world.users(), "results", "next", "users|" + uuids(req, "tag_ids"));
      case "GET /resources": {
        String name = req.getParameter("resource_name");
        String type = req.getParameter("resource_type_filter");
        List<UUID> ids = uuids(req, "resource_ids");
        String needle = name == null ? null : name.toLowerCase(Locale.ROOT);
        return page(req, world.resources().stream()
                .filter(r -> needle == null || r.name().toLowerCase(Locale.ROOT).contains(needle))
                .filter(r -> type == null || type.equals(r.resourceType()))
                .filter(r -> ids.isEmpty() || ids.contains(r.resourceId()))
                .toList(),
            "results", "next", "resources|" + name + "|" + type + "|" + ids);
      }
      case "GET /owners/{id}/users":
        return json.createObjectNode().set("users", json.valueToTree(world.ownerUsers(uuid(p.get(1), "owner_id"))));
      default:
        throw unknown(method, p);
    }
  }

  /** The request endpoints: create, read, decide, comment. */
  private Object requests(String shape, String method, List<String> p, HttpServletRequest req) throws IOException {
    switch (shape) {
      case "POST /requests":
        return json.createObjectNode().put("id", createRequest(requiredBody(req)).toString());
      case "GET /requests": {
        boolean pendingOnly = "true".equalsIgnoreCase(req.getParameter("show_pending_only"));
        UUID requester = optionalUuid(req, "requester_id");
        UUID targetUser = optionalUuid(req, "target_user_id");
        UUID group = optionalUuid(req, "group_id");
        UUID resource = optionalUuid(req, "resource_id");
        List<dev.opaljitbot.opal.Request> list = world.requests(pendingOnly, requester, targetUser, null).stream()
            .filter(r -> group == null || group.equals(r.targetGroupId())
                || r.requestedItemsList().stream().anyMatch(i -> group.equals(i.groupId())))
            .filter(r -> resource == null || r.requestedItemsList().stream().anyMatch(i -> resource.equals(i.resourceId())))
            .toList();
        return page(req, list, "requests", "cursor", "requests|" + pendingOnly + "|" + requester + "|" + targetUser + "|" + group + "|" + resource);
      }
      case "GET /requests/{id}":
        return world.request(uuid(p.get(1), "id"));
      case "POST /requests/{id}/approve": {
        JsonNode body = requiredBody(req);
        String level = body.path("level").asText("");
        if (!level.equals("REGULAR") && !level.equals("ADMIN")) {
          throw SandboxException.badRequest("level is required: REGULAR or ADMIN");
        }
        return json.createObjectNode().set("request", json.valueToTree(world.approveByApi(uuid(p.get(1), "id"), level.equals("ADMIN"))));
      }
      case "GET /requests/{id}/comments":
        return json.createObjectNode().set("comments", json.valueToTree(world.comments(uuid(p.get(1), "id"))));
      case "POST /requests/{id}/comments": {
        JsonNode body = requiredBody(req);
        if (!body.path("comment").isTextual() || body.path("comment").asText().isBlank()) {
          throw SandboxException.badRequest("comment is required");
        }
        UUID id = uuid(p.get(1), "id");
        world.comment(id, world.tokenUserId(), body.path("comment").asText());
        return json.createObjectNode().set("request", json.valueToTree(world.request(id)));
      }
      case "POST /requests/{id}/deny": {
        JsonNode body = requiredBody(req);
        if (!body.path("comment").isTextual()) {
          throw SandboxException.badRequest("comment is required");
        }
        return json.createObjectNode().set("request", json.valueToTree(world.deny(uuid(p.get(1), "id"), null, body.path("comment").asText())));
      }
      default:
        throw unknown(method, p);
    }
  }

  /** A known endpoint with a malformed id is a 400, as in Opal; anything else does not exist. */
  private static SandboxException unknown(String method, List<String> p) {
    String withIds = method + " /" + String.join("/", p.stream().map(sg -> LITERALS.contains(sg) ? sg : "{id}").toList());
    if (ROUTES.contains(withIds)) {
      return SandboxException.badRequest("malformed id in " + method + " /" + String.join("/", p) + ": ids are UUIDs");
    }
    return SandboxException.notFound("no such endpoint: " + method + " /" + String.join("/", p));
  }

  private UUID createRequest(JsonNode body) {
    for (String field : List.of("reason", "duration_minutes", "resources", "groups")) {
      if (!body.has(field)) {
        throw SandboxException.badRequest(field + " is required");
      }
    }
    if (!body.path("resources").isArray() || !body.path("groups").isArray()) {
      throw SandboxException.badRequest("resources and groups must be arrays");
    }
    if (!body.path("duration_minutes").canConvertToExactIntegral()) {
      throw SandboxException.badRequest("duration_minutes must be an integer");
    }
    List<SandboxWorld.NewItem> items = new ArrayList<>();
    for (JsonNode r : body.path("resources")) {
      items.add(new SandboxWorld.NewItem(uuid(r.path("id").asText(""), "resources[].id"), null, r.path("access_level_remote_id").asText(null)));
    }
    for (JsonNode g : body.path("groups")) {
      items.add(new SandboxWorld.NewItem(null, uuid(g.path("id").asText(""), "groups[].id"), g.path("access_level_remote_id").asText(null)));
    }
    UUID targetUser = body.hasNonNull("target_user_id") ? uuid(body.path("target_user_id").asText(), "target_user_id") : null;
    UUID targetGroup = body.hasNonNull("target_group_id") ? uuid(body.path("target_group_id").asText(), "target_group_id") : null;
    return world.createRequest(world.tokenUserId(), targetUser, targetGroup, items, body.path("reason").asText(), body.path("duration_minutes").asInt());
  }

  private <T> ObjectNode page(HttpServletRequest req, List<T> all, String itemsField, String cursorField, String filters) {
    int size = DEFAULT_PAGE_SIZE;
    String sizeParam = req.getParameter("page_size");
    if (sizeParam != null) {
      try {
        size = Integer.parseInt(sizeParam);
      } catch (NumberFormatException e) {
        throw SandboxException.badRequest("page_size must be an integer");
      }
      if (size < 1 || size > MAX_PAGE_SIZE) {
        throw SandboxException.badRequest("page_size must be from 1 to " + MAX_PAGE_SIZE);
      }
    }
    int offset = Cursors.decode(req.getParameter("cursor"), filters);
    List<T> slice = offset >= all.size() ? List.of() : all.subList(offset, Math.min(all.size(), offset + size));
    ObjectNode out = json.createObjectNode();
    out.set(itemsField, json.valueToTree(slice));
    if (offset + size < all.size()) {
      out.put(cursorField, Cursors.encode(offset + size, filters));
    } else if (!cursorField.equals("cursor")) {
      out.putNull(cursorField);
    }
    if (offset > 0 && !cursorField.equals("cursor")) {
      out.put("previous", Cursors.encode(Math.max(0, offset - size), filters));
    }
    return out;
  }

  private JsonNode requiredBody(HttpServletRequest req) throws IOException {
    JsonNode body = optionalBody(req);
    if (body == null) {
      throw SandboxException.badRequest("a JSON body is required");
    }
    return body;
  }

  private JsonNode optionalBody(HttpServletRequest req) throws IOException {
    String text = new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (text.isBlank()) {
      return null;
    }
    try {
      JsonNode node = json.readTree(text);
      if (!node.isObject()) {
        throw SandboxException.badRequest("the body must be a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw SandboxException.badRequest("the body is not valid JSON");
    }
  }

  private static int duration(JsonNode body, HttpServletRequest req, boolean required) {
    if (body != null && body.has("duration_minutes")) {
      JsonNode d = body.get("duration_minutes");
      if (!d.canConvertToExactIntegral() || !d.canConvertToInt()) {
        throw SandboxException.badRequest("duration_minutes must be an integer");
      }
      return d.asInt();
    }
    String param = req == null ? null : req.getParameter("duration_minutes");
    if (param != null) {
      try {
        return Integer.parseInt(param);
      } catch (NumberFormatException e) {
        throw SandboxException.badRequest("duration_minutes must be an integer");
      }
    }
    throw SandboxException.badRequest("duration_minutes is required");
  }

  private static String level(JsonNode body, HttpServletRequest req) {
    if (body != null && body.hasNonNull("access_level_remote_id")) {
      return body.get("access_level_remote_id").asText();
    }
    return req == null ? null : req.getParameter("access_level_remote_id");
  }

  private static boolean looksLikeId(String segment) {
    return segment.length() == 36 && segment.chars().filter(c -> c == '-').count() == 4;
  }

  private static UUID uuid(String text, String name) {
    try {
      if (text.length() == 36) {
        return UUID.fromString(text);
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw SandboxException.badRequest(name + " must be a UUID, got \"" + text + "\"");
  }

  private static UUID optionalUuid(HttpServletRequest req, String name) {
    String value = req.getParameter(name);
    return value == null || value.isEmpty() ? null : uuid(value, name);
  }

  /** A UUID list given as repeated parameters, comma-separated values, or both. */
  private static List<UUID> uuids(HttpServletRequest req, String name) {
    String[] values = req.getParameterValues(name);
    if (values == null) {
      values = req.getParameterValues(name + "[]");
    }
    List<UUID> out = new ArrayList<>();
    if (values != null) {
      for (String v : values) {
        for (String part : v.split(",")) {
          if (!part.isBlank()) {
            out.add(uuid(part.strip(), name));
          }
        }
      }
    }
    return out;
  }

}
