package dev.opaljitbot.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.users.UsersInfoResponse;
import com.slack.api.methods.response.users.UsersLookupByEmailResponse;
import dev.opaljitbot.directory.SlackProfiles;
import java.util.Optional;

/** Slack's side of identity: a Slack user's e-mail ({@code users.info}) and the Slack user with an e-mail. */
public final class SlackWorkspace implements SlackProfiles {
  private final MethodsClient slack;

  public SlackWorkspace(MethodsClient slack) {
    this.slack = slack;
  }

  @Override
  public Optional<java.time.ZoneId> zoneOf(String slackUserId) {
    try {
      UsersInfoResponse response = slack.usersInfo(r -> r.user(slackUserId));
      if (!response.isOk()) {
        if ("user_not_found".equals(response.getError())) {
          return Optional.empty();
        }
        // Not cached as "no zone": the next lookup asks again.
        throw new IllegalStateException("Slack users.info failed: " + response.getError());
      }
      String tz = response.getUser() == null ? null : response.getUser().getTz();
      return tz == null || tz.isBlank() ? Optional.empty() : Optional.of(java.time.ZoneId.of(tz));
    } catch (java.io.IOException | com.slack.api.methods.SlackApiException e) {
      throw new IllegalStateException("Slack users.info failed: " + e.getMessage(), e);
    } catch (java.time.DateTimeException e) {
      return Optional.empty(); // a zone Java does not know: UTC, and the answer says so
    }
  }

  @Override
  public Optional<String> emailOf(String slackUserId) {
    try {
      UsersInfoResponse response = slack.usersInfo(r -> r.user(slackUserId));
      if (!response.isOk() || response.getUser() == null || response.getUser().getProfile() == null) {
        if ("user_not_found".equals(response.getError())) {
          return Optional.empty();
        }
        throw new IllegalStateException("Slack users.info failed: " + response.getError());
      }
      String email = response.getUser().getProfile().getEmail();
      return email == null || email.isBlank() ? Optional.empty() : Optional.of(email);
    } catch (java.io.IOException | com.slack.api.methods.SlackApiException e) {
      throw new IllegalStateException("Slack users.info failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<String> slackIdOf(String email) {
    try {
      UsersLookupByEmailResponse response = slack.usersLookupByEmail(r -> r.email(email));
      if (response.isOk() && response.getUser() != null) {
        return Optional.of(response.getUser().getId());
      }
      if ("users_not_found".equals(response.getError())) {
        return Optional.empty();
      }
      throw new IllegalStateException("Slack users.lookupByEmail failed: " + response.getError());
    } catch (java.io.IOException | com.slack.api.methods.SlackApiException e) {
      throw new IllegalStateException("Slack users.lookupByEmail failed: " + e.getMessage(), e);
    }
  }
}
