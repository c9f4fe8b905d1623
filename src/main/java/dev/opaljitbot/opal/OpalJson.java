package dev.opaljitbot.opal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one JSON mapping for Opal: snake_case names, ISO-8601 instants, unknown fields ignored and unknown
 * enum values read as {@code UNKNOWN} (Opal adds group types and statuses often), nulls left out.
 */
public final class OpalJson {
  private OpalJson() {}

  public static ObjectMapper mapper() {
    ObjectMapper mapper = new ObjectMapper()
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .registerModule(new JavaTimeModule())
        .registerModule(new SimpleModule("opal").addDeserializer(Request.class, new RequestDeserializer()))
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
        .configure(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE, true)
        .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false)
        .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    return mapper;
  }

  /**
   * Opal's {@code reviewer_stages} is either the stages or an error string; everything else is read the
   * usual way.
   */
  private static final class RequestDeserializer extends StdDeserializer<Request> {
    private static final TypeReference<List<RequestReviewerStages>> STAGES = new TypeReference<>() {};

    RequestDeserializer() {
      super(Request.class);
    }

    @Override
    public Request deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      ObjectMapper codec = (ObjectMapper) p.getCodec();
      JsonNode node = codec.readTree(p);
      JsonNode stages = node.get("reviewer_stages");
      List<RequestReviewerStages> parsedStages = new ArrayList<>();
      String stagesError = null;
      if (stages != null && stages.isArray()) {
        parsedStages = codec.convertValue(stages, STAGES);
      } else if (stages != null && stages.isTextual()) {
        stagesError = stages.asText();
      }
      Request plain = codec.convertValue(((com.fasterxml.jackson.databind.node.ObjectNode) node.deepCopy()).without("reviewer_stages"), RequestFields.class).toRequest(parsedStages, stagesError);
      return plain;
    }
  }

  /** The fields of {@link Request} other than the polymorphic stages. */
  private record RequestFields(
      java.util.UUID id,
      java.time.Instant createdAt,
      java.time.Instant updatedAt,
      java.util.UUID requesterId,
      java.util.UUID targetUserId,
      java.util.UUID targetGroupId,
      RequestStatus status,
      String reason,
      Integer durationMinutes,
      List<RequestedItem> requestedItemsList) {
    Request toRequest(List<RequestReviewerStages> stages, String stagesError) {
      return new Request(id, createdAt, updatedAt, requesterId, targetUserId, targetGroupId, status, reason, durationMinutes,
          requestedItemsList, stages, stagesError);
    }
  }
}
