package dev.opaljitbot.approvals;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.opaljitbot.opal.OpalApi;
import dev.opaljitbot.opal.OpalException;
import dev.opaljitbot.opal.Request;
import dev.opaljitbot.opal.RequestedItem;
import dev.opaljitbot.opal.Tag;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a request is reviewed besides its reviewers' DMs: for each requested item, the channel named by the
 * item's Opal tag ({@code tagKey}, value a channel id), else the default channel, else none. Configured in
 * Opal itself, where admins already describe their items.
 */
public final class ReviewChannels {
  private static final Logger LOG = LoggerFactory.getLogger(ReviewChannels.class);
  /** A Slack public or private channel id; anything else in the tag is a typo to report, not to post to. */
  private static final Pattern CHANNEL_ID = Pattern.compile("[CG][A-Z0-9]{6,}");
  /** Tags change rarely; the request poll asks every minute, so each item's tags are read at most every 5 minutes. */
  private static final Duration TAGS_FRESH_FOR = Duration.ofMinutes(5);

  private final OpalApi opal;
  private final String tagKey;
  private final Optional<String> fallback;
  private final Cache<UUID, Optional<String>> byItem = Caffeine.newBuilder().expireAfterWrite(TAGS_FRESH_FOR).maximumSize(10_000).build();

  /**
   * @param tagKey the tag whose value names an item's review channel
   * @param fallback the channel for items without that tag; empty: DMs only
   */
  public ReviewChannels(OpalApi opal, String tagKey, Optional<String> fallback) {
    this.opal = opal;
    this.tagKey = tagKey;
    this.fallback = fallback;
  }

  /** The channels where the request's card goes, each once, in item order. */
  public List<String> of(Request request) {
    Set<String> channels = new LinkedHashSet<>();
    for (RequestedItem item : request.requestedItemsList()) {
      channelOf(item).or(() -> fallback).ifPresent(channels::add);
    }
    return List.copyOf(channels);
  }

  private Optional<String> channelOf(RequestedItem item) {
    UUID id = item.resourceId() != null ? item.resourceId() : item.groupId();
    if (id == null) {
      return Optional.empty();
    }
    Optional<String> cached = byItem.getIfPresent(id);
    if (cached != null) {
      return cached;
    }
    List<Tag> tags;
    try {
      tags = item.resourceId() != null ? opal.getResourceTags(id) : opal.getGroupTags(id);
    } catch (OpalException e) {
      // The DMs go out regardless; the channel is tried again on the next poll (nothing cached).
      LOG.warn("tags of {} could not be read ({}); its review channel is not known now", id, e.getMessage());
      return Optional.empty();
    }
    Optional<String> channel = tags.stream().filter(t -> tagKey.equals(t.key())).map(Tag::value).findFirst()
        .map(String::strip).filter(v -> {
          boolean ok = CHANNEL_ID.matcher(v).matches();
          if (!ok) {
            LOG.warn("tag {} on {} is \"{}\", not a channel id such as C0123ABCD; ignored", tagKey, id, v);
          }
          return ok;
        });
    byItem.put(id, channel);
    return channel;
  }
}
