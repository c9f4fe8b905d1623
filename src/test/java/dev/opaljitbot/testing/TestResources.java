package dev.opaljitbot.testing;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;

/** Finds data the tests ship in {@code src/test/resources}, so no test reads a path outside the repository. */
public final class TestResources {
  private TestResources() {}

  /** The URI of a test resource; fails loudly naming the resource when it is missing. */
  public static URI uri(String name) {
    URL url = TestResources.class.getClassLoader().getResource(name);
    if (url == null) {
      throw new IllegalStateException("test resource " + name + " is missing from src/test/resources");
    }
    try {
      return url.toURI();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("test resource " + name + " has no usable URI: " + url, e);
    }
  }
}
