package dev.opaljitbot.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;

/**
 * The store over JDBC: an embedded SQLite file by default, PostgreSQL for several bot processes. Flyway
 * applies the schema; HikariCP pools connections (one for SQLite, whose writes are serialised anyway).
 */
public final class JdbcBotStore implements BotStore {
  private final HikariDataSource pool;

  private JdbcBotStore(HikariDataSource pool) {
    this.pool = pool;
  }

  /** Opens the database at {@code jdbcUrl} (creating a SQLite file's folder), and migrates it. */
  public static JdbcBotStore open(String jdbcUrl) {
    return open(jdbcUrl, null, null);
  }

  public static JdbcBotStore open(String jdbcUrl, String user, String password) {
    boolean sqlite = jdbcUrl.startsWith("jdbc:sqlite:");
    if (sqlite) {
      createFolderOf(jdbcUrl.substring("jdbc:sqlite:".length()));
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    if (user != null) config.setUsername(user);
    if (password != null) config.setPassword(password);
    config.setPoolName("bot-store");
    config.setMaximumPoolSize(sqlite ? 1 : 8);
    config.setConnectionTimeout(10_000);
    if (sqlite) {
      // Wait for a lock rather than fail when another connection (another process) writes.
      config.addDataSourceProperty("busy_timeout", "5000");
    }
    HikariDataSource pool = new HikariDataSource(config);
    try {
      Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
    } catch (RuntimeException e) {
      pool.close();
      throw new IllegalStateException("the store at " + redact(jdbcUrl) + " could not be prepared: " + e.getMessage(), e);
    }
    return new JdbcBotStore(pool);
  }

  private static void createFolderOf(String file) {
    if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) {
      return;
    }
    Path parent = Path.of(file).toAbsolutePath().getParent();
    try {
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the folder for the store " + file, e);
    }
  }

  /** A JDBC URL may carry a password: keep only scheme, host and database in messages. */
  static String redact(String jdbcUrl) {
    int query = jdbcUrl.indexOf('?');
    String base = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    return base.replaceAll("//[^@/]*@", "//");
  }

  @Override
  public void track(TrackedExpiry e, Instant seenAt) {
    // The sweep does not know when a membership was granted (0): it keeps what the bot recorded for the same end.
    update("INSERT INTO tracked_expiry (group_id, user_id, group_name, user_email, expires_at, seen_at, granted_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (group_id, user_id) DO UPDATE SET group_name = excluded.group_name, user_email = excluded.user_email,"
            + " granted_at = CASE WHEN excluded.granted_at = 0 AND excluded.expires_at = tracked_expiry.expires_at"
            + " THEN tracked_expiry.granted_at ELSE excluded.granted_at END,"
            + " expires_at = excluded.expires_at, seen_at = excluded.seen_at",
        e.groupId().toString(), e.userId().toString(), e.groupName(), e.userEmail(), e.expiresAt().toEpochMilli(), seenAt.toEpochMilli(),
        e.grantedAt().map(Instant::toEpochMilli).orElse(0L));
  }

  @Override
  public void untrack(UUID groupId, UUID userId) {
    update("DELETE FROM tracked_expiry WHERE group_id = ? AND user_id = ?", groupId.toString(), userId.toString());
  }

  @Override
  public List<TrackedExpiry> tracked() {
    return query("SELECT group_id, user_id, group_name, user_email, expires_at, granted_at FROM tracked_expiry ORDER BY expires_at");
  }

  @Override
  public List<TrackedExpiry> trackedIn(UUID groupId) {
    return query("SELECT group_id, user_id, group_name, user_email, expires_at, granted_at FROM tracked_expiry WHERE group_id = ? ORDER BY expires_at",
        groupId.toString());
  }

  @Override
  public boolean claim(Notice n, Instant at) {
    // ON CONFLICT DO NOTHING works the same in SQLite and PostgreSQL: one inserted row means "yours".
    return update("INSERT INTO sent_notice (group_id, user_id, expires_at, kind, lead_minutes, claimed_at) VALUES (?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT DO NOTHING",
        n.groupId().toString(), n.userId().toString(), n.expiresAt().toEpochMilli(), n.kind().name(), (int) n.lead().toMinutes(),
        at.toEpochMilli()) == 1;
  }

  @Override
  public boolean isClaimed(Notice n) {
    return exists("SELECT 1 FROM sent_notice WHERE group_id = ? AND user_id = ? AND expires_at = ? AND kind = ? AND lead_minutes = ?",
        n.groupId().toString(), n.userId().toString(), n.expiresAt().toEpochMilli(), n.kind().name(), (int) n.lead().toMinutes());
  }

  @Override
  public void silence(UUID groupId, UUID userId, Instant expiresAt, Instant at) {
    update("INSERT INTO silenced_expiry (group_id, user_id, expires_at, silenced_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
        groupId.toString(), userId.toString(), expiresAt.toEpochMilli(), at.toEpochMilli());
  }

  @Override
  public boolean isSilenced(UUID groupId, UUID userId, Instant expiresAt) {
    return exists("SELECT 1 FROM silenced_expiry WHERE group_id = ? AND user_id = ? AND expires_at = ?",
        groupId.toString(), userId.toString(), expiresAt.toEpochMilli());
  }

  private boolean exists(String sql, Object... args) {
    try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    } catch (SQLException e) {
      throw new StoreException("reading notices", e);
    }
  }

  @Override
  public void recordReminderMessage(ReminderMessage m) {
    update("INSERT INTO reminder_message (group_id, user_id, expires_at, channel_id, message_ts) VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT DO NOTHING",
        m.groupId().toString(), m.userId().toString(), m.expiresAt().toEpochMilli(), m.channelId(), m.messageTs());
  }

  @Override
  public List<ReminderMessage> reminderMessages(UUID groupId, UUID userId) {
    try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(
        "SELECT expires_at, channel_id, message_ts FROM reminder_message WHERE group_id = ? AND user_id = ? ORDER BY expires_at")) {
      s.setString(1, groupId.toString());
      s.setString(2, userId.toString());
      List<ReminderMessage> out = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(new ReminderMessage(groupId, userId, Instant.ofEpochMilli(r.getLong(1)), r.getString(2), r.getString(3)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("reading reminder messages", e);
    }
  }

  @Override
  public void forgetReminderMessage(ReminderMessage m) {
    update("DELETE FROM reminder_message WHERE group_id = ? AND user_id = ? AND expires_at = ? AND message_ts = ?",
        m.groupId().toString(), m.userId().toString(), m.expiresAt().toEpochMilli(), m.messageTs());
  }

  @Override
  public void recordRequest(RequestRecord r) {
    update("INSERT INTO access_request (request_id, target_group_id, requested_by_opal, requested_by_slack, status, created_at, ticket)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        r.requestId().toString(), r.targetGroupId().toString(), r.requestedByOpal().toString(), r.requestedBySlack(), r.status(),
        r.createdAt().toEpochMilli(), r.ticket());
  }

  @Override
  public java.util.Optional<RequestRecord> request(UUID requestId) {
    return requests(REQUEST_COLUMNS
        + " WHERE request_id = ?", requestId.toString()).stream().findFirst();
  }

  @Override
  public List<RequestRecord> requestsBy(String slackUserId, int limit) {
    return requests(REQUEST_COLUMNS + " WHERE requested_by_slack = ? ORDER BY created_at DESC LIMIT " + Math.max(1, limit), slackUserId);
  }

  @Override
  public List<RequestRecord> pendingRequests() {
    return requests(REQUEST_COLUMNS
        + " WHERE status = 'PENDING' ORDER BY created_at");
  }

  @Override
  public void setRequestStatus(UUID requestId, String status) {
    update("UPDATE access_request SET status = ? WHERE request_id = ?", status, requestId.toString());
  }

  @Override
  public void recordReviewMessage(ReviewMessage m) {
    update("INSERT INTO review_message (request_id, reviewer_id, stage, channel_id, message_ts) VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT (request_id, reviewer_id, stage) DO UPDATE SET channel_id = excluded.channel_id, message_ts = excluded.message_ts",
        m.requestId().toString(), m.reviewerId().toString(), m.stage(), m.channelId(), m.messageTs());
  }

  @Override
  public List<ReviewMessage> reviewMessages(UUID requestId) {
    try (Connection c = pool.getConnection();
        PreparedStatement s = c.prepareStatement(
            "SELECT request_id, reviewer_id, stage, channel_id, message_ts FROM review_message WHERE request_id = ? ORDER BY stage, reviewer_id")) {
      s.setString(1, requestId.toString());
      List<ReviewMessage> out = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(new ReviewMessage(UUID.fromString(r.getString(1)), UUID.fromString(r.getString(2)), r.getInt(3), r.getString(4), r.getString(5)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("reading review messages", e);
    }
  }

  @Override
  public boolean claimDecision(UUID requestId, int stage, UUID decidedBy, Instant at) {
    return update("INSERT INTO request_decision (request_id, stage, decided_by, decided_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
        requestId.toString(), stage, decidedBy.toString(), at.toEpochMilli()) == 1;
  }

  @Override
  public void releaseDecision(UUID requestId, int stage) {
    update("DELETE FROM request_decision WHERE request_id = ? AND stage = ?", requestId.toString(), stage);
  }

  private static final String REQUEST_COLUMNS =
      "SELECT request_id, target_group_id, requested_by_opal, requested_by_slack, status, created_at, ticket FROM access_request";

  private List<RequestRecord> requests(String sql, Object... args) {
    try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      List<RequestRecord> out = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(new RequestRecord(UUID.fromString(r.getString(1)), UUID.fromString(r.getString(2)), UUID.fromString(r.getString(3)),
              r.getString(4), r.getString(5), Instant.ofEpochMilli(r.getLong(6)), r.getString(7)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("reading requests", e);
    }
  }

  @Override
  public boolean isReachable() {
    try (Connection c = pool.getConnection()) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void close() {
    pool.close();
  }

  private int update(String sql, Object... args) {
    try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException(sql.substring(0, Math.min(40, sql.length())), e);
    }
  }

  private List<TrackedExpiry> query(String sql, Object... args) {
    try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      List<TrackedExpiry> out = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          long grantedAt = r.getLong(6);
          out.add(new TrackedExpiry(UUID.fromString(r.getString(1)), UUID.fromString(r.getString(2)), r.getString(3), r.getString(4),
              Instant.ofEpochMilli(r.getLong(5)), grantedAt == 0 ? java.util.Optional.empty() : java.util.Optional.of(Instant.ofEpochMilli(grantedAt))));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("reading tracked expiries", e);
    }
  }
}
