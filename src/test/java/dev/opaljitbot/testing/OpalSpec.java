package dev.opaljitbot.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opal's real OpenAPI spec (test resource {@code opal-api/openapi.yaml}, see its README) as a validator of
 * request and response bodies. The spec says 3.1 but uses 3.0's {@code nullable}, so the OpenAPI 3.0 dialect is used
 * as written, without editing the spec.
 */
public final class OpalSpec {
  /** Where the spec is: on the test classpath, so nothing outside the repository is read. */
  public static final URI FILE = TestResources.uri("opal-api/openapi.yaml");

  private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4,
      builder -> builder.metaSchema(OpenApi30.getInstance()).defaultMetaSchemaIri(OpenApi30.getInstance().getIri()));
  private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
      .nullableKeywordEnabled(true)
      .formatAssertionsEnabled(true)
      .build();
  private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

  /** Problems with a response body of {@code method path} (path as in the spec, e.g. /groups/{group_id}). */
  public Set<ValidationMessage> checkResponse(String method, String path, int status, JsonNode body) {
    return schema("/paths/" + escape(path) + "/" + method.toLowerCase() + "/responses/" + status + "/content/application~1json/schema")
        .validate(body);
  }

  /** Problems with a request body. */
  public Set<ValidationMessage> checkRequest(String method, String path, JsonNode body) {
    return schema("/paths/" + escape(path) + "/" + method.toLowerCase() + "/requestBody/content/application~1json/schema")
        .validate(body);
  }

  /** Problems with a body against a named component schema, e.g. GroupUser. */
  public Set<ValidationMessage> checkComponent(String name, JsonNode body) {
    return schema("/components/schemas/" + name).validate(body);
  }

  private JsonSchema schema(String pointer) {
    return schemas.computeIfAbsent(pointer,
        p -> factory.getSchema(SchemaLocation.of(FILE + "#" + p), config));
  }

  private static String escape(String path) {
    return path.replace("~", "~0").replace("/", "~1");
  }
}
