package dev.opaljitbot.directory;

import dev.opaljitbot.opal.Group;
import java.util.List;

/** What a typed group name or id resolves to. */
public sealed interface GroupMatch {
  /** Exactly one group. */
  record Found(Group group) implements GroupMatch {}

  /** Several groups fit; the person must say which. */
  record Ambiguous(List<Group> candidates) implements GroupMatch {
    public Ambiguous {
      candidates = List.copyOf(candidates);
    }
  }

  /** No group fits by id, name or prefix; {@code nearMisses} contain the text somewhere in their name. */
  record NotFound(List<Group> nearMisses) implements GroupMatch {
    public NotFound {
      nearMisses = List.copyOf(nearMisses);
    }
  }
}
