package dev.opaljitbot.sandbox.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * The stand-in's Socket Mode, as Slack runs it: {@code apps.connections.open} hands out a {@code ws://} URL
 * to this server; a connecting app is greeted with {@code hello}; slash commands, interactions, options loads
 * and events are delivered as envelopes to one connected app at a time, and each must be acknowledged (with
 * its response payload) within 3 seconds. It can ask the app to reconnect ({@code disconnect}).
 */
public final class SocketModeLink implements AutoCloseable {
  /** Slack's deadline for an envelope's acknowledgement. */
  public static final Duration ACK_DEADLINE = Duration.ofSeconds(3);

  private final ObjectMapper json = new ObjectMapper();
  private final List<WebSocket> open = new CopyOnWriteArrayList<>();
  /** Connections told to reconnect: as Slack, no envelope goes to them any more. */
  private final java.util.Set<WebSocket> retiring = ConcurrentHashMap.newKeySet();
  private final Map<String, CompletableFuture<JsonNode>> awaiting = new ConcurrentHashMap<>();
  private final List<String> unexpectedAcks = new CopyOnWriteArrayList<>();
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger connectionsMade = new AtomicInteger();
  private final Server server;

  SocketModeLink() {
    server = new Server(new InetSocketAddress("127.0.0.1", 0));
    server.setReuseAddr(true);
    server.setDaemon(true);
    server.start();
    try {
      server.started.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the stand-in's Socket Mode server did not start", e);
    }
  }

  /** A fresh connection URL, as {@code apps.connections.open} returns it. */
  String newConnectionUrl() {
    return "ws://127.0.0.1:" + server.getPort() + "/link/?ticket=" + UUID.randomUUID();
  }

  /** How many apps are connected now. */
  public int connections() {
    return open.size();
  }

  /** How many connections apps have opened so far (a reconnect adds one). */
  public int connectionsMade() {
    return connectionsMade.get();
  }

  /** Waits until at least one app is connected (after start-up or a reconnect). */
  public void awaitConnected(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (open.isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no app connected over Socket Mode within " + timeout);
      }
      pause();
    }
  }

  /** Waits until {@code count} connections were made in all (e.g. one more after a disconnect). */
  public void awaitConnectionsMade(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (connectionsMade.get() < count || open.stream().allMatch(retiring::contains)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("expected " + count + " connections, saw " + connectionsMade.get());
      }
      pause();
    }
  }

  /**
   * Delivers one envelope ({@code slash_commands}, {@code interactive} or {@code events_api}) to a connected app
   * and returns its acknowledgement's payload (an empty object when it had none).
   *
   * @throws AssertionError when no app is connected or none acknowledged within Slack's 3 seconds
   */
  public JsonNode deliver(String type, JsonNode payload) {
    List<WebSocket> usable = open.stream().filter(ws -> !retiring.contains(ws)).toList();
    if (usable.isEmpty()) {
      throw new AssertionError("no app is connected over Socket Mode");
    }
    String envelopeId = UUID.randomUUID().toString();
    ObjectNode envelope = json.createObjectNode().put("envelope_id", envelopeId).put("type", type)
        .put("accepts_response_payload", !type.equals("events_api")).put("retry_attempt", 0).put("retry_reason", "");
    envelope.set("payload", payload);
    CompletableFuture<JsonNode> ack = new CompletableFuture<>();
    awaiting.put(envelopeId, ack);
    WebSocket to = usable.get(Math.floorMod(next.getAndIncrement(), usable.size()));
    to.send(envelope.toString());
    try {
      return ack.get(ACK_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(type + " envelope not acknowledged within " + ACK_DEADLINE.toSeconds() + " s");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      awaiting.remove(envelopeId);
    }
  }

  /**
   * Delivers what Slack would have posted over HTTP as form fields: an interaction (its {@code payload}
   * field) or a slash command (the fields themselves); returns the acknowledgement's payload.
   */
  public JsonNode deliverForm(Map<String, String> fields) {
    try {
      if (fields.containsKey("payload")) {
        return deliver("interactive", json.readTree(fields.get("payload")));
      }
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("the payload is not JSON", e);
    }
    ObjectNode command = json.createObjectNode();
    fields.forEach(command::put);
    return deliver("slash_commands", command);
  }

  /** Asks every connected app to reconnect, as Slack does before it recycles a connection; then closes them. */
  public void disconnect(String reason) {
    for (WebSocket ws : open) {
      retiring.add(ws);
      ws.send(json.createObjectNode().put("type", "disconnect").put("reason", reason).toString());
    }
    // Slack closes the old connection shortly after; the app is expected to have opened a new one by then.
    CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS).execute(() -> {
      for (WebSocket ws : open) {
        ws.close(1000, "disconnect: " + reason);
      }
    });
  }

  /** Drops every connection without a word, as a network failure would. */
  public void dropConnections() {
    for (WebSocket ws : open) {
      ws.closeConnection(1006, "dropped");
    }
  }

  /** Acknowledgements for envelopes that were not (or no longer) awaited: a second ack, or one too late. */
  public List<String> unexpectedAcks() {
    return List.copyOf(unexpectedAcks);
  }

  @Override
  public void close() {
    try {
      server.stop(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private final class Server extends WebSocketServer {
    final CompletableFuture<Void> started = new CompletableFuture<>();

    Server(InetSocketAddress address) {
      super(address);
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
      // As Slack: hello first; only then is the connection used for envelopes.
      ObjectNode hello = json.createObjectNode().put("type", "hello").put("num_connections", open.size() + 1);
      hello.putObject("connection_info").put("app_id", "A0SANDBOX");
      hello.putObject("debug_info").put("host", "stand-in").put("approximate_connection_time", 18060);
      conn.send(hello.toString());
      open.add(conn);
      connectionsMade.incrementAndGet();
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
      open.remove(conn);
      retiring.remove(conn);
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
      try {
        JsonNode ack = json.readTree(message);
        String id = ack.path("envelope_id").asText("");
        CompletableFuture<JsonNode> waiting = awaiting.get(id);
        if (waiting == null || !waiting.complete(ack.has("payload") ? ack.get("payload") : json.createObjectNode())) {
          unexpectedAcks.add(message);
        }
      } catch (Exception e) {
        unexpectedAcks.add(message);
      }
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
      if (conn == null) {
        started.completeExceptionally(ex);
      }
    }

    @Override
    public void onStart() {
      started.complete(null);
    }
  }
}
