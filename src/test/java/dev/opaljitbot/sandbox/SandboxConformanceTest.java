package dev.opaljitbot.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.ValidationMessage;
import dev.opaljitbot.testing.OpalSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint the sandbox implements answers with bodies valid against Opal's OpenAPI spec, and the
 * requests sent here are valid against it too. Raw HTTP, so nothing of the client hides a mistake.
 */
class SandboxConformanceTest {
  static final String FALCON = "33333333-3333-4333-8333-000000000001";
  static final String ADA = "11111111-1111-4111-8111-000000000001";
  static final String DEV = "11111111-1111-4111-8111-000000000004";
  static final String PLATFORM = "22222222-2222-4222-8222-000000000001";
  static final String LEDGER = "44444444-4444-4444-8444-000000000004";
  static final String GUILD = "33333333-3333-4333-8333-000000000006";

  private static final OpalSpec SPEC = new OpalSpec();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final SandboxClock CLOCK = new SandboxClock(Instant.parse("2026-11-24T09:00:00Z"), ZoneOffset.UTC);
  private static OpalSandbox sandbox;
  private static final List<String> checked = java.util.Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void start() {
    sandbox = OpalSandbox.builder().clock(CLOCK).start();
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static JsonNode call(String method, String specPath, String path, JsonNode body) throws Exception {
    if (body != null) {
      Set<ValidationMessage> requestProblems = SPEC.checkRequest(method, specPath, body);
      assertTrue(requestProblems.isEmpty(), method + " " + path + " request: " + requestProblems);
    }
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
        .header("Authorization", "Bearer sandbox-token")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
    HttpResponse<String> resp = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, resp.statusCode(), method + " " + path + ": " + resp.body());
    if (resp.body().isEmpty()) {
      return null;
    }
    JsonNode answer = JSON.readTree(resp.body());
    Set<ValidationMessage> problems = SPEC.checkResponse(method, specPath, 200, answer);
    assertTrue(problems.isEmpty(), method + " " + path + " response " + answer + ": " + problems);
    checked.add(method + " " + specPath);
    return answer;
  }

  private static int status(String method, String path, String body, String token) throws Exception {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      req.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  @Test
  void every_implemented_endpoint_answers_within_the_spec() throws Exception {
    call("GET", "/groups", "/groups?page_size=2", null);
    JsonNode page2 = call("GET", "/groups", "/groups?page_size=2&cursor=" + call("GET", "/groups", "/groups?page_size=2", null).path("next").asText(), null);
    assertTrue(page2.has("previous"));
    call("GET", "/groups/{group_id}", "/groups/" + FALCON, null);
    call("GET", "/groups/{group_id}/users", "/groups/" + FALCON + "/users", null);
    ObjectNode add = JSON.createObjectNode().put("duration_minutes", 60).put("access_level_remote_id", "");
    JsonNode added = call("POST", "/groups/{group_id}/users/{user_id}", "/groups/" + FALCON + "/users/" + DEV, add);
    assertEquals("2026-11-24T10:00:00Z", added.path("expiration_date").asText());
    call("PUT", "/groups/{group_id}/users/{user_id}", "/groups/" + FALCON + "/users/" + DEV, JSON.createObjectNode().put("duration_minutes", 0));
    call("GET", "/groups/users/{user_id}", "/groups/users/" + DEV, null);
    call("DELETE", "/groups/{group_id}/users/{user_id}", "/groups/" + FALCON + "/users/" + DEV, null);
    call("GET", "/user", "/user?email=ada@example.com", null);
    call("GET", "/user", "/user?user_id=" + ADA, null);
    call("GET", "/users", "/users", null);
    call("GET", "/resources", "/resources?resource_name=prod", null);
    call("GET", "/owners/{owner_id}/users", "/owners/" + PLATFORM + "/users", null);
    call("GET", "/groups/{group_id}/tags", "/groups/" + FALCON + "/tags", null);
    JsonNode delegations = call("GET", "/delegations", "/delegations?delegator_user_id=11111111-1111-4111-8111-000000000003", null);
    assertEquals("11111111-1111-4111-8111-000000000004", delegations.path("results").get(0).path("delegate_user_id").asText());
    JsonNode tags = call("GET", "/resources/{resource_id}/tags", "/resources/44444444-4444-4444-8444-000000000002/tags", null);
    assertEquals("data-classification", tags.path("tags").get(0).path("key").asText());

    ObjectNode request = JSON.createObjectNode();
    request.putArray("resources").addObject().put("id", LEDGER);
    request.putArray("groups");
    request.put("target_group_id", FALCON).put("reason", "quarter close").put("duration_minutes", 120);
    String id = call("POST", "/requests", "/requests", request).path("id").asText();
    call("GET", "/requests/{id}", "/requests/" + id, null);
    call("POST", "/requests/{id}/comments", "/requests/" + id + "/comments", JSON.createObjectNode().put("comment", "which ledger?"));
    JsonNode comments = call("GET", "/requests/{id}/comments", "/requests/" + id + "/comments", null);
    assertEquals("which ledger?", comments.path("comments").get(0).path("comment").asText());
    call("GET", "/requests", "/requests?show_pending_only=true", null);
    call("POST", "/requests/{id}/approve", "/requests/" + id + "/approve", JSON.createObjectNode().put("level", "REGULAR"));
    JsonNode approved = call("POST", "/requests/{id}/approve", "/requests/" + id + "/approve", JSON.createObjectNode().put("level", "REGULAR"));
    assertEquals("APPROVED", approved.path("request").path("status").asText());
    JsonNode resources = call("GET", "/groups/{group_id}/resources", "/groups/" + FALCON + "/resources", null);
    assertEquals(LEDGER, resources.path("group_resources").get(0).path("resource_id").asText());

    ObjectNode nested = JSON.createObjectNode();
    nested.putArray("resources");
    nested.putArray("groups").addObject().put("id", GUILD);
    nested.put("target_group_id", FALCON).put("reason", "shared dashboards").put("duration_minutes", 90);
    String nestedId = call("POST", "/requests", "/requests", nested).path("id").asText();
    call("POST", "/requests/{id}/approve", "/requests/" + nestedId + "/approve", JSON.createObjectNode().put("level", "ADMIN"));
    JsonNode containing = call("GET", "/groups/{group_id}/containing-groups", "/groups/" + FALCON + "/containing-groups", null);
    assertEquals(GUILD, containing.path("containing_groups").get(0).path("containing_group_id").asText());
    assertEquals(90, containing.path("containing_groups").get(0).path("duration_minutes").asInt());
    HttpResponse<String> left = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/groups/" + FALCON + "/containing-groups/" + GUILD))
        .header("Authorization", "Bearer sandbox-token").DELETE().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(204, left.statusCode(), "as the spec documents");
    assertEquals(0, call("GET", "/groups/{group_id}/containing-groups", "/groups/" + FALCON + "/containing-groups", null)
        .path("containing_groups").size());
    assertEquals(LEDGER, call("GET", "/groups/{group_id}/resources", "/groups/" + FALCON + "/resources", null)
        .path("group_resources").get(0).path("resource_id").asText(), "leaving a group leaves the group's resources as they were");

    ObjectNode another = request.deepCopy().put("reason", "again");
    String second = call("POST", "/requests", "/requests", another).path("id").asText();
    call("POST", "/requests/{id}/deny", "/requests/" + second + "/deny", JSON.createObjectNode().put("comment", "no"));
    // Every operation with a JSON answer was validated (DELETE answers with an empty body).
    assertEquals(Set.of("GET /groups", "GET /groups/{group_id}", "GET /groups/{group_id}/users",
        "POST /groups/{group_id}/users/{user_id}", "PUT /groups/{group_id}/users/{user_id}", "GET /groups/users/{user_id}",
        "GET /groups/{group_id}/resources", "GET /user", "GET /users", "GET /resources", "GET /owners/{owner_id}/users",
        "POST /requests", "GET /requests/{id}", "GET /requests", "POST /requests/{id}/approve", "POST /requests/{id}/deny",
        "GET /groups/{group_id}/containing-groups", "GET /groups/{group_id}/tags", "GET /resources/{resource_id}/tags", "GET /delegations",
        "POST /requests/{id}/comments", "GET /requests/{id}/comments"),
        Set.copyOf(checked));
  }

  @Test
  void removing_a_member_answers_as_the_spec_documents_it_with_no_body_and_no_json_type() throws Exception {
    String path = "/groups/" + FALCON + "/users/" + DEV;
    call("POST", "/groups/{group_id}/users/{user_id}", path, JSON.createObjectNode().put("duration_minutes", 30));
    HttpResponse<String> resp = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
        .header("Authorization", "Bearer sandbox-token").DELETE().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, resp.statusCode());
    assertEquals("", resp.body());
    // The spec gives this answer no content; an empty body labelled JSON is not valid JSON.
    assertTrue(resp.headers().firstValue("Content-Type").isEmpty(), resp.headers().map().toString());
  }

  @Test
  void the_validator_really_rejects_a_wrong_body() throws Exception {
    JsonNode good = JSON.readTree("{\"group_id\":\"" + FALCON + "\",\"group_name\":\"G\",\"description\":\"\",\"user_id\":\"" + ADA
        + "\",\"full_name\":\"Ada\",\"email\":\"ada@example.com\",\"expiration_date\":null}");
    assertTrue(SPEC.checkComponent("GroupUser", good).isEmpty(), "nullable expiration_date is fine");
    assertFalse(SPEC.checkComponent("GroupUser", ((ObjectNode) good.deepCopy()).without("email")).isEmpty(), "email is required");
    assertFalse(SPEC.checkComponent("GroupUser", ((ObjectNode) good.deepCopy()).put("expiration_date", 5)).isEmpty());
    assertFalse(SPEC.checkComponent("GroupUser", ((ObjectNode) good.deepCopy()).put("user_id", "not-a-uuid")).isEmpty());
    assertFalse(SPEC.checkResponse("GET", "/groups", 200, JSON.readTree("{\"next\":null}")).isEmpty(), "results is required");
  }

  @Test
  void errors_are_answered_as_opal_does() throws Exception {
    assertEquals(401, status("GET", "/groups", null, null));
    assertEquals(401, status("GET", "/groups", null, "wrong"));
    assertEquals(400, status("GET", "/groups/not-a-uuid", null, "sandbox-token"));
    assertEquals(400, status("GET", "/groups/users/not-a-uuid", null, "sandbox-token"));
    assertEquals(404, status("GET", "/groups/33333333-3333-4333-8333-999999999999", null, "sandbox-token"));
    assertEquals(404, status("GET", "/user?email=finn@example.com", null, "sandbox-token"));
    assertEquals(400, status("GET", "/groups?page_size=1001", null, "sandbox-token"));
    assertEquals(400, status("GET", "/groups?cursor=forged", null, "sandbox-token"));
    assertEquals(400, status("POST", "/groups/" + FALCON + "/users/" + DEV, "{not json", "sandbox-token"));
    assertEquals(400, status("POST", "/groups/" + FALCON + "/users/" + DEV, "{\"duration_minutes\": 600000}", "sandbox-token"));
    assertEquals(400, status("PUT", "/groups/" + FALCON + "/users/" + DEV, "{}", "sandbox-token"));
    assertEquals(400, status("POST", "/requests", "{\"reason\":\"x\"}", "sandbox-token"));
    assertEquals(400, status("POST", "/requests/" + FALCON + "/deny", "{}", "sandbox-token"));
  }

  @Test
  void a_cursor_from_one_listing_cannot_be_replayed_on_another() throws Exception {
    String cursor = call("GET", "/groups", "/groups?page_size=2", null).path("next").asText();
    assertEquals(400, status("GET", "/groups?page_size=2&group_type_filter=OKTA_GROUP&cursor=" + cursor, null, "sandbox-token"));
  }

  @Test
  void the_api_is_served_at_the_root_too() throws Exception {
    HttpResponse<String> resp = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sandbox.port() + "/groups/" + FALCON))
        .header("Authorization", "Bearer sandbox-token").build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, resp.statusCode());
    assertTrue(resp.body().contains("Project Falcon"));
  }
}
