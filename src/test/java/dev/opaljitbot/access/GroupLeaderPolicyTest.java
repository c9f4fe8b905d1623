package dev.opaljitbot.access;

import static dev.opaljitbot.access.Groups.group;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.opaljitbot.opal.Group;
import dev.opaljitbot.opal.User;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class GroupLeaderPolicyTest {
  private final GroupLeaderPolicy policy = new GroupLeaderPolicy();
  private final User ada = user("ada");
  private final User ben = user("ben");
  private final Group falcon = group("Project Falcon", 480, 120, 60, ada.userId());

  private static User user(String name) {
    return new User(UUID.nameUUIDFromBytes(name.getBytes()), name + "@example.com", name, name, "", "", "ACTIVE");
  }

  @Test
  void a_leader_may_manage_members() {
    assertInstanceOf(GroupLeaderPolicy.Decision.Allowed.class, policy.mayManageMembers(ada, falcon));
  }

  @Test
  void anyone_else_is_refused_and_the_refusal_carries_the_group_to_name_its_leaders() {
    GroupLeaderPolicy.Decision decision = policy.mayManageMembers(ben, falcon);
    assertEquals(new GroupLeaderPolicy.Decision.NotALeader(falcon), decision);
  }

  @Test
  void a_member_may_always_leave_but_not_remove_someone_else() {
    assertInstanceOf(GroupLeaderPolicy.Decision.Allowed.class, policy.mayLeave(ben, ben, falcon));
    assertInstanceOf(GroupLeaderPolicy.Decision.NotALeader.class, policy.mayLeave(ben, ada, falcon));
  }
}
