package dev.opaljitbot.reminders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opaljitbot.access.Actor;
import dev.opaljitbot.access.AuditEntry;
import dev.opaljitbot.access.DurationPolicy;
import dev.opaljitbot.access.GroupAccess;
import dev.opaljitbot.access.GroupLeaderPolicy;
import dev.opaljitbot.directory.DirectorySettings;
import dev.opaljitbot.directory.GroupDirectory;
import dev.opaljitbot.directory.SlackProfiles;
import dev.opaljitbot.directory.UserDirectory;
import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.User;
import dev.opaljitbot.sandbox.SandboxClock;
import dev.opaljitbot.store.BotStore;
import dev.opaljitbot.store.JdbcBotStore;
import dev.opaljitbot.testing.SandboxOpal;
import dev.opaljitbot.testing.SharedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.Optional;
import dev.opaljitbot.delivery.Delivery;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reminders before access ends and notices after, against the sandbox's Opal over HTTP. */
class ExpiryWatchTest {
  @TempDir Path dir;

  private final SandboxClock clock = new SandboxClock(Instant.parse("2026-11-24T08:00:00Z"), ZoneOffset.UTC);
  private final SandboxOpal opal = new SandboxOpal(clock);
  private final SlackProfiles noSlack = new SlackProfiles() {
    @Override public Optional<String> emailOf(String slackUserId) { return Optional.empty(); }
    @Override public Optional<String> slackIdOf(String email) { return Optional.empty(); }
  };
  private final GroupDirectory groups = new GroupDirectory(opal.client(), DirectorySettings.defaults(), clock, null, Runnable::run);
  private final UserDirectory users = new UserDirectory(opal.client(), noSlack, DirectorySettings.defaults(), clock, null, Runnable::run);
  private final List<String> sent = Collections.synchronizedList(new ArrayList<>());
  private final ExpiryNotifier notifier = new ExpiryNotifier() {
    @Override
    public Delivery remind(Reminder r) {
      if (slackRefuses) {
        refused.add("remind " + r.member().email() + " lead=" + r.lead().toHours() + "h");
        return new Delivery.Refused(Duration.ofSeconds(30), "HTTP 429");
      }
      sent.add("remind " + r.member().email() + " " + r.group().name() + " lead=" + r.lead().toHours() + "h leads=" + r.memberLeads());
      return new Delivery.Sent("D0" + r.member().fullName(), "ts" + sent.size());
    }

    @Override
    public void outdated(Delivery.Sent where, Group group, Instant remindedEnd, Optional<Instant> newEnd, boolean removed) {
      sent.add("outdated " + where.ts() + " " + group.name() + (removed ? " removed" : " now " + newEnd.orElse(null)));
    }

    @Override
    public void expired(Delivery.Sent where, Group group, Instant endedAt) {
      sent.add("expired " + where.ts() + " " + group.name());
    }

    @Override
    public void digest(Group group, User leader, List<DigestLine> lines) {
      sent.add("digest to " + leader.email() + ": " + lines.stream().map(l -> l.member().email()).toList());
    }

    @Override
    public void remindItem(ItemReminder r) {
      sent.add("item " + r.resourceName() + " of " + r.group().name() + " to " + r.leader().email() + " lead=" + r.lead().toHours() + "h");
    }

    @Override
    public Delivery ended(User member, Group group, Instant endedAt) {
      if (slackRefuses) {
        refused.add("ended " + member.email());
        return new Delivery.Refused(Duration.ZERO, "HTTP 500");
      }
      sent.add("ended " + member.email() + " " + group.name());
      return new Delivery.Sent("D0" + member.fullName(), "ts" + sent.size());
    }

    @Override
    public void gaveUp(String kind, Delivery last) {
      sent.add("gave up " + kind);
    }
  };
  /** While true, Slack refuses every reminder and ended notice. */
  private volatile boolean slackRefuses;
  private final List<String> refused = Collections.synchronizedList(new ArrayList<>());
  private final ReminderSettings settings =
      new ReminderSettings(List.of(Duration.ofHours(24), Duration.ofHours(1)), Duration.ofMinutes(5), 1000, true);

  private final User ada = opal.user("ada");
  private final User ben = opal.user("ben");
  private final User dev = opal.user("dev");
  private Group falcon;
  private BotStore store;

  @BeforeEach
  void organisation() {
    falcon = opal.group("Project Falcon", null, ada.userId());
    opal.addMember(falcon.groupId(), ben.userId(), Duration.ofHours(30));
    store = JdbcBotStore.open("jdbc:sqlite:" + dir.resolve("store.db"));
  }

  @AfterEach
  void close() {
    store.close();
    opal.close();
  }

  private ExpiryWatch watch(BotStore s) {
    return new ExpiryWatch(opal.client(), groups, users, s, notifier, new DurationPolicy(), settings, clock);
  }

  @Test
  void a_member_is_reminded_once_at_each_lead_time() {
    ExpiryWatch watch = watch(store);
    watch.runOnce();
    assertEquals(List.of(), sent, "30 h before the end: nothing yet");
    clock.advance(Duration.ofHours(6));
    watch.runOnce();
    watch.runOnce();
    assertEquals(List.of("remind ben@example.com Project Falcon lead=24h leads=false", "digest to ada@example.com: [ben@example.com]"), sent);
    clock.advance(Duration.ofHours(23));
    watch.runOnce();
    watch.runOnce();
    assertEquals("remind ben@example.com Project Falcon lead=1h leads=false", sent.get(2));
    assertEquals(3, sent.size());
  }

  @Test
  void no_reminder_is_sent_twice_after_a_restart() {
    clock.advance(Duration.ofHours(7));
    watch(store).runOnce();
    assertEquals(2, sent.size());
    store.close();
    store = JdbcBotStore.open("jdbc:sqlite:" + dir.resolve("store.db"));
    watch(store).runOnce();
    assertEquals(2, sent.size());
  }

  @Test
  void leaders_hear_once_per_lead_time_before_a_groups_access_to_a_resource_ends_also_across_a_restart() {
    UUID ledger = opal.resource("payments-ledger").resourceId();
    opal.grant(falcon.groupId(), ledger, Duration.ofHours(5));
    watch(store).runOnce();
    watch(store).runOnce();
    assertEquals(List.of("item payments-ledger of Project Falcon to ada@example.com lead=24h"),
        sent.stream().filter(s -> s.startsWith("item")).toList());
    store.close();
    store = JdbcBotStore.open("jdbc:sqlite:" + dir.resolve("store.db"));
    watch(store).runOnce();
    assertEquals(1, sent.stream().filter(s -> s.startsWith("item")).count(), "not again after a restart");

    clock.advance(Duration.ofHours(4).plusMinutes(10));
    watch(store).runOnce();
    assertEquals("item payments-ledger of Project Falcon to ada@example.com lead=1h",
        sent.stream().filter(s -> s.startsWith("item")).reduce((a, b) -> b).orElseThrow());

    // Renewed: the new end gets its own reminders; an end a leader let expire gets none.
    Instant renewed = clock.instant().plus(Duration.ofMinutes(30));
    opal.grant(falcon.groupId(), ledger, Duration.ofMinutes(30));
    new ReminderActions(store, groups, users,
        new GroupAccess(opal.client(), groups, users, new GroupLeaderPolicy(), new DurationPolicy(), entry -> {}, clock), clock)
        .letItemExpire(ada, falcon.groupId(), ledger, renewed);
    watch(store).runOnce();
    assertEquals(2, sent.stream().filter(s -> s.startsWith("item")).count(), "silenced: " + sent);
  }

  @Test
  void a_reminder_slack_refused_is_sent_once_after_it_recovers_not_before_its_retry_time_and_also_after_a_restart() {
    clock.advance(Duration.ofHours(7));
    slackRefuses = true;
    watch(store).runOnce();
    assertEquals(List.of("remind ben@example.com lead=24h"), refused);
    assertEquals(0, sent.stream().filter(s -> s.startsWith("remind")).count());

    slackRefuses = false;
    watch(store).retryDue();
    assertEquals(0, sent.stream().filter(s -> s.startsWith("remind")).count(), "not before its retry time (a minute at first)");

    store.close();
    store = JdbcBotStore.open("jdbc:sqlite:" + dir.resolve("store.db"));
    clock.advance(Duration.ofSeconds(61));
    watch(store).retryDue();
    watch(store).retryDue();
    watch(store).runOnce();
    assertEquals(List.of("remind ben@example.com Project Falcon lead=24h leads=false"),
        sent.stream().filter(s -> s.startsWith("remind")).toList(), "delivered once, by the restarted bot");
  }

  @Test
  void a_refused_reminder_whose_membership_was_removed_meanwhile_is_not_sent() {
    clock.advance(Duration.ofHours(7));
    slackRefuses = true;
    watch(store).runOnce();
    slackRefuses = false;
    opal.world().deleteGroupUser(falcon.groupId(), ben.userId());
    clock.advance(Duration.ofMinutes(2));
    watch(store).retryDue();
    watch(store).runOnce();
    assertEquals(List.of(), sent.stream().filter(s -> s.startsWith("remind")).toList());
  }

  @Test
  void a_refused_ended_notice_keeps_the_expiry_until_it_is_delivered() {
    watch(store).runOnce();
    clock.advance(Duration.ofHours(31));
    slackRefuses = true;
    watch(store).runOnce();
    assertEquals(List.of("ended ben@example.com"), refused);
    slackRefuses = false;
    clock.advance(Duration.ofMinutes(2));
    watch(store).retryDue();
    watch(store).runOnce();
    assertEquals(List.of("ended ben@example.com Project Falcon"), sent.stream().filter(s -> s.startsWith("ended")).toList());
  }

  @Test
  void a_notice_still_refused_a_day_later_is_given_up_and_counted() {
    watch(store).runOnce();
    clock.advance(Duration.ofHours(31));
    slackRefuses = true;
    for (int i = 0; i < 30; i++) {
      watch(store).runOnce();
      watch(store).retryDue();
      clock.advance(Duration.ofHours(1));
    }
    assertTrue(refused.size() >= 2 && refused.size() < 30, "tried again with backoff, not every pass: " + refused.size());
    assertEquals(List.of("gave up ended"), sent);
    int tries = refused.size();
    slackRefuses = false;
    watch(store).runOnce();
    watch(store).retryDue();
    assertEquals(tries, refused.size());
    assertEquals(List.of("gave up ended"), sent, "given up means not sent any more");
  }

  @Test
  void the_first_sweep_waits_for_the_index_being_loaded_at_start_up_instead_of_loading_it_again() throws Exception {
    java.util.concurrent.LinkedBlockingQueue<Runnable> background = new java.util.concurrent.LinkedBlockingQueue<>();
    GroupDirectory starting = new GroupDirectory(opal.client(), DirectorySettings.defaults(), clock, null, background::add);
    starting.warmUp(); // the load start-up begins, not yet run
    ExpiryWatch first = new ExpiryWatch(opal.client(), starting, users, store, notifier, new DurationPolicy(), settings, clock);
    CompletableFuture<ExpiryWatch.Pass> pass = CompletableFuture.supplyAsync(first::runOnce);
    background.take().run(); // the start-up load completes (the pass finds the index empty and waits for it)
    assertEquals(1, pass.get().groupsSwept());
    assertEquals(1, opal.faults().calls("GET", "/groups"), "every group read once, not twice");
  }

  @Test
  void two_bot_processes_sharing_postgresql_send_each_reminder_exactly_once() throws Exception {
    String url = SharedPostgres.newDatabase();
    clock.advance(Duration.ofHours(7));
    try (BotStore one = JdbcBotStore.open(url); BotStore two = JdbcBotStore.open(url)) {
      CompletableFuture<ExpiryWatch.Pass> a = CompletableFuture.supplyAsync(() -> watch(one).runOnce());
      CompletableFuture<ExpiryWatch.Pass> b = CompletableFuture.supplyAsync(() -> watch(two).runOnce());
      assertEquals(1, a.get().reminders() + b.get().reminders());
      assertEquals(1, a.get().digests() + b.get().digests());
    }
    assertEquals(2, sent.size(), sent.toString());
  }

  @Test
  void after_downtime_only_the_nearest_passed_lead_time_is_sent() {
    clock.advance(Duration.ofHours(29).plusMinutes(30));
    watch(store).runOnce();
    assertTrue(sent.contains("remind ben@example.com Project Falcon lead=1h leads=false"), sent.toString());
    assertEquals(1, sent.stream().filter(s -> s.startsWith("remind")).count());
  }

  @Test
  void an_expiry_that_passed_while_down_gets_no_reminder_but_an_ended_note() {
    watch(store).runOnce();
    clock.advance(Duration.ofHours(31));
    watch(store).runOnce();
    assertEquals(List.of("ended ben@example.com Project Falcon"), sent);
    assertTrue(store.tracked().isEmpty());
  }

  @Test
  void a_grant_shorter_than_a_lead_time_gets_only_the_reminders_shorter_than_itself() {
    GroupAccess access = new GroupAccess(opal.client(), groups, users, new GroupLeaderPolicy(), new DurationPolicy(), e -> {}, clock);
    access.observe(new ExpiryTracker(store, clock, notifier));
    ExpiryWatch watch = watch(store);
    access.add(new Actor("U0ADA", ada), falcon.groupId(), List.of(dev), new DurationPolicy.Requested.For(Duration.ofHours(2)), "",
        Optional.empty());
    watch.runOnce();
    assertTrue(sent.stream().noneMatch(s -> s.contains("dev@example.com")), "no 24 h reminder nor digest for a 2 h grant: " + sent);
    clock.advance(Duration.ofMinutes(65));
    watch.runOnce();
    assertEquals(1, sent.stream().filter(s -> s.equals("remind dev@example.com Project Falcon lead=1h leads=false")).count(), sent.toString());
    assertTrue(sent.stream().noneMatch(s -> s.startsWith("digest") && s.contains("dev@example.com")), sent.toString());
  }

  @Test
  void an_extension_by_a_leader_moves_the_reminders_to_the_new_end() {
    List<AuditEntry> audit = new ArrayList<>();
    GroupAccess access = new GroupAccess(opal.client(), groups, users, new GroupLeaderPolicy(), new DurationPolicy(), audit::add, clock);
    access.observe(new ExpiryTracker(store, clock, notifier));
    ExpiryWatch watch = watch(store);
    clock.advance(Duration.ofHours(29).plusMinutes(10));
    watch.runOnce();
    assertEquals(1, sent.stream().filter(s -> s.contains("lead=1h")).count());

    Instant oldEnd = store.trackedIn(falcon.groupId()).get(0).expiresAt();
    access.extend(new Actor("U0ADA", ada), falcon.groupId(), ben, new DurationPolicy.Requested.For(Duration.ofHours(3)));
    Instant newEnd = oldEnd.plus(Duration.ofHours(3));
    assertEquals(newEnd, store.trackedIn(falcon.groupId()).get(0).expiresAt());
    clock.advance(Duration.ofMinutes(55));
    watch.runOnce();
    assertEquals(1, sent.stream().filter(s -> s.contains("lead=1h")).count(), "the old end's hour passed unnoticed");
    clock.advance(Duration.ofHours(2).plusMinutes(10)); // 45 minutes before the new end
    watch.runOnce();
    assertEquals(2, sent.stream().filter(s -> s.contains("lead=1h")).count(), "the new end gets its own reminder");
  }

  @Test
  void let_it_expire_stops_further_reminders_for_that_expiry() {
    clock.advance(Duration.ofHours(7));
    ExpiryWatch watch = watch(store);
    watch.runOnce();
    store.silence(falcon.groupId(), ben.userId(), store.tracked().get(0).expiresAt(), clock.instant());
    clock.advance(Duration.ofHours(22).plusMinutes(30));
    watch.runOnce();
    assertEquals(0, sent.stream().filter(s -> s.contains("lead=1h")).count(), sent.toString());
  }

  @Test
  void a_membership_removed_in_opal_is_not_reminded() {
    watch(store).runOnce();
    assertEquals(1, store.tracked().size());
    opal.world().deleteGroupUser(falcon.groupId(), ben.userId());
    clock.advance(Duration.ofHours(7));
    // Even before the next sweep notices, the re-check with Opal before sending catches it.
    watch(store).notify(clock.instant());
    assertEquals(List.of(), sent);
    assertTrue(store.tracked().isEmpty());
  }

  @Test
  void a_leaders_digest_leaves_out_the_leaders_own_membership() {
    opal.addMember(falcon.groupId(), ada.userId(), Duration.ofHours(20));
    opal.addMember(falcon.groupId(), dev.userId(), Duration.ofHours(22));
    clock.advance(Duration.ofHours(7));
    watch(store).runOnce();
    assertEquals(List.of("digest to ada@example.com: [dev@example.com, ben@example.com]"),
        sent.stream().filter(s -> s.startsWith("digest")).toList());
    assertTrue(sent.contains("remind ada@example.com Project Falcon lead=24h leads=true"), sent.toString());
  }

  @Test
  void the_sweep_keeps_to_its_budget_of_opal_calls_per_second() {
    for (int i = 0; i < 24; i++) {
      opal.group("team-" + i, null);
    }
    groups.reloadNow();
    ReminderSettings slow = new ReminderSettings(settings.leadTimes(), settings.sweepInterval(), 50, true);
    ExpiryWatch watch = new ExpiryWatch(opal.client(), groups, users, store, notifier, new DurationPolicy(), slow, clock);
    long started = System.nanoTime();
    int[] result = watch.sweep();
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertEquals(25, result[0]);
    // 25 calls at 50 per second cannot take less than 24 intervals of 20 ms.
    assertTrue(millis >= 450, "25 calls took only " + millis + " ms");
  }

  @Test
  void a_group_that_fails_is_skipped_and_the_rest_are_swept() {
    Group other = opal.group("Other", null);
    opal.addMember(other.groupId(), dev.userId(), Duration.ofHours(2));
    groups.reloadNow();
    opal.membersUnreadable(falcon.groupId(), true);
    int[] result = watch(store).sweep();
    assertEquals(1, result[0]);
    assertEquals(1, result[1]);
    assertEquals(1, store.trackedIn(other.groupId()).size());
    opal.membersUnreadable(falcon.groupId(), false);
    assertEquals(2, watch(store).sweep()[0], "the failed group is tried again on the next pass");
    assertEquals(1, store.trackedIn(falcon.groupId()).size());
  }
}
