package dev.opaljitbot.store;

import dev.opaljitbot.plans.PlannedAdd;
import dev.opaljitbot.delivery.Delivery;
import dev.opaljitbot.delivery.OutboxMessage;

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
import java.time.Duration;
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
      if (!isCurrent(pool)) {
        Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
      }
    } catch (RuntimeException e) {
      pool.close();
      throw new IllegalStateException("the store at " + redact(jdbcUrl) + " could not be prepared: " + e.getMessage(), e);
    }
    return new JdbcBotStore(pool);
  }

  /** The newest migration in {@code db/migration} (a test keeps the two in step). */
  static final int SCHEMA_VERSION = 9;

  /**
   * Whether Flyway already applied every migration, all successfully: then starting Flyway (a third of a
   * second of the start-up, mostly loading it) is skipped. Anything else, including no history at all, goes
   * through Flyway, which applies, validates or refuses as it always does.
   */
  private static boolean isCurrent(HikariDataSource pool) {
    try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(
        "SELECT MAX(CAST(version AS INTEGER)), MIN(CASE WHEN success THEN 1 ELSE 0 END) FROM flyway_schema_history WHERE version IS NOT NULL");
        ResultSet r = s.executeQuery()) {
      return r.next() && r.getInt(1) == SCHEMA_VERSION && r.getInt(2) == 1;
    } catch (SQLException e) {
      return false; // no history table yet: a new database
    }
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

  // The sweep does not know when a membership was granted (0): it keeps what the bot recorded for the same end.
  // seen_at: when this end was last recorded.
  private static final String TRACK_SQL = "INSERT INTO tracked_expiry (group_id, user_id, group_name, user_email, expires_at, seen_at, granted_at)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?)"
      + " ON CONFLICT (group_id, user_id) DO UPDATE SET group_name = excluded.group_name, user_email = excluded.user_email,"
      + " granted_at = CASE WHEN excluded.granted_at = 0 AND excluded.expires_at = tracked_expiry.expires_at"
      + " THEN tracked_expiry.granted_at ELSE excluded.granted_at END,"
      + " expires_at = excluded.expires_at, seen_at = excluded.seen_at";

  private static Object[] trackArgs(TrackedExpiry e, Instant seenAt) {
    return new Object[] {e.groupId().toString(), e.userId().toString(), e.groupName(), e.userEmail(), e.expiresAt().toEpochMilli(),
        seenAt.toEpochMilli(), e.grantedAt().map(Instant::toEpochMilli).orElse(0L)};
  }

  @Override
  public void track(TrackedExpiry e, Instant seenAt) {
    update(TRACK_SQL, trackArgs(e, seenAt));
  }

  @Override
  public int recordSweep(UUID groupId, List<TrackedExpiry> timebound, Instant now) {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        java.util.Map<UUID, TrackedExpiry> known = new java.util.HashMap<>();
        try (PreparedStatement s = c.prepareStatement(
            "SELECT group_id, user_id, group_name, user_email, expires_at, granted_at FROM tracked_expiry WHERE group_id = ?")) {
          s.setString(1, groupId.toString());
          try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
              TrackedExpiry t = trackedExpiry(r);
              known.put(t.userId(), t);
            }
          }
        }
        int writes = 0;
        try (PreparedStatement upsert = c.prepareStatement(TRACK_SQL)) {
          for (TrackedExpiry t : timebound) {
            TrackedExpiry was = known.get(t.userId());
            if (was == null || was.expiresAt().toEpochMilli() != t.expiresAt().toEpochMilli() || !was.groupName().equals(t.groupName())
                || !was.userEmail().equals(t.userEmail())) {
              bind(upsert, trackArgs(t, now));
              upsert.addBatch();
              writes++;
            }
          }
          if (writes > 0) {
            upsert.executeBatch();
          }
        }
        java.util.Set<UUID> present = new java.util.HashSet<>();
        timebound.forEach(t -> present.add(t.userId()));
        int forgotten = 0;
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM tracked_expiry WHERE group_id = ? AND user_id = ?")) {
          for (TrackedExpiry was : known.values()) {
            // Gone before its end (removed, or made indefinite): forget it. Gone at its end: the ended notice needs it.
            if (!present.contains(was.userId()) && was.expiresAt().isAfter(now)) {
              bind(delete, groupId.toString(), was.userId().toString());
              delete.addBatch();
              forgotten++;
            }
          }
          if (forgotten > 0) {
            delete.executeBatch();
          }
        }
        c.commit();
        return writes + forgotten;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException("recording a sweep of group " + groupId, e);
    }
  }

  private static void bind(PreparedStatement s, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      s.setObject(i + 1, args[i]);
    }
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
  public void release(Notice n) {
    update("DELETE FROM sent_notice WHERE " + NOTICE_KEY, key(n));
  }

  private static final String NOTICE_KEY = "group_id = ? AND user_id = ? AND expires_at = ? AND kind = ? AND lead_minutes = ?";

  private static Object[] key(Notice n) {
    return new Object[] {n.groupId().toString(), n.userId().toString(), n.expiresAt().toEpochMilli(), n.kind().name(), (int) n.lead().toMinutes()};
  }

  @Override
  public boolean isClaimed(Notice n, Instant now) {
    return exists("SELECT 1 FROM sent_notice WHERE " + NOTICE_KEY
        + " AND NOT (state IN ('RETRY', 'SENDING') AND retry_at <= " + now.toEpochMilli() + ")", key(n));
  }

  @Override
  public Delivery.Claim claimDelivery(Notice n, Instant now) {
    // A new row, or a due retry / lapsed claim taken over in the same statement: one caller gets it, whichever
    // process asks (PostgreSQL re-checks the WHERE on the row it waited for).
    int taken = update("INSERT INTO sent_notice (group_id, user_id, expires_at, kind, lead_minutes, claimed_at, state, attempts, retry_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, 'SENDING', 1, ?)"
            + " ON CONFLICT (group_id, user_id, expires_at, kind, lead_minutes) DO UPDATE SET state = 'SENDING',"
            + " attempts = sent_notice.attempts + 1, retry_at = excluded.retry_at"
            + " WHERE sent_notice.state IN ('RETRY', 'SENDING') AND sent_notice.retry_at <= ?",
        n.groupId().toString(), n.userId().toString(), n.expiresAt().toEpochMilli(), n.kind().name(), (int) n.lead().toMinutes(),
        now.toEpochMilli(), now.plus(Delivery.SENDING_LEASE).toEpochMilli(), now.toEpochMilli());
    if (taken == 1) {
      return Delivery.Claim.YOURS;
    }
    return exists("SELECT 1 FROM sent_notice WHERE " + NOTICE_KEY + " AND state IN ('SENT', 'GAVE_UP')", key(n))
        ? Delivery.Claim.DONE : Delivery.Claim.WAITING;
  }

  @Override
  public Delivery.State settle(Notice n, Delivery outcome, Instant now) {
    return settleRow("sent_notice", NOTICE_KEY, key(n), outcome, now);
  }

  @Override
  public List<Notice> noticesDue(Instant now) {
    try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(
        "SELECT group_id, user_id, expires_at, kind, lead_minutes FROM sent_notice WHERE state IN ('RETRY', 'SENDING') AND retry_at <= ?"
            + " ORDER BY retry_at")) {
      s.setLong(1, now.toEpochMilli());
      List<Notice> out = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(new Notice(UUID.fromString(r.getString(1)), UUID.fromString(r.getString(2)), Instant.ofEpochMilli(r.getLong(3)),
              Notice.Kind.valueOf(r.getString(4)), Duration.ofMinutes(r.getInt(5))));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("reading notices due", e);
    }
  }

  /**
   * Settles one claimed row of a table with state, attempts, retry_at and claimed_at (the first attempt): sent,
   * due again after a refusal (backing off, given up after a day), or given up.
   */
  private Delivery.State settleRow(String table, String where, Object[] key, Delivery outcome, Instant now) {
    Delivery.State state;
    long retryAt = 0;
    if (outcome instanceof Delivery.Sent) {
      state = Delivery.State.SENT;
    } else if (outcome instanceof Delivery.Refused refused) {
      long[] row = attemptsAndFirstTry(table, where, key);
      boolean tooLate = row[1] > 0 && !now.isBefore(Instant.ofEpochMilli(row[1]).plus(Delivery.GIVE_UP_AFTER));
      state = tooLate ? Delivery.State.GAVE_UP : Delivery.State.RETRY;
      retryAt = Delivery.nextTry((int) row[0], refused.retryAfter(), now).toEpochMilli();
    } else {
      state = Delivery.State.GAVE_UP;
    }
    Object[] args = new Object[key.length + 2];
    args[0] = state.name();
    args[1] = retryAt;
    System.arraycopy(key, 0, args, 2, key.length);
    update("UPDATE " + table + " SET state = ?, retry_at = ? WHERE " + where, args);
    return state;
  }

  private long[] attemptsAndFirstTry(String table, String where, Object[] key) {
    try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement("SELECT attempts, claimed_at FROM " + table + " WHERE " + where)) {
      for (int i = 0; i < key.length; i++) {
        s.setObject(i + 1, key[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? new long[] {r.getInt(1), r.getLong(2)} : new long[] {1, 0};
      }
    } catch (SQLException e) {
      throw new StoreException("reading a delivery", e);
    }
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

  private static final String CARD_KEY = "request_id = ? AND reviewer_id = ? AND stage = ?";

  @Override
  public Delivery.Claim claimReviewCard(UUID requestId, UUID reviewerId, int stage, Instant now) {
    int taken = update("INSERT INTO review_message (request_id, reviewer_id, stage, channel_id, message_ts, state, attempts, retry_at, claimed_at)"
            + " VALUES (?, ?, ?, '', '', 'SENDING', 1, ?, ?)"
            + " ON CONFLICT (request_id, reviewer_id, stage) DO UPDATE SET state = 'SENDING',"
            + " attempts = review_message.attempts + 1, retry_at = excluded.retry_at"
            + " WHERE review_message.state IN ('RETRY', 'SENDING') AND review_message.retry_at <= ?",
        requestId.toString(), reviewerId.toString(), stage, now.plus(Delivery.SENDING_LEASE).toEpochMilli(), now.toEpochMilli(),
        now.toEpochMilli());
    if (taken == 1) {
      return Delivery.Claim.YOURS;
    }
    return exists("SELECT 1 FROM review_message WHERE " + CARD_KEY + " AND state IN ('SENT', 'GAVE_UP')",
        requestId.toString(), reviewerId.toString(), stage) ? Delivery.Claim.DONE : Delivery.Claim.WAITING;
  }

  @Override
  public Delivery.State settleReviewCard(UUID requestId, UUID reviewerId, int stage, Delivery outcome, Instant now) {
    Object[] key = {requestId.toString(), reviewerId.toString(), stage};
    if (outcome instanceof Delivery.Sent sent) {
      update("UPDATE review_message SET channel_id = ?, message_ts = ? WHERE " + CARD_KEY, sent.channelId(), sent.ts(), key[0], key[1], key[2]);
    }
    return settleRow("review_message", CARD_KEY, key, outcome, now);
  }

  private static final String PLAN_COLUMNS =
      "SELECT plan_id, group_id, user_id, planner_slack, planner_opal, starts_at, duration_minutes, reason, state FROM planned_add";

  @Override
  public void savePlan(PlannedAdd plan, Instant at) {
    update("INSERT INTO planned_add (plan_id, group_id, user_id, planner_slack, planner_opal, starts_at, duration_minutes, reason, state, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        plan.planId().toString(), plan.groupId().toString(), plan.userId().toString(), plan.plannerSlack(), plan.plannerOpal().toString(),
        plan.startsAt().toEpochMilli(), (int) plan.duration().toMinutes(), plan.reason(), plan.state().name(), at.toEpochMilli());
  }

  @Override
  public java.util.Optional<PlannedAdd> plan(UUID planId) {
    return plans(PLAN_COLUMNS + " WHERE plan_id = ?", planId.toString()).stream().findFirst();
  }

  @Override
  public List<PlannedAdd> plansInGroup(UUID groupId) {
    return plans(PLAN_COLUMNS + " WHERE group_id = ? AND state IN ('PLANNED', 'STARTING') ORDER BY starts_at", groupId.toString());
  }

  @Override
  public List<PlannedAdd> plansFor(UUID userId) {
    return plans(PLAN_COLUMNS + " WHERE user_id = ? AND state IN ('PLANNED', 'STARTING') ORDER BY starts_at", userId.toString());
  }

  @Override
  public List<PlannedAdd> plansDue(Instant now, java.time.Duration lease) {
    return plans(PLAN_COLUMNS + " WHERE (state = 'PLANNED' AND starts_at <= ?) OR (state = 'STARTING' AND updated_at <= ?) ORDER BY starts_at",
        now.toEpochMilli(), now.minus(lease).toEpochMilli());
  }

  @Override
  public boolean claimPlan(UUID planId, Instant now, java.time.Duration lease) {
    return update("UPDATE planned_add SET state = 'STARTING', updated_at = ? WHERE plan_id = ?"
            + " AND ((state = 'PLANNED' AND starts_at <= ?) OR (state = 'STARTING' AND updated_at <= ?))",
        now.toEpochMilli(), planId.toString(), now.toEpochMilli(), now.minus(lease).toEpochMilli()) == 1;
  }

  @Override
  public void settlePlan(UUID planId, PlannedAdd.State state, Instant now) {
    update("UPDATE planned_add SET state = ?, updated_at = ? WHERE plan_id = ?", state.name(), now.toEpochMilli(), planId.toString());
  }

  @Override
  public boolean cancelPlan(UUID planId, Instant now) {
    return update("UPDATE planned_add SET state = 'CANCELLED', updated_at = ? WHERE plan_id = ? AND state = 'PLANNED'",
        now.toEpochMilli(), planId.toString()) == 1;
  }

  private List<PlannedAdd> plans(String sql, Object... args) {
    try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      List<PlannedAdd> out = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(new PlannedAdd(UUID.fromString(r.getString(1)), UUID.fromString(r.getString(2)), UUID.fromString(r.getString(3)),
              r.getString(4), UUID.fromString(r.getString(5)), Instant.ofEpochMilli(r.getLong(6)), java.time.Duration.ofMinutes(r.getInt(7)),
              r.getString(8), PlannedAdd.State.valueOf(r.getString(9))));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("reading planned adds", e);
    }
  }

  @Override
  public boolean claimComment(UUID requestId, String key, Instant at) {
    return update("INSERT INTO request_comment (request_id, comment_key, claimed_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        requestId.toString(), key, at.toEpochMilli()) == 1;
  }

  @Override
  public boolean isCommentKnown(UUID requestId, String key) {
    return exists("SELECT 1 FROM request_comment WHERE request_id = ? AND comment_key = ?", requestId.toString(), key);
  }

  @Override
  public java.util.Optional<ReviewMessage> reviewMessageAt(String channelId, String messageTs) {
    try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(
        "SELECT request_id, reviewer_id, stage, channel_id, message_ts FROM review_message WHERE channel_id = ? AND message_ts = ?")) {
      s.setString(1, channelId);
      s.setString(2, messageTs);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? java.util.Optional.of(new ReviewMessage(UUID.fromString(r.getString(1)), UUID.fromString(r.getString(2)), r.getInt(3),
            r.getString(4), r.getString(5))) : java.util.Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreException("finding the card at " + channelId + "/" + messageTs + " failed", e);
    }
  }

  @Override
  public java.util.Optional<Instant> stageAskedAt(UUID requestId, int stage) {
    try (Connection c = pool.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT MIN(claimed_at) FROM review_message WHERE request_id = ? AND stage = ? AND claimed_at > 0")) {
      s.setString(1, requestId.toString());
      s.setInt(2, stage);
      try (ResultSet r = s.executeQuery()) {
        long at = r.next() ? r.getLong(1) : 0;
        return at > 0 ? java.util.Optional.of(Instant.ofEpochMilli(at)) : java.util.Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreException("reading when request " + requestId + " stage " + stage + " was asked failed", e);
    }
  }

  @Override
  public java.util.Optional<Instant> claimRequesterNudge(UUID requestId, Instant now, java.time.Duration every) {
    // One statement decides, in SQLite and in PostgreSQL (which re-checks the WHERE on the row it waited for).
    int taken = update("INSERT INTO requester_nudge (request_id, nudged_at) VALUES (?, ?)"
            + " ON CONFLICT (request_id) DO UPDATE SET nudged_at = excluded.nudged_at WHERE requester_nudge.nudged_at <= ?",
        requestId.toString(), now.toEpochMilli(), now.minus(every).toEpochMilli());
    if (taken == 1) {
      return java.util.Optional.empty();
    }
    try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement("SELECT nudged_at FROM requester_nudge WHERE request_id = ?")) {
      s.setString(1, requestId.toString());
      try (ResultSet r = s.executeQuery()) {
        return java.util.Optional.of(r.next() ? Instant.ofEpochMilli(r.getLong(1)).plus(every) : now);
      }
    } catch (SQLException e) {
      throw new StoreException("reading request " + requestId + "'s last nudge failed", e);
    }
  }

  @Override
  public void releaseRequesterNudge(UUID requestId, Instant claimedAt) {
    update("UPDATE requester_nudge SET nudged_at = 0 WHERE request_id = ? AND nudged_at = ?", requestId.toString(), claimedAt.toEpochMilli());
  }

  @Override
  public java.util.Set<Integer> stagesAsked(UUID requestId) {
    try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement("SELECT DISTINCT stage FROM review_message WHERE request_id = ?")) {
      s.setString(1, requestId.toString());
      java.util.Set<Integer> out = new java.util.TreeSet<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(r.getInt(1));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("reading review messages", e);
    }
  }

  @Override
  public void keep(OutboxMessage m) {
    update("INSERT INTO outbox (id, kind, recipient, fallback, blocks, state, attempts, created_at, retry_at) VALUES (?, ?, ?, ?, ?, 'RETRY', ?, ?, ?)",
        m.id().toString(), m.kind(), m.recipient(), m.fallbackText(), m.blocksJson(), m.attempts(), m.createdAt().toEpochMilli(),
        m.retryAt().toEpochMilli());
  }

  @Override
  public List<OutboxMessage> claimDueMessages(Instant now, int limit) {
    List<OutboxMessage> due = new ArrayList<>();
    try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(
        "SELECT id, kind, recipient, fallback, blocks, attempts, created_at, retry_at FROM outbox"
            + " WHERE state IN ('RETRY', 'SENDING') AND retry_at <= ? ORDER BY retry_at LIMIT " + Math.max(1, limit))) {
      s.setLong(1, now.toEpochMilli());
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          due.add(new OutboxMessage(UUID.fromString(r.getString(1)), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
              r.getInt(6), Instant.ofEpochMilli(r.getLong(7)), Instant.ofEpochMilli(r.getLong(8))));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("reading the outbox", e);
    }
    List<OutboxMessage> mine = new ArrayList<>();
    for (OutboxMessage m : due) {
      // Taken only if still due: another process may have claimed it since the SELECT.
      if (update("UPDATE outbox SET state = 'SENDING', attempts = attempts + 1, retry_at = ? WHERE id = ? AND state IN ('RETRY', 'SENDING')"
          + " AND retry_at <= ?", now.plus(Delivery.SENDING_LEASE).toEpochMilli(), m.id().toString(), now.toEpochMilli()) == 1) {
        mine.add(new OutboxMessage(m.id(), m.kind(), m.recipient(), m.fallbackText(), m.blocksJson(), m.attempts() + 1, m.createdAt(),
            now.plus(Delivery.SENDING_LEASE)));
      }
    }
    return mine;
  }

  @Override
  public Delivery.State settleMessage(OutboxMessage m, Delivery outcome, Instant now) {
    if (outcome instanceof Delivery.Refused refused && now.isBefore(m.createdAt().plus(Delivery.GIVE_UP_AFTER))) {
      update("UPDATE outbox SET state = 'RETRY', retry_at = ? WHERE id = ?",
          Delivery.nextTry(m.attempts(), refused.retryAfter(), now).toEpochMilli(), m.id().toString());
      return Delivery.State.RETRY;
    }
    update("DELETE FROM outbox WHERE id = ?", m.id().toString());
    return outcome instanceof Delivery.Sent ? Delivery.State.SENT : Delivery.State.GAVE_UP;
  }

  @Override
  public List<ReviewMessage> reviewMessages(UUID requestId) {
    try (Connection c = pool.getConnection();
        PreparedStatement s = c.prepareStatement(
            "SELECT request_id, reviewer_id, stage, channel_id, message_ts FROM review_message WHERE request_id = ? AND state = 'SENT'"
                + " AND message_ts <> '' ORDER BY stage, reviewer_id")) {
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

  private static TrackedExpiry trackedExpiry(ResultSet r) throws SQLException {
    long grantedAt = r.getLong(6);
    return new TrackedExpiry(UUID.fromString(r.getString(1)), UUID.fromString(r.getString(2)), r.getString(3), r.getString(4),
        Instant.ofEpochMilli(r.getLong(5)), grantedAt == 0 ? java.util.Optional.empty() : java.util.Optional.of(Instant.ofEpochMilli(grantedAt)));
  }

  private List<TrackedExpiry> query(String sql, Object... args) {
    try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      List<TrackedExpiry> out = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(trackedExpiry(r));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("reading tracked expiries", e);
    }
  }
}
