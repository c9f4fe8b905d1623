package dev.opaljitbot.opal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OpalJsonTest {
  private final ObjectMapper json = OpalJson.mapper();

  @Test
  void a_group_type_opal_added_later_and_unknown_fields_do_not_break_parsing() throws Exception {
    Group g = json.readValue("""
        {"group_id":"33333333-3333-4333-8333-000000000001","name":"Quantum","group_type":"QUANTUM_ENTANGLEMENT_GROUP",
         "brand_new_field":{"nested":[1,2]},"max_duration":60}""", Group.class);
    assertEquals(GroupType.UNKNOWN, g.groupType());
    assertEquals("Quantum", g.name());
    assertEquals(Duration.ofHours(1), g.maxAccessDuration().orElseThrow());
  }

  @Test
  void an_unknown_request_status_parses_as_unknown() throws Exception {
    Request r = json.readValue("""
        {"id":"55555555-5555-4555-8555-000000000001","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z",
         "requester_id":"11111111-1111-4111-8111-000000000001","status":"ESCALATED","reason":"x"}""", Request.class);
    assertEquals(RequestStatus.UNKNOWN, r.status());
    assertFalse(r.isPending());
  }

  @Test
  void reviewer_stages_may_be_an_error_string() throws Exception {
    Request r = json.readValue("""
        {"id":"55555555-5555-4555-8555-000000000001","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z",
         "requester_id":"11111111-1111-4111-8111-000000000001","status":"PENDING","reason":"x",
         "reviewer_stages":"could not load reviewers"}""", Request.class);
    assertEquals("could not load reviewers", r.reviewerStagesError());
    assertTrue(r.reviewerStages().isEmpty());
    assertFalse(json.writeValueAsString(r).contains("reviewer_stages_error"));
  }

  @Test
  void reviewer_stages_as_a_list_are_read() throws Exception {
    Request r = json.readValue("""
        {"id":"55555555-5555-4555-8555-000000000001","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z",
         "requester_id":"11111111-1111-4111-8111-000000000001","status":"PENDING","reason":"x",
         "reviewer_stages":[{"item_name":"prod","item_id":"44444444-4444-4444-8444-000000000001",
           "stages":[{"stage":1,"operator":"OR","reviewers":[{"id":"11111111-1111-4111-8111-000000000003","status":"MAYBE"}]}]}]}""",
        Request.class);
    RequestReviewer reviewer = r.reviewerStages().get(0).stages().get(0).reviewers().get(0);
    assertEquals(RequestReviewer.Status.UNKNOWN, reviewer.status());
    assertNull(r.reviewerStagesError());
  }

  @Test
  void expirations_are_read_and_written_as_iso_instants() throws Exception {
    GroupUser u = json.readValue("""
        {"group_id":"33333333-3333-4333-8333-000000000001","user_id":"11111111-1111-4111-8111-000000000001",
         "email":"a@example.com","full_name":"A","group_name":"G","description":"","expiration_date":"2022-01-23T04:56:07.000Z"}""",
        GroupUser.class);
    assertEquals(Instant.parse("2022-01-23T04:56:07Z"), u.expirationDate());
    assertTrue(json.writeValueAsString(u).contains("\"expiration_date\":\"2022-01-23T04:56:07Z\""));
  }

  @Test
  void retry_after_is_read_as_seconds_or_an_http_date() {
    Instant now = Instant.parse("2026-11-24T10:00:00Z");
    assertEquals(Duration.ofSeconds(7), OpalClient.parseRetryAfter("7", now));
    assertEquals(Duration.ofSeconds(30), OpalClient.parseRetryAfter("Tue, 24 Nov 2026 10:00:30 GMT", now));
    assertEquals(Duration.ZERO, OpalClient.parseRetryAfter("Tue, 24 Nov 2026 09:00:00 GMT", now));
    assertNull(OpalClient.parseRetryAfter("soon", now));
  }
}
