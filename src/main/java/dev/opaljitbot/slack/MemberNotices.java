package dev.opaljitbot.slack;

import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;

import com.slack.api.model.block.LayoutBlock;
import dev.opaljitbot.access.MemberNotice;
import dev.opaljitbot.access.MembershipObserver;
import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.User;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Tells a member by DM when someone else added, extended or removed their access: who did it, the group,
 * the new end (or that it ended) and the reason given. Sent after the leader's answer, off their path.
 */
final class MemberNotices implements MembershipObserver {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MemberNotices.class);
  private final DirectMessages dms;
  private final Executor work;
  private final Clock clock;

  MemberNotices(DirectMessages dms, Executor work, Clock clock) {
    this.dms = dms;
    this.work = work;
    this.clock = clock;
  }

  @Override
  public void changed(Group group, User user, Optional<Instant> endsAt, boolean removed) {
    // Only whole notices (with who and why) are told; see changed(MemberNotice).
  }

  @Override
  public void changed(MemberNotice notice) {
    if (notice.bySelf()) {
      return;
    }
    List<LayoutBlock> message = message(notice);
    work.execute(() -> {
      try {
        dms.deliver(DirectMessages.Kind.MEMBER_NOTICE, notice.member(), message);
      } catch (RuntimeException e) {
        LOG.warn("could not tell {} of a change to their access to {}: {}", notice.member().email(), notice.group().groupId(), e.toString());
      }
    });
  }

  List<LayoutBlock> message(MemberNotice notice) {
    String by = "<@" + notice.by().slackUserId() + ">";
    String group = "*" + Messages.esc(notice.group().displayName()) + "*";
    Instant now = clock.instant();
    String what = switch (notice.result().status()) {
      case ADDED -> ":key: " + by + " gave you access to " + group + ": it " + SlackTime.ends(notice.endsAt(), now) + ".";
      case EXTENDED -> ":key: " + by + " extended your access to " + group + ": it now " + SlackTime.ends(notice.endsAt(), now)
          + notice.result().previousEnd().map(was -> " (was " + SlackTime.date(was) + ")").orElse("") + ".";
      case REMOVED -> ":lock: " + by + " removed your access to " + group + "; it has ended.";
      default -> "";
    };
    String reason = notice.reason().filter(r -> !r.isBlank()).map(r -> "\n*Reason:* " + Messages.esc(r.strip())).orElse("");
    return List.of(section(s -> s.text(markdownText(Messages.clip(what + reason, Messages.SECTION_TEXT_LIMIT)))));
  }
}
