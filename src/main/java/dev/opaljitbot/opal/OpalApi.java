package dev.opaljitbot.opal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The Opal API operations the bot uses, named after Opal's operation ids. Listing methods return lazy
 * streams that fetch further pages only as they are consumed. Every failure is an {@link OpalException}.
 */
public interface OpalApi {

  /** {@code GET /groups}, all pages. */
  Stream<Group> getGroups(GroupQuery query);

  /** {@code GET /groups/{group_id}}; {@link OpalNotFoundException} when it does not exist. */
  Group getGroup(UUID groupId);

  /** {@code GET /groups/{group_id}/users}, all pages. */
  Stream<GroupUser> getGroupUsers(UUID groupId);

  /** {@code POST /groups/{group_id}/users/{user_id}}. Not retried: see the implementation. */
  GroupUser addGroupUser(UUID groupId, UUID userId, AccessDuration duration, String accessLevelRemoteId);

  /** {@code PUT /groups/{group_id}/users/{user_id}}: the access now ends {@code duration} from now. */
  GroupUser updateGroupUser(UUID groupId, UUID userId, AccessDuration duration, String accessLevelRemoteId);

  /** {@code DELETE /groups/{group_id}/users/{user_id}}. */
  void deleteGroupUser(UUID groupId, UUID userId, String accessLevelRemoteId);

  /** {@code GET /groups/users/{user_id}}: every group the user belongs to, all pages. */
  Stream<GroupUser> getUserGroups(UUID userId);

  /** {@code GET /groups/{group_id}/resources}. */
  List<GroupResource> getGroupResources(UUID groupId);

  /** {@code GET /groups/{group_id}/containing-groups}: the groups this group is a member of. */
  List<GroupContainingGroup> getContainingGroups(UUID groupId);

  /** {@code GET /requests/{id}/comments}: the request's comments, oldest first as Opal lists them. */
  List<RequestComment> getRequestComments(UUID requestId);

  /** {@code POST /requests/{id}/comments}: adds a comment to the request (as the token's user). */
  void createRequestComment(UUID requestId, String comment);

  /** {@code GET /delegations?delegator_user_id=…}: the review delegations a user made (any time; check {@link Delegation#isActiveAt}). */
  Stream<Delegation> getDelegations(UUID delegatorUserId);

  /** {@code GET /delegations?delegate_user_id=…}: the review delegations made to a user (any time). */
  Stream<Delegation> getDelegationsTo(UUID delegateUserId);

  /** {@code GET /groups/{group_id}/tags}: the tags applied to the group. */
  List<Tag> getGroupTags(UUID groupId);

  /** {@code GET /resources/{resource_id}/tags}: the tags applied to the resource. */
  List<Tag> getResourceTags(UUID resourceId);

  /** {@code DELETE /groups/{group_id}/containing-groups/{containing_group_id}}: the group leaves that group. */
  void deleteContainingGroup(UUID groupId, UUID containingGroupId);

  /** {@code GET /user?email=…}; empty when Opal has no such user. */
  Optional<User> getUserByEmail(String email);

  /** {@code GET /user?user_id=…}; empty when Opal has no such user. */
  Optional<User> getUserById(UUID userId);

  /** {@code GET /users}, all pages. */
  Stream<User> getUsers();

  /** {@code GET /resources?resource_name=…} (null for all), all pages. */
  Stream<Resource> getResources(String nameFilter);

  /** {@code GET /owners/{owner_id}/users}. */
  List<User> getOwnerUsers(UUID ownerId);

  /** {@code POST /requests}; returns the new request's id. Not retried: see the implementation. */
  UUID createRequest(CreateRequest request);

  /** {@code GET /requests/{id}}. */
  Request getRequest(UUID requestId);

  /** {@code GET /requests?show_pending_only=true}, all pages. */
  Stream<Request> getPendingRequests();

  /** {@code GET /requests?resource_id=…} (or {@code group_id=…}): requests for that item, any state. */
  Stream<Request> getRequestsForItem(boolean group, UUID itemId);

  /** {@code POST /requests/{id}/approve} with level REGULAR. */
  Request approveRequest(UUID requestId, String comment);

  /** {@code POST /requests/{id}/deny}; Opal requires the comment. */
  Request denyRequest(UUID requestId, String comment);
}
