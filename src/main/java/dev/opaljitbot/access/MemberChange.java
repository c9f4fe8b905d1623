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
  }

  /**
   * One person's result.
   *
   * @param expiresAt the access's new end; empty when indefinite or removed
   * @param detail for FAILED the cause in words; for ALREADY_MEMBER a hint
   */
  record PersonResult(User user, Status status, Optional<Instant> expiresAt, String detail) {
    /** What happened to this person's access. */
    public enum Status {
      ADDED,
      EXTENDED,
      REMOVED,
      ALREADY_MEMBER,
      FAILED
    }
  }
}
