package dev.opaljitbot.opal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request.Builder;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Opal API client (OkHttp + Jackson). Idempotent calls (GET, PUT, DELETE) are retried on 5xx and
 * network errors with capped exponential backoff and jitter; 429 waits for {@code Retry-After}. POSTs are
 * not retried after a 5xx or a network error: see {@link #addGroupUser}. Failures are {@link OpalException}s.
 */
public final class OpalClient implements OpalApi {
  private static final Logger LOG = LoggerFactory.getLogger(OpalClient.class);
  private static final MediaType JSON = MediaType.get("application/json");
  private static final String USER_AGENT = "opal-jit-bot/0.1";
  /** Opal error bodies can be long HTML pages from a proxy; keep messages readable. */
  private static final int MESSAGE_LIMIT = 300;

  private final OpalClientSettings settings;
  private final HttpUrl base;
  private final OkHttpClient http;
  private final OkHttpClient httpOnce;
  private final ObjectMapper json = OpalJson.mapper();
  private final MeterRegistry metrics;
  private final Consumer<Duration> retryObserver;

  public OpalClient(OpalClientSettings settings, MeterRegistry metrics) {
    this(settings, metrics, null, delay -> {});
  }

  /**
   * @param http a client to build on (tests), or null for one made from the settings' timeouts
   * @param retryObserver told each retry's delay before it is waited (tests and metrics)
   */
  public OpalClient(OpalClientSettings settings, MeterRegistry metrics, OkHttpClient http, Consumer<Duration> retryObserver) {
    this.settings = settings;
    HttpUrl parsed = HttpUrl.parse(settings.baseUrl());
    if (parsed == null) {
      throw new IllegalArgumentException("not an http(s) URL: " + settings.baseUrl());
    }
    this.base = parsed;
    // Idle connections are kept for less than servers and load balancers keep them (Jetty 30 s, many LBs
    // 60 s), so the pool rarely hands out one the server has closed.
    OkHttpClient.Builder common = (http == null ? new OkHttpClient.Builder().connectionPool(new okhttp3.ConnectionPool(8, 20, TimeUnit.SECONDS))
        : http.newBuilder())
        .connectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .readTimeout(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .writeTimeout(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .callTimeout(settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
    // GET, PUT and DELETE: a call on a connection the server had closed is sent again at once on a fresh one
    // by OkHttp (not one of our attempts, no backoff). POST: never repeated behind our back (it may have been
    // applied); our own policy decides. Both share one connection pool.
    this.http = common.retryOnConnectionFailure(true).build();
    this.httpOnce = this.http.newBuilder().retryOnConnectionFailure(false).build();
    this.metrics = metrics;
    this.retryObserver = retryObserver;
  }

  // ---- groups ----

  @Override
  public Stream<Group> getGroups(GroupQuery query) {
    HttpUrl.Builder url = url("groups");
    query.groupIds().forEach(id -> url.addQueryParameter("group_ids", id.toString()));
    query.tagIds().forEach(id -> url.addQueryParameter("tag_ids", id.toString()));
    if (query.groupName() != null) url.addQueryParameter("group_name", query.groupName());
    if (query.groupType() != null && query.groupType() != GroupType.UNKNOWN) {
      url.addQueryParameter("group_type_filter", query.groupType().name());
    }
    return paged("GET /groups", url, "results", "next", Group.class);
  }

  @Override
  public Group getGroup(UUID groupId) {
    return read(get(url("groups", groupId.toString()).build(), "GET /groups/{group_id}"), Group.class, "GET /groups/{group_id}");
  }

  @Override
  public Stream<GroupUser> getGroupUsers(UUID groupId) {
    return paged("GET /groups/{group_id}/users", url("groups", groupId.toString(), "users"), "results", "next", GroupUser.class);
  }

  /**
   * Not retried after a 5xx or a network error: the first POST may have been applied even though no
   * answer arrived, and a second would fail as "already a member" or, worse, change the access level.
   * Callers re-read the membership ({@link #getGroupUsers}) to learn whether it took effect. A 429 means
   * Opal did not process the call, so that alone is retried after {@code Retry-After}.
   */
  @Override
  public GroupUser addGroupUser(UUID groupId, UUID userId, AccessDuration duration, String accessLevelRemoteId) {
    String op = "POST /groups/{group_id}/users/{user_id}";
    HttpUrl url = url("groups", groupId.toString(), "users", userId.toString()).build();
    return read(send("POST", url, membership(duration, accessLevelRemoteId), op, false), GroupUser.class, op);
  }

  @Override
  public GroupUser updateGroupUser(UUID groupId, UUID userId, AccessDuration duration, String accessLevelRemoteId) {
    String op = "PUT /groups/{group_id}/users/{user_id}";
    HttpUrl url = url("groups", groupId.toString(), "users", userId.toString()).build();
    return read(send("PUT", url, membership(duration, accessLevelRemoteId), op, true), GroupUser.class, op);
  }

  /** The body of a membership write: the duration (0 = indefinite) and, when given, the access level. */
  private ObjectNode membership(AccessDuration duration, String accessLevelRemoteId) {
    ObjectNode body = json.createObjectNode().put("duration_minutes", duration.toOpalMinutes());
    if (accessLevelRemoteId != null && !accessLevelRemoteId.isEmpty()) {
      body.put("access_level_remote_id", accessLevelRemoteId);
    }
    return body;
  }

  @Override
  public void deleteGroupUser(UUID groupId, UUID userId, String accessLevelRemoteId) {
    String op = "DELETE /groups/{group_id}/users/{user_id}";
    HttpUrl.Builder url = url("groups", groupId.toString(), "users", userId.toString());
    if (accessLevelRemoteId != null && !accessLevelRemoteId.isEmpty()) {
      url.addQueryParameter("access_level_remote_id", accessLevelRemoteId);
    }
    send("DELETE", url.build(), null, op, true);
  }

  @Override
  public Stream<GroupUser> getUserGroups(UUID userId) {
    return paged("GET /groups/users/{user_id}", url("groups", "users", userId.toString()), "results", "next", GroupUser.class);
  }

  @Override
  public List<GroupResource> getGroupResources(UUID groupId) {
    String op = "GET /groups/{group_id}/resources";
    return list(get(url("groups", groupId.toString(), "resources").build(), op), "group_resources", GroupResource.class, op);
  }

  @Override
  public List<GroupContainingGroup> getContainingGroups(UUID groupId) {
    String op = "GET /groups/{group_id}/containing-groups";
    return list(get(url("groups", groupId.toString(), "containing-groups").build(), op), "containing_groups", GroupContainingGroup.class, op);
  }

  @Override
  public List<RequestComment> getRequestComments(UUID requestId) {
    String op = "GET /requests/{id}/comments";
    return list(get(url("requests", requestId.toString(), "comments").build(), op), "comments", RequestComment.class, op);
  }

  /** A comment posted twice would show twice: a POST is not retried blindly. */
  @Override
  public void createRequestComment(UUID requestId, String comment) {
    send("POST", url("requests", requestId.toString(), "comments").build(), json.createObjectNode().put("comment", comment),
        "POST /requests/{id}/comments", false);
  }

  @Override
  public Stream<Delegation> getDelegations(UUID delegatorUserId) {
    return paged("GET /delegations", url("delegations").addQueryParameter("delegator_user_id", delegatorUserId.toString()), "results", "next",
        Delegation.class);
  }

  @Override
  public Stream<Delegation> getDelegationsTo(UUID delegateUserId) {
    return paged("GET /delegations", url("delegations").addQueryParameter("delegate_user_id", delegateUserId.toString()), "results", "next",
        Delegation.class);
  }

  @Override
  public List<Tag> getGroupTags(UUID groupId) {
    String op = "GET /groups/{group_id}/tags";
    return tags(get(url("groups", groupId.toString(), "tags").build(), op), op);
  }

  @Override
  public List<Tag> getResourceTags(UUID resourceId) {
    String op = "GET /resources/{resource_id}/tags";
    return tags(get(url("resources", resourceId.toString(), "tags").build(), op), op);
  }

  /** Opal's {@code TagsList}: the schema names the list {@code tags}, its own example {@code results}; either is read. */
  private List<Tag> tags(JsonNode answer, String op) {
    return list(answer, answer.has("tags") || !answer.has("results") ? "tags" : "results", Tag.class, op);
  }

  @Override
  public void deleteContainingGroup(UUID groupId, UUID containingGroupId) {
    // DELETE is idempotent: retried like PUT.
    send("DELETE", url("groups", groupId.toString(), "containing-groups", containingGroupId.toString()).build(), null,
        "DELETE /groups/{group_id}/containing-groups/{containing_group_id}", true);
  }

  // ---- users ----

  @Override
  public Optional<User> getUserByEmail(String email) {
    return getUser(url("user").addQueryParameter("email", email).build());
  }

  @Override
  public Optional<User> getUserById(UUID userId) {
    return getUser(url("user").addQueryParameter("user_id", userId.toString()).build());
  }

  private Optional<User> getUser(HttpUrl url) {
    try {
      return Optional.of(read(get(url, "GET /user"), User.class, "GET /user"));
    } catch (OpalNotFoundException e) {
      return Optional.empty();
    }
  }

  @Override
  public Stream<User> getUsers() {
    return paged("GET /users", url("users"), "results", "next", User.class);
  }

  @Override
  public Stream<Resource> getResources(String nameFilter) {
    HttpUrl.Builder url = url("resources");
    if (nameFilter != null && !nameFilter.isBlank()) url.addQueryParameter("resource_name", nameFilter);
    return paged("GET /resources", url, "results", "next", Resource.class);
  }

  @Override
  public List<User> getOwnerUsers(UUID ownerId) {
    String op = "GET /owners/{owner_id}/users";
    return list(get(url("owners", ownerId.toString(), "users").build(), op), "users", User.class, op);
  }

  // ---- requests ----

  /** Not retried after a 5xx or network error (see {@link #addGroupUser}); callers look at pending requests instead. */
  @Override
  public UUID createRequest(CreateRequest request) {
    String op = "POST /requests";
    ObjectNode body = json.createObjectNode();
    var resources = body.putArray("resources");
    var groups = body.putArray("groups");
    for (CreateRequest.Item item : request.items()) {
      ObjectNode entry = (item.kind() == CreateRequest.Item.Kind.RESOURCE ? resources : groups).addObject();
      entry.put("id", item.id().toString());
      if (item.accessLevelRemoteId() != null && !item.accessLevelRemoteId().isEmpty()) {
        entry.put("access_level_remote_id", item.accessLevelRemoteId());
      }
    }
    body.put("target_group_id", request.targetGroupId().toString());
    body.put("reason", request.reason());
    // For requests Opal spells "indefinite" as -1 (for group users it is 0).
    body.put("duration_minutes", request.duration().isIndefinite() ? -1 : request.duration().toOpalMinutes());
    request.supportTicket().ifPresent(t -> body.putObject("support_ticket")
        .put("ticketing_provider", t.ticketingProvider()).put("remote_id", t.remoteId())
        .put("identifier", t.identifier()).put("url", t.url()));
    JsonNode answer = send("POST", url("requests").build(), body, op, false);
    try {
      return UUID.fromString(answer.path("id").asText());
    } catch (IllegalArgumentException e) {
      throw new OpalMalformedResponseException(200, op, "no request id in the answer", e);
    }
  }

  @Override
  public Request getRequest(UUID requestId) {
    return read(get(url("requests", requestId.toString()).build(), "GET /requests/{id}"), Request.class, "GET /requests/{id}");
  }

  @Override
  public Stream<Request> getPendingRequests() {
    return paged("GET /requests", url("requests").addQueryParameter("show_pending_only", "true"), "requests", "cursor", Request.class);
  }

  @Override
  public Stream<Request> getRequestsForItem(boolean group, UUID itemId) {
    return paged("GET /requests", url("requests").addQueryParameter(group ? "group_id" : "resource_id", itemId.toString()),
        "requests", "cursor", Request.class);
  }

  /** Approving twice is harmless, but a retried approval after a lost answer would be refused as "not pending"; so no blind retry. */
  @Override
  public Request approveRequest(UUID requestId, String comment) {
    String op = "POST /requests/{id}/approve";
    ObjectNode body = json.createObjectNode().put("level", "REGULAR");
    if (comment != null && !comment.isBlank()) {
      body.put("comment", comment);
    }
    return read(send("POST", url("requests", requestId.toString(), "approve").build(), body, op, false).path("request"), Request.class, op);
  }

  @Override
  public Request denyRequest(UUID requestId, String comment) {
    String op = "POST /requests/{id}/deny";
    ObjectNode body = json.createObjectNode().put("comment", comment == null ? "" : comment);
    return read(send("POST", url("requests", requestId.toString(), "deny").build(), body, op, false).path("request"), Request.class, op);
  }

  /** A cheap health probe: one group, no retries; false on any failure. */
  public boolean isReachable() {
    try {
      HttpUrl url = url("groups").addQueryParameter("page_size", "1").build();
      okhttp3.Request request = new Builder().url(url).header("Authorization", "Bearer " + settings.apiToken())
          .header("Accept", "application/json").header("User-Agent", USER_AGENT).get().build();
      try (Response response = http.newCall(request).execute()) {
        return response.isSuccessful();
      }
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  // ---- transport ----

  /**
   * A lazy stream over every page of a list endpoint: each page re-sends the first page's filters with the
   * cursor of the page before.
   */
  private <T> Stream<T> paged(String op, HttpUrl.Builder url, String itemsField, String cursorField, Class<T> type) {
    HttpUrl first = url.addQueryParameter("page_size", String.valueOf(settings.pageSize())).build();
    return Pages.stream(cursor -> {
      HttpUrl page = cursor == null ? first : first.newBuilder().addQueryParameter("cursor", cursor).build();
      return page(get(page, op), itemsField, cursorField, type, op);
    });
  }

  private HttpUrl.Builder url(String... segments) {
    HttpUrl.Builder b = base.newBuilder();
    for (String s : segments) {
      b.addPathSegment(s);
    }
    return b;
  }

  private JsonNode get(HttpUrl url, String op) {
    return send("GET", url, null, op, true);
  }

  /** A response read whole, so a retried attempt never leaks a connection. */
  private record Answer(int status, String body, String retryAfter) {}

  /**
   * Sends one call with the retry policy for its kind and returns the JSON body of a 2xx answer.
   *
   * @param idempotent GET, PUT and DELETE: retried on 5xx and network errors; POST only on 429
   */
  private JsonNode send(String method, HttpUrl url, JsonNode body, String op, boolean idempotent) {
    okhttp3.Request request = new Builder()
        .url(url)
        .header("Authorization", "Bearer " + settings.apiToken())
        .header("Accept", "application/json")
        .header("User-Agent", USER_AGENT)
        .method(method, body == null ? (method.equals("GET") || method.equals("DELETE") ? null : RequestBody.create(new byte[0], JSON))
            : RequestBody.create(body.toString(), JSON))
        .build();
    RetryPolicy<Answer> policy = RetryPolicy.<Answer>builder()
        .handleIf((answer, failure) -> failure != null ? idempotent && failure instanceof IOException
            : answer.status() == 429 || (idempotent && answer.status() >= 500))
        .withDelayFn(ctx -> delayBefore(ctx.getAttemptCount(), ctx.getLastResult()))
        .withMaxAttempts(settings.maxAttempts())
        .withMaxDuration(settings.maxRetryTime())
        .abortIf((answer, failure) -> answer != null && answer.status() == 429 && tooLong(retryAfter(answer)))
        .onRetryScheduled(e -> {
          retryObserver.accept(e.getDelay());
          LOG.warn("{} {} (attempt {}); retrying in {} ms", op,
              e.getLastException() != null ? "failed: " + e.getLastException().getClass().getSimpleName() : "answered " + e.getLastResult().status(),
              e.getAttemptCount(), e.getDelay().toMillis());
        })
        .build();
    Answer answer;
    long started = System.nanoTime();
    try {
      OkHttpClient client = idempotent ? http : httpOnce;
      answer = Failsafe.with(policy).get(ctx -> attempt(client, request, op, ctx.getAttemptCount() + 1));
    } catch (FailsafeException e) {
      record(op, "io_error", started);
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new OpalUnavailableException(op, describe(cause), cause);
    }
    record(op, String.valueOf(answer.status()), started);
    if (answer.status() >= 200 && answer.status() < 300) {
      if (answer.body().isBlank()) {
        return json.createObjectNode();
      }
      try {
        return json.readTree(answer.body());
      } catch (JsonProcessingException e) {
        throw new OpalMalformedResponseException(answer.status(), op, "the answer is not JSON", e);
      }
    }
    throw failure(answer, op);
  }

  private Answer attempt(OkHttpClient client, okhttp3.Request request, String op, int attempt) throws IOException {
    long started = System.nanoTime();
    try (Response response = client.newCall(request).execute()) {
      ResponseBody body = response.body();
      Answer answer = new Answer(response.code(), body == null ? "" : body.string(), response.header("Retry-After"));
      LOG.debug("{} -> {} in {} ms (attempt {})", op, answer.status(), (System.nanoTime() - started) / 1_000_000, attempt);
      return answer;
    }
  }

  private OpalException failure(Answer answer, String op) {
    String message = opalMessage(answer.body());
    int status = answer.status();
    if (status == 404) return new OpalNotFoundException(op, message);
    if (status == 401 || status == 403) return new OpalUnauthorizedException(status, op, message);
    if (status == 429) return new OpalRateLimitedException(op, message);
    if (status >= 500) return new OpalServerException(status, op, message);
    return new OpalBadRequestException(status, op, message);
  }

  /** Opal's message from an error body: {@code message}, else {@code error}, else the text itself, shortened. */
  private String opalMessage(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      JsonNode node = json.readTree(body);
      for (String field : List.of("message", "error", "detail")) {
        if (node.path(field).isTextual()) {
          return clip(node.path(field).asText());
        }
      }
    } catch (JsonProcessingException e) {
      // not JSON: fall through to the raw text
    }
    return clip(body.strip());
  }

  private static String clip(String text) {
    return text.length() <= MESSAGE_LIMIT ? text : text.substring(0, MESSAGE_LIMIT) + "…";
  }

  /**
   * The wait before the next attempt: exactly what a 429's {@code Retry-After} asks (never less), otherwise
   * exponential backoff from {@code backoff}, capped at {@code maxBackoff}, with ±25% jitter so that many
   * clients retrying together spread out.
   */
  private Duration delayBefore(int attemptsSoFar, Answer last) {
    Duration asked = retryAfter(last);
    if (asked != null) {
      return asked;
    }
    long base = settings.backoff().toNanos() << Math.min(Math.max(attemptsSoFar - 1, 0), 20);
    long capped = Math.min(base, settings.maxBackoff().toNanos());
    double jitter = 0.75 + java.util.concurrent.ThreadLocalRandom.current().nextDouble() * 0.5;
    return Duration.ofNanos((long) (capped * jitter));
  }

  /** The wait a 429 asks for (seconds or an HTTP date), or null when it gives none. */
  static Duration retryAfter(Answer answer) {
    if (answer == null || answer.status() != 429 || answer.retryAfter() == null) {
      return null;
    }
    return parseRetryAfter(answer.retryAfter(), Instant.now());
  }

  static Duration parseRetryAfter(String value, Instant now) {
    String v = value.strip();
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
    } catch (NumberFormatException e) {
      try {
        Duration d = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException ignored) {
        return null;
      }
    }
  }

  private boolean tooLong(Duration wait) {
    return wait != null && wait.compareTo(settings.maxRetryAfter()) > 0;
  }

  private <T> T read(JsonNode node, Class<T> type, String op) {
    try {
      return json.treeToValue(node, type);
    } catch (JsonProcessingException e) {
      throw new OpalMalformedResponseException(200, op, "unexpected answer: " + e.getOriginalMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new OpalMalformedResponseException(200, op, "unexpected answer: " + e.getMessage(), e);
    }
  }

  private <T> List<T> list(JsonNode node, String field, Class<T> type, String op) {
    JsonNode items = node.path(field);
    if (!items.isArray()) {
      throw new OpalMalformedResponseException(200, op, "no \"" + field + "\" list in the answer", null);
    }
    JavaType listType = json.getTypeFactory().constructCollectionType(List.class, type);
    try {
      return json.convertValue(items, listType);
    } catch (IllegalArgumentException e) {
      throw new OpalMalformedResponseException(200, op, "unexpected answer: " + e.getMessage(), e);
    }
  }

  private <T> Pages.Page<T> page(JsonNode node, String itemsField, String cursorField, Class<T> type, String op) {
    JsonNode next = node.path(cursorField);
    return new Pages.Page<>(list(node, itemsField, type, op), next.isTextual() ? next.asText() : null);
  }

  private void record(String op, String status, long startedNanos) {
    if (metrics != null) {
      Timer.builder("opal.calls").description("Calls to the Opal API, retries included")
          .tag("endpoint", op).tag("status", status).register(metrics)
          .record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }
  }

  private static String describe(Throwable cause) {
    if (cause instanceof java.net.SocketTimeoutException || cause instanceof java.io.InterruptedIOException) {
      return "timed out";
    }
    if (cause instanceof java.net.ConnectException) {
      return "connection refused";
    }
    return cause.getClass().getSimpleName();
  }

  @Override
  public String toString() {
    return "OpalClient[" + base + "]";
  }
}
