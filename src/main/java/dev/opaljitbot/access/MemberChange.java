package dev.opaljitbot.access;

import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.User;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The outcome of adding, extending or removing members: refused before anything was sent, or applied per person. */
public sealed interface MemberChange {

  /** Nothing was sent to Opal; {@code reason} says why. */
  record Refused(Refusal reason) implements MemberChange {}

  /** Opal was asked; each person's result is listed (some may have failed). */
  record Applied(Group group, List<PersonResult> people) implements MemberChange {
    public Applied {
      people = List.copyOf(people);
    }

    public boolean anyFailed() {
      return people.stream().anyMatch(p -> p.status() == PersonResult.Status.FAILED);
    }
  }

  /** Why a change was refused. */
  sealed interface Refusal {
    /** Only the group's leaders may do this. */
    record NotALeader(Group group, List<User> leaders) implements Refusal {
      public NotALeader {
        leaders = List.copyOf(leaders);
      }
    }

    /** The duration is longer than the group allows. */
    record TooLong(Group group, Duration requested, Duration maximum) implements Refusal {}

    /** The group has a maximum duration, so access cannot be indefinite. */
    record IndefiniteNotAllowed(Group group, Duration maximum) implements Refusal {}

    /** The person is not a member, so there is nothing to extend or remove. */
    record NotAMember(Group group, User user) implements Refusal {}

    /** Only the member may give their own access back ("I'm done" on a message about someone else). */
    record NotTheMember(Group group, User member) implements Refusal {}
  }

  /**
   * One person's result.
   *
   * @param expiresAt the access's end after the change; empty when indefinite or removed
   * @param detail for FAILED the cause in words; otherwise empty
   * @param previousEnd the end before the change, when there was one (extend, remove)
   * @param capped for EXTENDED: the end asked for lay beyond the group's maximum from now, so the maximum was used
   */
  record PersonResult(User user, Status status, Optional<Instant> expiresAt, Optional<Failure> failure, Optional<Instant> previousEnd,
      boolean capped) {
    public PersonResult(User user, Status status, Optional<Instant> expiresAt) {
      this(user, status, expiresAt, Optional.empty(), Optional.empty(), false);
    }

    /** Why Opal did not make the change ({@link Status#FAILED}): its HTTP status (0: no answer in time) and its message. */
    public record Failure(int status, Optional<String> opalMessage) {
      /** For logs and the audit line. */
      public String summary() {
        return (status == 0 ? "no answer" : "HTTP " + status) + opalMessage.map(m -> ": " + m).orElse("");
      }
    }

    /** What happened to this person's access. */
    public enum Status {
      ADDED,
      EXTENDED,
      REMOVED,
      /** Add: the person already had access; {@code expiresAt} is its end, left as it was. */
      ALREADY_MEMBER,
      /** Extend: the access has no end date, so there is nothing to extend; unchanged. */
      NO_END_DATE,
      /** Extend: the access already ends at or after the latest end the group allows; unchanged. */
      AT_MAXIMUM,
      /** Remove: the person had no access any more (it ended or was removed elsewhere); nothing to do. */
      ALREADY_GONE,
      /** Extend from a button: someone already extended from that end (or it moved); {@code expiresAt} is the end now. */
      ALREADY_EXTENDED,
      FAILED
    }

    /** True when Opal's access was changed for this person. */
    public boolean changedAccess() {
      return status == Status.ADDED || status == Status.EXTENDED || status == Status.REMOVED;
    }
  }
}
