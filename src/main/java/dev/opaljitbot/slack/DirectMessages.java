package dev.opaljitbot.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.conversations.ConversationsOpenResponse;
import com.slack.api.model.block.LayoutBlock;
import dev.opaljitbot.directory.UserDirectory;
import dev.opaljitbot.opal.User;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends DMs to Opal users through their Slack accounts (found by e-mail). */
final class DirectMessages {
  private static final Logger LOG = LoggerFactory.getLogger(DirectMessages.class);

  private final MethodsClient slack;
  private final UserDirectory users;

  DirectMessages(MethodsClient slack, UserDirectory users) {
    this.slack = slack;
    this.users = users;
  }

  /** Sends to the Opal user's Slack account; false when they have none or Slack refused. */
  boolean send(User to, List<LayoutBlock> blocks) {
    return postTo(to, blocks).isPresent();
  }

  /** Sends to the Opal user's Slack account and returns where it landed (channel, ts). */
  Optional<String[]> postTo(User to, List<LayoutBlock> blocks) {
    Optional<String> slackId = slackIdOf(to);
    if (slackId.isEmpty()) {
      LOG.info("no Slack account for {}: message not sent", to.email());
      return Optional.empty();
    }
    return post(slackId.get(), blocks);
  }

  /** The person's Slack account; a failed Slack lookup is logged and counts as none (the message is not sent). */
  private Optional<String> slackIdOf(User to) {
    try {
      return users.slackIdOf(to.email());
    } catch (RuntimeException e) {
      LOG.warn("Slack account of {} could not be looked up: {}", to.email(), e.toString());
      return Optional.empty();
    }
  }

  boolean sendToSlackUser(String slackUserId, List<LayoutBlock> blocks) {
    return post(slackUserId, blocks).isPresent();
  }

  /** Sends and returns where the message landed (channel, ts), to update it later. */
  Optional<String[]> post(String slackUserId, List<LayoutBlock> blocks) {
    try {
      ConversationsOpenResponse dm = SlackCalls.withRetries("conversations.open", () -> slack.conversationsOpen(r -> r.users(List.of(slackUserId))));
      if (!dm.isOk()) {
        LOG.warn("conversations.open for {} failed: {}", slackUserId, dm.getError());
        return Optional.empty();
      }
      ChatPostMessageResponse posted = SlackCalls.withRetries("chat.postMessage", () -> slack.chatPostMessage(r -> r.channel(dm.getChannel().getId())
          .text(Replies.fallbackText(blocks)).blocks(blocks)));
      if (!posted.isOk()) {
        LOG.warn("chat.postMessage to {} failed: {} {}", slackUserId, posted.getError(), posted.getResponseMetadata());
        return Optional.empty();
      }
      return Optional.of(new String[] {posted.getChannel(), posted.getTs()});
    } catch (Exception e) {
      LOG.warn("DM to {} failed: {}", slackUserId, e.toString());
      return Optional.empty();
    }
  }

  /** Replaces a message the bot sent (chat.update). */
  void update(String channelId, String ts, List<LayoutBlock> blocks) {
    try {
      var response = SlackCalls.withRetries("chat.update",
          () -> slack.chatUpdate(r -> r.channel(channelId).ts(ts).text(Replies.fallbackText(blocks)).blocks(blocks)));
      if (!response.isOk()) {
        LOG.warn("chat.update failed: {} {}", response.getError(), response.getResponseMetadata());
      }
    } catch (Exception e) {
      LOG.warn("chat.update failed: {}", e.toString());
    }
  }
}
